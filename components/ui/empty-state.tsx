// An empty list or cart, designed: a sentence and the one way on (usually back to the shop).
import Link from "next/link";

export function EmptyState({ text, action, href = "/", testId, actionTestId }: { text: string; action: string; href?: string; testId: string; actionTestId?: string }) {
  return (
    <div className="state" data-testid={testId}>
      <p>{text}</p>
      <p>
        <Link href={href} className="button" data-testid={actionTestId}>
          {action}
        </Link>
      </p>
    </div>
  );
}
