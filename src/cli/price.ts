import { SpendtrailError } from "../errors.js";
import { priceOf } from "../pricing/explain.js";
import { loadPriceFiles } from "../pricing/price-file.js";
import { parseDate } from "./dates.js";
import { EXIT } from "./exit.js";
import type { Io } from "./io.js";
import { PRICE_RENDERERS } from "./priceText.js";
import type { OptionValues } from "./program.js";

/** `spendtrail price --model M`: exit 0 when priced, 2 when the rate card does not know the model. */
export async function priceCommand(
  _args: readonly unknown[],
  options: OptionValues,
  io: Io,
): Promise<number> {
  if (typeof options.model !== "string") {
    throw new SpendtrailError(
      "E_USAGE",
      "price needs --model M (the model as calls name it, e.g. gpt-4o-2024-08-06)",
    );
  }
  const model = options.model;
  const at = parseDate("--at", options.at);
  const files = Array.isArray(options.prices) ? options.prices.map(String) : [];
  const explanation = priceOf(model, {
    provider: typeof options.provider === "string" ? options.provider : null,
    overrides: loadPriceFiles(files),
    ...(at && { at }),
  });
  const format = options.format as keyof typeof PRICE_RENDERERS;
  io.stdout.write(PRICE_RENDERERS[format](explanation));
  if (explanation.inForce !== null) return EXIT.ok;
  io.stderr.write(
    `spendtrail: no price for ${model} on ${explanation.day}${explanation.periods.length > 0 ? " (it has prices on other days)" : ""}; add it with --prices FILE\n`,
  );
  return EXIT.input;
}
