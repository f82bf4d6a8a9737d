/**
 * Where spendtrail's value differs from EXPECTED.json on purpose. EXPECTED.json was written
 * from part of the evidence in some files (the Langfuse exports' top-level fields, not the
 * OTel attributes the exports also keep) or infers values the telemetry does not state; each
 * entry says which. Any other difference fails the conformance test.
 */
export interface Deviation {
  file: string;
  /** Span id, or response id for files without span ids. */
  call: string;
  field: string;
  value: unknown;
  why: string;
}

const ADK = "langfuse-export-google-adk-2025-08-28.trace.json";
const AGENTS = "langfuse-export-openai-agents-2025-09-30.trace.json";
const CSHARP = "langfuse-export-csharp-agent-with-gemini-2026-03-09.trace.json";

const ADK_WHY = {
  response_model: "llm.model_name equals the request model: the span does not say which model served",
  provider: "the kept OTel attributes state llm.provider=google (Gemini API: gcp.gemini)",
};
const AGENTS_WHY = {
  request_model:
    "llm.invocation_parameters (OpenInference openai-agents) holds the response object; its model is read",
  provider: "the kept OTel attributes state llm.system=openai",
  response_id: "output.value holds the Responses API object with its id",
};
const CSHARP_WHY = {
  provider: "the kept OTel attributes state gen_ai.provider.name=gcp.vertex_ai",
  response_id: "the kept OTel attributes state gen_ai.response.id",
};

export const DEVIATIONS: readonly Deviation[] = [
  {
    file: "openinference-js-openai-4.1.9-cache-read.json",
    call: "chatcmpl-8adq9JloOzNZ9TyuzrKyLpGXexh6p",
    field: "stream",
    value: null,
    why: "no stream flag is stated (llm.invocation_parameters has none); the corpus infers false from the response body",
  },
  {
    file: "generated/vercel-ai-5.0.277-generateText-404-error.otlp.json",
    call: "f5c22526a694b07d",
    field: "stream",
    value: false,
    why: "a doGenerate span is the non-streaming provider call by definition, failed or not",
  },
  ...["f6e4c65297e40c96", "bded677884f031ce"].flatMap((call) => [
    { file: ADK, call, field: "response_model", value: null, why: ADK_WHY.response_model },
    { file: ADK, call, field: "provider", value: "gcp.gemini", why: ADK_WHY.provider },
  ]),
  ...[
    ["98870087af69bf06", "resp_0f00ca5b7e22bb4c0068db9d000be4819d824c447c54b65bc1"],
    ["90d94774e8e3724d", "resp_0f00ca5b7e22bb4c0068db9d0110d8819da676bd1f2dd03a40"],
  ].flatMap(([call, id]) => [
    {
      file: AGENTS,
      call: call as string,
      field: "request_model",
      value: "gpt-4.1-2025-04-14",
      why: AGENTS_WHY.request_model,
    },
    { file: AGENTS, call: call as string, field: "provider", value: "openai", why: AGENTS_WHY.provider },
    { file: AGENTS, call: call as string, field: "response_id", value: id, why: AGENTS_WHY.response_id },
  ]),
  ...[
    ["c651c1dac855f97e", "U7yuaeTyDuKSitQPhLG9kAg"],
    ["50d470aa18418652", "W7yuaY2AEraSitQP4-GckQ4"],
    ["cb394d8e10fdda0f", "XryuadzoKPCTitQPief8-As"],
  ].flatMap(([call, id]) => [
    {
      file: CSHARP,
      call: call as string,
      field: "provider",
      value: "gcp.vertex_ai",
      why: CSHARP_WHY.provider,
    },
    { file: CSHARP, call: call as string, field: "response_id", value: id, why: CSHARP_WHY.response_id },
  ]),
];

/** The expected view with this file's deviations for `call` applied. */
export function withDeviations(
  file: string,
  call: string,
  view: Record<string, unknown>,
): Record<string, unknown> {
  const out = { ...view };
  for (const d of DEVIATIONS) if (d.file === file && d.call === call) out[d.field] = d.value;
  return out;
}
