/**
 * Exact decimal strings for prices and money. Prices arrive as JS numbers (genai-prices,
 * LiteLLM's per-token floats such as `2.5e-06`); their shortest round-trip text is the
 * decimal the author wrote, so we work on that text and never multiply floats.
 */

const NUMBER_TEXT = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

interface Scaled {
  digits: bigint;
  scale: number;
}

function parse(text: string): Scaled | null {
  const m = NUMBER_TEXT.exec(text.trim());
  if (m === null) return null;
  const [, whole = "", fraction = "", exponent = "0"] = m;
  const scale = fraction.length - Number(exponent);
  const digits = BigInt(whole + fraction);
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}

function format({ digits, scale }: Scaled): string {
  const text = digits.toString().padStart(scale + 1, "0");
  const whole = text.slice(0, text.length - scale);
  const fraction = text.slice(text.length - scale).replace(/0+$/, "");
  return fraction.length > 0 ? `${whole}.${fraction}` : whole;
}

/**
 * The plain decimal text of a non-negative finite number or decimal string
 * (`2.5e-7` -> `"0.00000025"`), trailing zeros removed. Null when it is not one.
 */
export function toDecimal(value: number | string): string | null {
  if (typeof value === "number" && (!Number.isFinite(value) || value < 0)) return null;
  const scaled = parse(String(value));
  return scaled === null ? null : format(scaled);
}

/** `value` times 10^places, exactly (`shiftDecimal("0.0000025", 6)` -> `"2.5"`). */
export function shiftDecimal(value: string, places: number): string {
  const scaled = parse(value);
  if (scaled === null) throw new RangeError(`not a decimal: ${value}`);
  const scale = scaled.scale - places;
  if (scale >= 0) return format({ digits: scaled.digits, scale });
  return format({ digits: scaled.digits * 10n ** BigInt(-scale), scale: 0 });
}

/** Number of digits after the decimal point. */
export function decimalPlaces(value: string): number {
  return parse(value)?.scale ?? 0;
}

/** Rounds a USD decimal string half-up for display (`roundUsd("0.005", 2)` -> `"0.01"`). Never for sums. */
export function roundUsd(value: string, places = 2): string {
  const negative = value.startsWith("-");
  const scaled = parse(negative ? value.slice(1) : value);
  if (scaled === null) throw new RangeError(`not a decimal: ${value}`);
  let digits = scaled.digits;
  if (scaled.scale > places) {
    const divisor = 10n ** BigInt(scaled.scale - places);
    digits = (digits + divisor / 2n) / divisor;
  } else {
    digits *= 10n ** BigInt(places - scaled.scale);
  }
  const text = digits.toString().padStart(places + 1, "0");
  const whole = text.slice(0, text.length - places);
  const rounded = places > 0 ? `${whole}.${text.slice(text.length - places)}` : whole;
  return negative && digits !== 0n ? `-${rounded}` : rounded;
}
