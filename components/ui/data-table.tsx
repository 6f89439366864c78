// The shopper pages' tables: a caption for screen readers, column headers, and the body (and footer) as children.
import type { ReactNode } from "react";

export function DataTable({ caption, columns, testId, className, children }: { caption: string; columns: ReactNode[]; testId?: string; className?: string; children: ReactNode }) {
  return (
    <table className={className ? `table ${className}` : "table"} data-testid={testId}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th scope="col" key={i}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      {children}
    </table>
  );
}
