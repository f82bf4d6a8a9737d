import type { GenContext } from "./context.js";
import type { Usage } from "./prices.js";

/** OpenAI reports cached prompt tokens in 128-token steps once a prompt passes 1024 tokens. */
export function openaiCached(ctx: GenContext, input: number, p: number, share: number): number {
  if (input < 1024 || !ctx.rng.chance(p)) return 0;
  return Math.floor((input * share) / 128) * 128;
}

/** Usage without cache writes (the OpenAI calls). */
export const usage = (input: number, output: number, cacheRead = 0): Usage => ({
  input,
  cacheRead,
  cacheWrite: 0,
  output,
});
