/**
 * Prefixed, lexicographically sortable ids: `${prefix}_${ULID}`.
 * A ULID is 10 Crockford base32 chars of millisecond time + 16 chars (80 bits) of randomness.
 * Within one millisecond (or if the clock steps back) the random part is incremented, so ids
 * from one generator are strictly increasing. Ordering across processes is by millisecond only.
 */

export const ID_PREFIXES = {
  customer: "cus",
  region: "reg",
  product: "prod",
  variant: "variant",
  price: "price",
  cart: "cart",
  cartLine: "cali",
  order: "ord",
  orderLine: "orli",
  paymentCollection: "paycol",
  paymentSession: "payses",
  payment: "pay",
  transaction: "txn",
  paymentOrder: "payord",
  event: "evt",
  idempotencyKey: "idem",
  token: "tok",
  apiKey: "key",
  client: "client",
  paymentOperation: "pop",
  job: "job",
  staff: "staff",
  staffSession: "stses",
  audit: "aud",
  outboxEvent: "ev",
  webhookEndpoint: "we",
  webhookDelivery: "whd",
  webhookAttempt: "wha",
  email: "mail",
  passwordReset: "pwr",
} as const;

export type IdPrefix = (typeof ID_PREFIXES)[keyof typeof ID_PREFIXES];

export type IdGenerator = (prefix: IdPrefix) => string;

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const TIME_LEN = 10;
const RANDOM_LEN = 16;
const MAX_TIME = 2 ** 48 - 1;
const ULID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

function encodeTime(ms: number): string {
  let out = "";
  for (let i = 0, t = ms; i < TIME_LEN; i++) {
    const digit = t % 32;
    out = ALPHABET[digit] + out;
    t = (t - digit) / 32;
  }
  return out;
}

function randomDigits(fill: (bytes: Uint8Array) => void): number[] {
  const bytes = new Uint8Array(RANDOM_LEN);
  fill(bytes);
  return Array.from(bytes, (b) => b & 31); // 256 is a multiple of 32: uniform
}

/** Increments the base32 digits in place; false on overflow. */
function increment(digits: number[]): boolean {
  for (let i = digits.length - 1; i >= 0; i--) {
    const d = digits[i] ?? 0;
    if (d < 31) {
      digits[i] = d + 1;
      return true;
    }
    digits[i] = 0;
  }
  return false;
}

export function createIdGenerator(
  clock: () => number = Date.now,
  fillRandom: (bytes: Uint8Array) => void = (bytes) => {
    crypto.getRandomValues(bytes);
  },
): IdGenerator {
  let lastTime = -1;
  let lastRandom: number[] = [];

  return (prefix) => {
    if (!/^[a-z][a-z0-9]*$/.test(prefix)) throw new RangeError(`Invalid id prefix: ${prefix}`);
    const now = Math.floor(clock());
    if (!Number.isSafeInteger(now) || now < 0 || now > MAX_TIME) throw new RangeError(`Clock out of range: ${now}`);
    if (now > lastTime) {
      lastTime = now;
      lastRandom = randomDigits(fillRandom);
    } else if (!increment(lastRandom)) {
      // 2^80 ids in one millisecond: borrow the next millisecond rather than repeat.
      lastTime += 1;
      lastRandom = randomDigits(fillRandom);
    }
    return `${prefix}_${encodeTime(lastTime)}${lastRandom.map((d) => ALPHABET[d]).join("")}`;
  };
}

export const newId: IdGenerator = createIdGenerator();

/** True when `value` is `${prefix}_${ULID}` (any known prefix when none is given). */
export function isId(value: unknown, prefix?: IdPrefix): value is string {
  if (typeof value !== "string") return false;
  const at = value.lastIndexOf("_");
  if (at <= 0) return false;
  const head = value.slice(0, at);
  const known: readonly string[] = Object.values(ID_PREFIXES);
  return (prefix === undefined ? known.includes(head) : head === prefix) && ULID_PATTERN.test(value.slice(at + 1));
}
