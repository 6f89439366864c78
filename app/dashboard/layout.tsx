import type { ReactNode } from "react";

// The merchant console is English whatever the shopper-facing language: say so to screen readers (WCAG 3.1.2).
export default function DashboardLayout({ children }: { children: ReactNode }) {
  return <div lang="en">{children}</div>;
}
