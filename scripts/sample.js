// `npm run sample`: the main job on the built-in sample data. Ingests samples/ into a
// temporary database, lists the normalised calls, then removes the database.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const db = mkdtempSync(join(tmpdir(), "spendtrail-sample-"));
const steps = [
  ["ingest", "samples", "--db", db],
  ["calls", "--db", db],
];
try {
  for (const args of steps) {
    console.error(`$ spendtrail ${args.join(" ")}`);
    const result = spawnSync(process.execPath, ["dist/cli/main.js", ...args], {
      cwd: root,
      stdio: "inherit",
    });
    if (result.status !== 0) {
      process.exitCode = result.status ?? 1;
      break;
    }
  }
} finally {
  rmSync(db, { recursive: true, force: true });
}
