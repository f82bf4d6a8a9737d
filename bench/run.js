// Ingest benchmark: OTLP/JSON lines into otel_traces, against the engine's bare parse of the
// same file. Run with `npm run bench` (builds first) or `node bench/run.js --spans 200000`;
// `npm run bench` then runs the audit benchmark (bench/audit.js, alone: `node bench/run.js audit`).
// Each measurement runs in its own process (chdb allows one data directory per process, and
// peak RSS must not carry over from one measurement to the next).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { generate } from "./generate.js";

const OUT = fileURLToPath(new URL("./out/", import.meta.url));
const SELF = fileURLToPath(import.meta.url);

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : process.argv[at + 1];
}

/** Peak resident memory of this process (VmHWM), in MB. */
function peakRssMb() {
  const status = readFileSync("/proc/self/status", "utf8");
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? process.resourceUsage().maxRSS);
  return kb / 1024;
}

/** CPU seconds (user + system) this process has used so far: robust to a busy machine. */
function cpuSeconds() {
  const usage = process.resourceUsage();
  return (usage.userCPUTime + usage.systemCPUTime) / 1e6;
}

/** The engine's own parse and flatten of every span, nothing stored (the floor for ingest). */
async function bare(file) {
  const { ChdbEngine, sql } = await import("../dist/engine/index.js");
  const engine = await ChdbEngine.open({ dir: `${OUT}db-bare-${process.pid}` });
  const mapping = readFileSync(new URL("../dist/engine/sql/otlp_json.sql", import.meta.url), "utf8");
  // The exact JSON type the mapping parses with, so both sides parse the same structure.
  const type = /JSONExtract\(line, 'resourceSpans', '([\s\S]*?)'\) AS resource_spans_list/.exec(mapping)?.[1];
  const started = performance.now();
  const cpu = cpuSeconds();
  const [row] = await engine.query(
    sql(
      `SELECT count() AS spans, sum(length(span.attributes)) AS attributes
      FROM (SELECT JSONExtract(line, 'resourceSpans', '${type}') AS rs
            FROM file({path:String}, 'LineAsString', 'line String'))
      ARRAY JOIN rs AS r ARRAY JOIN r.scopeSpans AS ss ARRAY JOIN ss.spans AS span
      SETTINGS storage_file_read_method = 'pread'`,
      { path: file },
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuUsed = cpuSeconds() - cpu;
  await engine.close();
  return { seconds, cpu: cpuUsed, spans: Number(row.spans), rssMb: peakRssMb() };
}

/** spendtrail's ingest through the detected reader into otel_traces. */
async function ingest(file) {
  const { ChdbEngine, sql } = await import("../dist/engine/index.js");
  const { openInput } = await import("../dist/formats/source.js");
  const { detectFormat } = await import("../dist/formats/registry.js");
  const { loadOtlpJson } = await import("../dist/ingest/otlp-json.js");
  const engine = await ChdbEngine.open({ dir: `${OUT}db-ingest-${process.pid}` });
  const started = performance.now();
  const cpu = cpuSeconds();
  const input = await openInput(file);
  const reader = detectFormat(input.sample);
  const issues = [];
  const none = async () => {};
  const sink = {
    spans: none,
    gatewayRows: none,
    gatewayKeys: none,
    gatewayTeams: none,
    issue: (i) => issues.push(i),
    async otlpJson(source) {
      const result = await loadOtlpJson(engine, source, { file, keepContent: false });
      issues.push(...result.issues);
      return result.counts;
    },
  };
  const counts = await reader.read(input, sink);
  const seconds = (performance.now() - started) / 1000;
  const cpuUsed = cpuSeconds() - cpu;
  const [row] = await engine.query(sql("SELECT count() AS n FROM otel_traces"));
  await engine.close();
  return {
    seconds,
    cpu: cpuUsed,
    spans: Number(row.n),
    read: counts.read,
    issues: issues.length,
    reader: reader.id,
    rssMb: peakRssMb(),
  };
}

function measure(phase, file) {
  const out = execFileSync(process.execPath, [SELF, "--phase", phase, "--file", file], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop());
}

async function fileFor(spans) {
  const path = `${OUT}otlp-${spans}.jsonl`;
  if (!existsSync(path)) {
    process.stderr.write(`generating ${path} ...\n`);
    await generate(path, spans);
  }
  return path;
}

function report(label, file, bareRun, ingestRun) {
  const mb = statSync(file).size / 1e6;
  const row = (name, r) =>
    `  ${name.padEnd(7)} ${r.seconds.toFixed(2).padStart(6)} s  ${Math.round(r.spans / r.seconds)
      .toLocaleString("en-US")
      .padStart(
        9,
      )} spans/s  ${(mb / r.seconds).toFixed(0).padStart(4)} MB/s  cpu ${r.cpu.toFixed(2)} s  peak RSS ${r.rssMb.toFixed(0)} MB`;
  console.log(
    `${label}: ${ingestRun.spans.toLocaleString("en-US")} spans, ${mb.toFixed(0)} MB (${ingestRun.reader})`,
  );
  console.log(row("bare", bareRun));
  console.log(row("ingest", ingestRun));
  const ratio = (a, b) => (a / b).toFixed(2);
  console.log(
    `  ingest / bare parse: ${ratio(ingestRun.seconds, bareRun.seconds)}x wall, ${ratio(ingestRun.cpu, bareRun.cpu)}x cpu`,
  );
  const load = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
  console.log(
    `  (load average ${load} on ${os.availableParallelism()} cores: wall times are only as good as the machine is idle)`,
  );
  if (ingestRun.spans !== bareRun.spans || ingestRun.issues > 0) {
    console.log(
      `  MISMATCH: bare ${bareRun.spans} spans, stored ${ingestRun.spans}, ${ingestRun.issues} issues`,
    );
  }
}

async function main() {
  const phase = option("phase", null);
  if (phase !== null) {
    const file = option("file", "");
    console.log(JSON.stringify(phase === "bare" ? await bare(file) : await ingest(file)));
    rmSync(`${OUT}db-${phase}-${process.pid}`, { recursive: true, force: true });
    return;
  }
  mkdirSync(OUT, { recursive: true });
  const spans = Number(option("spans", "1000000"));
  const sizes = process.argv.includes("--no-linearity") ? [spans] : [spans, spans * 2];
  const results = [];
  for (const size of sizes) {
    const file = await fileFor(size);
    const bareRun = measure("bare", file);
    const ingestRun = measure("ingest", file);
    report(`${size.toLocaleString("en-US")} spans`, file, bareRun, ingestRun);
    results.push(ingestRun);
  }
  if (results.length === 2) {
    const [a, b] = results;
    const perSpan = (r) => r.seconds / r.spans;
    const perCpu = (r) => r.cpu / r.spans;
    console.log(
      `linearity: per-span cost at 2N / at N = ${(perSpan(b) / perSpan(a)).toFixed(2)} wall, ${(perCpu(b) / perCpu(a)).toFixed(2)} cpu; peak RSS ${a.rssMb.toFixed(0)} -> ${b.rssMb.toFixed(0)} MB`,
    );
  }
}

// `node bench/run.js audit [--calls N]`: only the audit benchmark (bench/audit.js).
if (process.argv[2] === "audit") {
  const { auditBench } = await import("./audit.js");
  await auditBench();
} else {
  await main();
  // After the ingest bench, the audit bench (not inside a measured child).
  if (option("phase", null) === null) {
    const { auditBench } = await import("./audit.js");
    await auditBench();
  }
}
