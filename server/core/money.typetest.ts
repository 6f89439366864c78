/**
 * Compile-time proof that money arithmetic refuses mixed currencies.
 * Type-checked by `tsc --noEmit`, never run. Each `@ts-expect-error` fails the build if the line compiles.
 */
import { add, allocate, compare, equals, money, subtract, sum, type Money } from "./money";

const usd = money(100, "USD");
const eur = money(100, "EUR");
const jpy: Money<"JPY"> = money(4200, "JPY");

// Same currency compiles, and keeps the currency in the type.
export const usdTotal: Money<"USD"> = add(usd, usd);
export const usdDiff: Money<"USD"> = subtract(usd, usd);
export const usdSum: Money<"USD"> = sum([usd, usd], "USD");
export const usdParts: Money<"USD">[] = allocate(usd, [1, 1]);
export const order: -1 | 0 | 1 = compare(jpy, jpy);

// Values typed as plain Money compile; the run-time check throws currency_mismatch.
const unknownA: Money = usd;
const unknownB: Money = eur;
export const loose: Money = add(unknownA, unknownB);

// @ts-expect-error USD + EUR does not compile
add(usd, eur);
// @ts-expect-error EUR + USD does not compile
add(eur, usd);
// @ts-expect-error USD - JPY does not compile
subtract(usd, jpy);
// @ts-expect-error comparing USD with EUR does not compile
compare(usd, eur);
// @ts-expect-error equals across currencies does not compile
equals(jpy, usd);
// @ts-expect-error summing EUR into a USD total does not compile
sum([usd, eur], "USD");
// @ts-expect-error the result keeps its currency
export const wrong: Money<"EUR"> = add(usd, usd);
// @ts-expect-error an unknown currency code does not compile
money(1, "ZZZ");
// @ts-expect-error lower case is not a CurrencyCode (use parseCurrencyCode at the edge)
money(1, "usd");
// @ts-expect-error amounts are read-only
usd.amount = 5;
