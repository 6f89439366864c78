// Password hashing with argon2id (the `argon2` package, OWASP-recommended parameters).
import argon2 from "argon2";

const options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, options);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Spend the same time as a real verification when the account does not exist (no user enumeration by timing). */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummy ??= hashPassword("kassa-timing-equaliser");
  await verifyPassword(await dummy, password);
  return false;
}
