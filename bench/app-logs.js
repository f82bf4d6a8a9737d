// App log benchmark: an NDJSON log of mixed loggers (pino, winston, structlog, plain lines)
// read through the app-log-ndjson reader into the engine's `app_logs` table. Shows the reader
// streams: peak RSS stays flat as the file grows. Run after `npm run build`:
//   node bench/app-logs.js --mb 200      (and --mb 1000 for the 1 GB figure)
// The measurement runs in its own process so peak RSS is the reader's alone.

import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { seeded } from "./seeded.js";

const OUT = fileURLToPath(new URL("./out/", import.meta.url));
const SELF = fileURLToPath(import.meta.url);

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : process.argv[at + 1];
}

/** Peak resident memory of this process (VmHWM), in MB. */
function peakRssMb() {
  const status = readFileSync("/proc/self/status", "utf8");
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const { random, pick, hex } = seeded(7);
const TENANTS = ["acme-corp", "globex", "initech", "umbrella", "hooli"];
const SERVICES = ["chat-api", "search-worker", "billing-sync", "planner"];

/** One log line in one of the shapes the reader knows (and an occasional line it skips). */
function line(i) {
  const time = 1748873011482 + i * 7;
  const trace = hex(32);
  const r = random();
  if (r < 0.5) {
    return JSON.stringify({
      level: 30,
      time,
      pid: 4127,
      hostname: "chat-api-7d9f",
      name: pick(SERVICES),
      trace_id: trace,
      span_id: hex(16),
      trace_flags: "01",
      tenant_id: pick(TENANTS),
      req: { id: `req-${i}`, method: "POST", url: "/v1/answer", remoteAddress: "10.2.14.7" },
      msg: "llm call finished",
      latency_ms: Math.floor(random() * 4000),
      status: 200,
    });
  }
  if (r < 0.75) {
    return JSON.stringify({
      level: pick(["info", "warn", "error"]),
      message: `calling model for user ${i}`,
      timestamp: new Date(time).toISOString(),
      service: pick(SERVICES),
      traceId: random() < 0.1 ? trace.toUpperCase() : trace,
      teamId: "search",
    });
  }
  if (r < 0.95) {
    return JSON.stringify({
      event: "llm_request_completed",
      level: "info",
      timestamp: new Date(time).toISOString(),
      logger: "agents.planner",
      otelTraceID: random() < 0.05 ? "0" : trace,
      otelSpanID: hex(16),
      workflow_id: "wf-nightly-digest",
      tokens: { input: 1200, output: 300 },
    });
  }
  return random() < 0.5 ? `plain text line ${i}` : JSON.stringify({ kind: "metrics", cpu: random() });
}

async function generate(path, mb) {
  const out = createWriteStream(path);
  const target = mb * 1e6;
  let written = 0;
  for (let i = 0; written < target; i++) {
    const text = `${line(i)}\n`;
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** Reads the file through the detected reader into a fresh engine. */
async function ingest(file) {
  const { ChdbEngine, sql } = await import("../dist/engine/index.js");
  const { openInput } = await import("../dist/formats/source.js");
  const { detectFormat } = await import("../dist/formats/registry.js");
  const { EngineSink } = await import("../dist/ingest/sink.js");
  const engine = await ChdbEngine.open({ dir: `${OUT}db-logs-${process.pid}` });
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const input = await openInput(file);
  const reader = detectFormat(input.sample);
  const sink = new EngineSink(engine, { file, format: reader.id, keepContent: false });
  const counts = await reader.read(input, sink);
  await sink.flush();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpuStart);
  const cpu = (used.user + used.system) / 1e6;
  const [row] = await engine.query(sql("SELECT count() AS n FROM app_logs"));
  await engine.close();
  return { seconds, cpu, reader: reader.id, ...counts, stored: Number(row.n), rssMb: peakRssMb() };
}

async function main() {
  if (option("phase", null) === "ingest") {
    console.log(JSON.stringify(await ingest(option("file", ""))));
    rmSync(`${OUT}db-logs-${process.pid}`, { recursive: true, force: true });
    return;
  }
  mkdirSync(OUT, { recursive: true });
  const mb = Number(option("mb", "200"));
  const file = `${OUT}app-logs-${mb}mb.ndjson`;
  if (!existsSync(file)) {
    process.stderr.write(`generating ${file} ...\n`);
    await generate(file, mb);
  }
  const run = JSON.parse(
    execFileSync(process.execPath, [SELF, "--phase", "ingest", "--file", file], { encoding: "utf8" })
      .trim()
      .split("\n")
      .pop(),
  );
  const size = statSync(file).size / 1e6;
  console.log(
    `${size.toFixed(0)} MB, ${run.read.toLocaleString("en-US")} lines (${run.reader}): ${run.seconds.toFixed(1)} s, ` +
      `${(size / run.seconds).toFixed(1)} MB/s, ${Math.round(run.read / run.seconds).toLocaleString("en-US")} lines/s, ` +
      `cpu ${run.cpu.toFixed(1)} s (${(size / run.cpu).toFixed(1)} MB per cpu-second), ` +
      `peak RSS ${run.rssMb.toFixed(0)} MB; stored ${run.stored.toLocaleString("en-US")}, skipped ${run.skipped.toLocaleString("en-US")}`,
  );
  const load = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
  console.log(`  (load average ${load} on ${os.availableParallelism()} cores)`);
}

await main();
