// The scripts a page's HTML makes a modern browser load at first: every <script src>, except `noModule` ones (Next's
// legacy polyfills), which browsers that support ES modules skip without fetching. Shared by the bench and the budget test.
export function firstLoadScripts(html: string): string[] {
  const tags = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
  const srcs = tags.filter((t) => !/\bnomodule\b/i.test(t)).map((t) => /\bsrc="([^"]+)"/.exec(t)?.[1]);
  return [...new Set(srcs.filter((s): s is string => !!s))];
}
