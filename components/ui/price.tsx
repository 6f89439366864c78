import { formatMoney, type Money } from "~/server/core/money";

/** A price in its currency's own digits: $28.00, €26.00, ¥4,200. */
export function Price({ value, className }: { value: Money; className?: string }) {
  return (
    <span className={className} data-testid="price">
      {formatMoney(value)}
    </span>
  );
}
