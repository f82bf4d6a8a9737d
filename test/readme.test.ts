import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatsMarkdown } from "../src/cli/help.js";
import { COMMANDS } from "../src/cli/options.js";
import { READERS } from "../src/formats/registry.js";

const README = new URL("../README.md", import.meta.url);
const START = "<!-- formats:start -->\n";
const END = "<!-- formats:end -->";

/** The formats section of the README; `UPDATE_README=1 npx vitest run test/readme.test.ts` regenerates it. */
function formatsSection(text: string): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  expect(start, "README has the formats markers").toBeGreaterThan(-1);
  return text.slice(start + START.length, end);
}

describe("README", () => {
  const text = readFileSync(README, "utf8");

  it("starts with the two set-up commands in one code block", () => {
    expect(text.split("\n").slice(0, 4)).toEqual([
      "```sh",
      "npm install && npm run build && node dist/cli/main.js demo",
      "npm install && npm test",
      "```",
    ]);
  });

  it("lists every registered reader id, in a table generated from the registry", () => {
    const expected = `${formatsMarkdown()}\n`;
    if (process.env.UPDATE_README === "1" && formatsSection(text) !== expected) {
      writeFileSync(README, text.replace(`${START}${formatsSection(text)}`, `${START}${expected}`));
      return;
    }
    const section = formatsSection(text);
    for (const id of Object.keys(READERS)) expect(section).toMatch(new RegExp(`^\\| \`${id}\` +\\|`, "m"));
    expect(section).toBe(expected);
  });

  it("documents every command with its synopsis", () => {
    for (const name of Object.keys(COMMANDS)) expect(text).toContain(`spendtrail ${name} `);
  });

  it("keeps .ci/run to the README's test command plus lint, with Chromium for the HTML report test", () => {
    const ci = readFileSync(new URL("../.ci/run", import.meta.url), "utf8");
    const commands = ci
      .split("\n")
      .filter((l) => l.trim() !== "" && !l.startsWith("#") && !l.startsWith("set ") && !l.startsWith("cd "));
    expect(commands).toEqual([
      "command -v chromium || (apt-get update && apt-get install -y chromium)",
      "npm install",
      "npm run lint",
      "npm test",
    ]);
  });
});
