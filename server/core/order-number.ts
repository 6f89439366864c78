/**
 * Human-facing order numbers: `ORD-YYYYMMDD-XXXX` (UTC date, 4 chars from an alphabet
 * without 0/O/1/I). 32^4 ≈ 1M per day, so uniqueness comes from the database's unique
 * constraint: on a collision, draw again.
 */

export const ORDER_NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export const ORDER_NUMBER_PATTERN = /^ORD-\d{8}-[2-9A-HJ-NP-Z]{4}$/;

/** Uniform in [0, 1), from crypto rather than Math.random. */
export function cryptoRandom(): number {
  const [value = 0] = crypto.getRandomValues(new Uint32Array(1));
  return value / 2 ** 32;
}

export function formatOrderNumber(date: Date, random: () => number = cryptoRandom): string {
  const time = date.getTime();
  if (!Number.isFinite(time)) throw new RangeError("Invalid date");
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError("Year out of range");
  const ymd =
    String(year).padStart(4, "0") +
    String(date.getUTCMonth() + 1).padStart(2, "0") +
    String(date.getUTCDate()).padStart(2, "0");
  let suffix = "";
  for (let i = 0; i < 4; i++) {
    const r = random();
    if (!(r >= 0 && r < 1)) throw new RangeError(`random() must return a number in [0, 1), got ${r}`);
    suffix += ORDER_NUMBER_ALPHABET[Math.floor(r * ORDER_NUMBER_ALPHABET.length)];
  }
  return `ORD-${ymd}-${suffix}`;
}

export function isOrderNumber(value: unknown): value is string {
  return typeof value === "string" && ORDER_NUMBER_PATTERN.test(value);
}
