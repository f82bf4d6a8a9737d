/**
 * Exact arithmetic on the decimal text the engine returns (USD at up to 18 decimals, token
 * counts): thresholds and ratios are decided on BigInts, never on floats.
 */

const SCALE = 18;
const ONE = 10n ** BigInt(SCALE);
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Decimal text -> integer at 18 decimals (extra decimals are cut; the engine never sends more). */
export function scaled(text: string): bigint {
  const m = DECIMAL.exec(text.trim());
  if (m === null) throw new RangeError(`not a decimal: ${text}`);
  const [, sign, whole = "0", fraction = ""] = m;
  const value = BigInt(whole) * ONE + BigInt(fraction.slice(0, SCALE).padEnd(SCALE, "0"));
  return sign === "-" ? -value : value;
}

/** Integer at 18 decimals -> decimal text without trailing zeros. */
export function unscaled(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const fraction = (abs % ONE).toString().padStart(SCALE, "0").replace(/0+$/, "");
  const text = `${abs / ONE}${fraction.length > 0 ? `.${fraction}` : ""}`;
  return negative && abs !== 0n ? `-${text}` : text;
}

export function subtract(a: string, b: string): string {
  return unscaled(scaled(a) - scaled(b));
}

export function add(a: string, b: string): string {
  return unscaled(scaled(a) + scaled(b));
}

export function compare(a: string, b: string): -1 | 0 | 1 {
  const d = scaled(a) - scaled(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** num / den rounded half up to `places` decimals (non-negative operands, den > 0). */
export function divide(num: string, den: string, places = 6): string {
  const n = scaled(num);
  const d = scaled(den);
  const unit = 10n ** BigInt(places);
  const q = (2n * n * unit + d) / (2n * d);
  const fraction = (q % unit).toString().padStart(places, "0");
  return places > 0 ? `${q / unit}.${fraction}` : `${q}`;
}

/** current > ratio * previous, exactly. */
export function exceedsRatio(current: string, previous: string, ratio: string): boolean {
  return scaled(current) * ONE > scaled(ratio) * scaled(previous);
}
