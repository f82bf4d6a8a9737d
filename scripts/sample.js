// `npm run sample`: the audit on the built-in sample data. Ingests samples/ into a temporary
// database, prints the audit report, then removes the database. (`node dist/cli/main.js demo`
// runs the same audit on the bigger demo workload and writes an HTML report.)
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = ["audit", "samples"];
console.error(`$ spendtrail ${args.join(" ")}`);
const result = spawnSync(process.execPath, ["dist/cli/main.js", ...args], { cwd: root, stdio: "inherit" });
process.exitCode = result.status ?? 1;
