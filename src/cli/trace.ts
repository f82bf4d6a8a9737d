import { hashReportIdentities } from "../analyses/hashIdentities.js";
import { buildTimeline, type Timeline } from "../analyses/timeline.js";
import { renderTimelineText } from "../analyses/timelineRender.js";
import { resolveTraceId } from "../analyses/traceResolve.js";
import { EXIT } from "./exit.js";
import { commandInputs, withInputs } from "./inputs.js";
import type { Io } from "./io.js";
import type { OptionValues } from "./program.js";
import { optionalText, pathsArg } from "./values.js";

/** `spendtrail trace --format` choices. */
export const TRACE_RENDERERS = {
  terminal: renderTimelineText,
  json: (t: Timeline) => `${JSON.stringify(t, null, 2)}\n`,
} as const satisfies Record<string, (t: Timeline) => string>;

type TraceFormat = keyof typeof TRACE_RENDERERS;

/**
 * `spendtrail trace <trace_id> [paths...]`: one request's story in time order. Exit 0 when the
 * trace was found, 2 when nothing of it is stored (or the id is not one).
 */
export async function traceCommand(args: readonly unknown[], options: OptionValues, io: Io): Promise<number> {
  const input = String(args[0]);
  const format = options.format as TraceFormat;
  const inputs = await commandInputs("trace", pathsArg(args.slice(1)), options);
  const timeline = await withInputs(
    inputs,
    io,
    async (engine) =>
      buildTimeline(engine, await resolveTraceId(engine, input), { contract: inputs.contract }),
    { summary: format === "terminal" },
  );
  const shown =
    options.hashIdentities === true
      ? hashReportIdentities({ timeline }, { salt: optionalText(options.salt) ?? "" }).timeline
      : timeline;
  io.stdout.write(TRACE_RENDERERS[format](shown));
  return timeline.found ? EXIT.ok : EXIT.input;
}
