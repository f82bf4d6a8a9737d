/**
 * Signed exact arithmetic on USD decimal text (`"12.5"`, `"-0.000003"`), as the engine's
 * Decimal columns print it. Sums and differences of money never go through floats.
 */

// Decimal(38, 18) is the finest scale the engine hands us.
const SCALE = 18;
const UNIT = 10n ** BigInt(SCALE);
const TEXT = /^(-)?(\d+)(?:\.(\d+))?$/;

function parse(value: string): bigint {
  const m = TEXT.exec(value.trim());
  if (m === null) throw new RangeError(`not a decimal: ${value}`);
  const [, sign, whole = "0", fraction = ""] = m;
  if (fraction.length > SCALE) throw new RangeError(`more than ${SCALE} decimals: ${value}`);
  const scaled = BigInt(whole) * UNIT + BigInt(fraction.padEnd(SCALE, "0"));
  return sign === "-" ? -scaled : scaled;
}

function format(scaled: bigint): string {
  const negative = scaled < 0n;
  const abs = negative ? -scaled : scaled;
  const whole = abs / UNIT;
  const fraction = (abs % UNIT).toString().padStart(SCALE, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`;
}

/** The sum of decimal texts (`"0"` for none). */
export function addDecimal(...values: readonly string[]): string {
  return format(values.reduce((sum, v) => sum + parse(v), 0n));
}

/** `a - b`. */
export function subDecimal(a: string, b: string): string {
  return format(parse(a) - parse(b));
}

/** The same amount, normalised (`"1.50"` -> `"1.5"`, `"-0"` -> `"0"`). */
export function normDecimal(value: string): string {
  return format(parse(value));
}

/** True for zero in any spelling (`"0"`, `"-0.000"`). */
export function isZeroDecimal(value: string): boolean {
  return parse(value) === 0n;
}

/** |a| <= share x |b|, exactly (share given as a number such as 0.01). */
export function withinShare(a: string, b: string, share: number): boolean {
  const abs = (x: bigint) => (x < 0n ? -x : x);
  const parts = 1_000_000n;
  return abs(parse(a)) * parts <= abs(parse(b)) * BigInt(Math.round(share * Number(parts)));
}

/** a / b as a number for display; null when b is zero. */
export function ratioDecimal(a: string, b: string): number | null {
  const den = parse(b);
  if (den === 0n) return null;
  return Number((parse(a) * 1_000_000_000n) / den) / 1e9;
}
