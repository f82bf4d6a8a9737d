// Audit benchmark: the whole `spendtrail audit` (ingest + analyses + report) of a generated
// workload against the engine's bare parse of the same bytes. `npm run bench` runs it after the
// ingest bench; alone: `node bench/run.js audit --calls 250000` (several sizes: `--calls
// 250000,1000000`; the linearity line compares the first and the last). Each measurement is a
// child process (bench/audit-child.js), so its peak RSS and CPU time are its own.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AUDIT_FILES, writeAuditWorkload } from "./audit-workload.js";

const OUT = fileURLToPath(new URL("./out/", import.meta.url));
const CHILD = fileURLToPath(new URL("./audit-child.js", import.meta.url));
const AUDIT_PHASES = [
  "ingest traces",
  "ingest rows",
  "ingest keys/teams",
  "normalise",
  "audit analyses",
  "findings",
  "report build",
  "render",
];

function option(argv, name, fallback) {
  const at = argv.indexOf(`--${name}`);
  return at === -1 ? fallback : argv[at + 1];
}

/** The workload for `calls`, generated once and cached under bench/out/. */
async function workload(calls) {
  const dir = join(OUT, `audit-${calls}`);
  const marker = join(dir, "workload.json");
  if (!existsSync(marker)) {
    mkdirSync(dir, { recursive: true });
    process.stderr.write(`generating ${dir} ...\n`);
    writeFileSync(marker, JSON.stringify(await writeAuditWorkload(dir, calls)));
  }
  return { dir, ...JSON.parse(readFileSync(marker, "utf8")) };
}

function measure(phase, dir) {
  const out = execFileSync(process.execPath, [CHILD, phase, dir], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split("\n").pop());
}

const sum = (phases, pick) => Object.values(phases).reduce((n, p) => n + pick(p), 0);
const fmt = (x) => x.toFixed(2).padStart(8);

function report(w, bare, audit) {
  const mb = AUDIT_FILES.reduce((n, f) => n + statSync(join(w.dir, f)).size, 0) / 1e6;
  const bareWall = sum(bare.phases, (p) => p.seconds);
  const bareCpu = sum(bare.phases, (p) => p.cpu);
  const wall = sum(audit.phases, (p) => p.seconds);
  const cpu = sum(audit.phases, (p) => p.cpu);
  console.log(
    `${w.calls.toLocaleString("en-US")} calls: ${w.spans.toLocaleString("en-US")} spans, ${w.rows.toLocaleString("en-US")} gateway rows, ${mb.toFixed(0)} MB; ${audit.calls.toLocaleString("en-US")} calls merged, ${audit.issues} issues`,
  );
  console.log(`  ${"phase".padEnd(18)}    wall s     cpu s`);
  for (const [name, p] of Object.entries(bare.phases)) {
    console.log(`  ${`bare ${name}`.padEnd(18)}${fmt(p.seconds)}  ${fmt(p.cpu)}`);
  }
  for (const name of AUDIT_PHASES) {
    const p = audit.phases[name] ?? { seconds: 0, cpu: 0 };
    console.log(`  ${name.padEnd(18)}${fmt(p.seconds)}  ${fmt(p.cpu)}`);
  }
  console.log(
    `  ${"audit total".padEnd(18)}${fmt(wall)}  ${fmt(cpu)}   (process: ${audit.seconds.toFixed(2)} s wall, ${audit.cpu.toFixed(2)} s cpu)`,
  );
  console.log(
    `  audit / bare parse: ${(wall / bareWall).toFixed(1)}x wall, ${(cpu / bareCpu).toFixed(1)}x cpu (target 1.3x); peak RSS audit ${audit.rssMb.toFixed(0)} MB, bare ${bare.rssMb.toFixed(0)} MB (target 2500 MB)`,
  );
  console.log("  slowest statements:");
  for (const s of audit.slowest.slice(0, 5)) console.log(`    ${fmt(s.seconds)} s  ${s.what}`);
  const load = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
  console.log(
    `  (load average ${load} on ${os.availableParallelism()} cores: cpu seconds are the steadier figure)`,
  );
  return { calls: w.calls, wall, cpu, rssMb: audit.rssMb };
}

/** Runs the audit benchmark for each size in `--calls` (default 250000,1000000). */
export async function auditBench(argv = process.argv) {
  mkdirSync(OUT, { recursive: true });
  const sizes = String(option(argv, "calls", "250000,1000000"))
    .split(",")
    .map(Number);
  const results = [];
  for (const calls of sizes) {
    const w = await workload(calls);
    results.push(report(w, measure("bare", w.dir), measure("audit", w.dir)));
  }
  if (results.length > 1) {
    const [a, b] = [results[0], results.at(-1)];
    const per = (r, k) => r[k] / r.calls;
    console.log(
      `linearity ${a.calls} -> ${b.calls} calls: per-call cost ${(per(b, "wall") / per(a, "wall")).toFixed(2)}x wall, ${(per(b, "cpu") / per(a, "cpu")).toFixed(2)}x cpu (1.00 = linear); peak RSS ${a.rssMb.toFixed(0)} -> ${b.rssMb.toFixed(0)} MB`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await auditBench();
