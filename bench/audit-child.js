// The two measured processes of the audit benchmark, each run alone by bench/audit.js
// (`node bench/audit-child.js bare|audit DIR`) and printing one JSON line: a fresh process
// per measurement keeps peak RSS and CPU time its own (chdb runs in-process, so the process's
// rusage covers the engine's threads too).

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadContract } from "../dist/contract/index.js";
import { SPEND_LOG_COLUMNS } from "../dist/demo/litellm-tables.js";
import { openEngine, sql } from "../dist/engine/index.js";
import { ingestFiles } from "../dist/ingest/index.js";
import { buildAuditReport } from "../dist/reports/build.js";
import { inputsFromIngest } from "../dist/reports/inputs.js";
import { RENDERERS } from "../dist/reports/renderers.js";
import { AUDIT_FILES } from "./audit-workload.js";

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const peakRssMb = () =>
  Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) / 1024;

/** Wall and CPU seconds per named phase; `switchTo` closes the running phase. */
function phaseClock() {
  const phases = {};
  let current = null;
  let since = 0;
  let cpuSince = 0;
  const close = () => {
    if (current === null) return;
    phases[current] ??= { seconds: 0, cpu: 0 };
    const p = phases[current];
    p.seconds += (performance.now() - since) / 1000;
    p.cpu += cpuNow() - cpuSince;
  };
  return {
    phases,
    switchTo(name) {
      close();
      current = name;
      since = performance.now();
      cpuSince = cpuNow();
    },
    stop() {
      close();
      current = null;
    },
  };
}

/** The engine's own parse of the same bytes: spans flattened and counted, CSV rows split and counted. */
async function bare(dir) {
  const engine = await openEngine({});
  const mapping = readFileSync(new URL("../dist/engine/sql/otlp_json.sql", import.meta.url), "utf8");
  // The exact JSON type spendtrail's mapping parses with, so both sides parse the same structure.
  const type = /JSONExtract\(line, 'resourceSpans', '([\s\S]*?)'\) AS resource_spans_list/.exec(mapping)?.[1];
  const clock = phaseClock();
  clock.switchTo("traces");
  const [spans] = await engine.query(
    sql(
      `SELECT count() AS n, sum(length(span.attributes)) AS attributes
      FROM (SELECT JSONExtract(line, 'resourceSpans', '${type}') AS rs
            FROM file({path:String}, 'LineAsString', 'line String'))
      ARRAY JOIN rs AS r ARRAY JOIN r.scopeSpans AS ss ARRAY JOIN ss.spans AS span`,
      { path: join(dir, AUDIT_FILES[0]) },
    ),
  );
  clock.switchTo("rows");
  const columns = SPEND_LOG_COLUMNS.map((c) => `\`${c}\` Nullable(String)`).join(", ");
  const [rows] = await engine.query(
    sql(
      `SELECT count() AS n, sum(length(metadata)) AS bytes
      FROM file({path:String}, 'CSVWithNames', {columns:String})`,
      { path: join(dir, AUDIT_FILES[1]), columns },
    ),
  );
  clock.stop();
  await engine.close();
  return { phases: clock.phases, spans: Number(spans.n), rows: Number(rows.n) };
}

/** Which ingest phase a file belongs to. */
const readPhase = (file) =>
  file.endsWith(AUDIT_FILES[0])
    ? "ingest traces"
    : file.endsWith(AUDIT_FILES[1])
      ? "ingest rows"
      : "ingest keys/teams";

/**
 * Wraps the engine to split the report build at its first findings statement and to keep
 * the slowest statements with the function that issued them (the phases inside
 * buildAuditReport have no hook of their own).
 */
function instrument(engine, clock, slow) {
  let inFindings = false;
  return new Proxy(engine, {
    get(target, prop) {
      const value = target[prop];
      if (typeof value !== "function") return value;
      return async (...args) => {
        const stack = new Error().stack ?? "";
        if (!inFindings && stack.includes("prepareFindingCalls")) {
          inFindings = true;
          clock.switchTo("findings");
        }
        const started = performance.now();
        const result = await value.apply(target, args);
        const caller = /at (?:async )?(?!Proxy|Object\.|new )([\w.]+) \(.*dist\/(?!engine)/.exec(stack);
        const table =
          /(?:TABLE|INTO)\s+(?:IF NOT EXISTS\s+)?(\w+)/i.exec(args[0]?.text ?? "")?.[1] ?? args[0];
        const what = `${prop} ${typeof table === "string" ? table : "?"} from ${caller?.[1] ?? "?"}`;
        slow.push({ seconds: (performance.now() - started) / 1000, what });
        return result;
      };
    },
  });
}

/** The whole `spendtrail audit --prices prices.yaml --format json` through the library, as the CLI runs it. */
async function audit(dir) {
  const clock = phaseClock();
  const slow = [];
  const paths = AUDIT_FILES.map((f) => join(dir, f));
  const contract = await loadContract(undefined);
  const engine = instrument(await openEngine({}), clock, slow);
  try {
    let file = null;
    const summary = await ingestFiles(engine, paths, {
      contract,
      onProgress: (p) => {
        if (p.done) clock.switchTo("normalise");
        else if (p.file !== file) clock.switchTo(readPhase(p.file));
        file = p.file;
      },
    });
    clock.switchTo("audit analyses");
    const report = await buildAuditReport(engine, {
      contract,
      prices: [join(dir, "prices.yaml")],
      inputs: inputsFromIngest(summary),
      onAudited: async () => clock.switchTo("report build"),
    });
    clock.switchTo("render");
    writeFileSync(join(dir, "report.json"), RENDERERS.json(report));
    clock.stop();
    slow.sort((a, b) => b.seconds - a.seconds);
    const t = summary.totals;
    return {
      phases: clock.phases,
      calls: t.callsInDatabase,
      records: t.read,
      issues: t.issues,
      slowest: slow.slice(0, 8),
    };
  } finally {
    await engine.close();
  }
}

const [phase, dir] = process.argv.slice(2);
const started = performance.now();
const result = phase === "bare" ? await bare(dir) : await audit(dir);
const usage = process.resourceUsage();
console.log(
  JSON.stringify({
    ...result,
    seconds: (performance.now() - started) / 1000,
    cpu: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    rssMb: peakRssMb(),
    maxRssMb: usage.maxRSS / 1024,
  }),
);
