"use client";
// Tells the server the browser's time zone (a cookie), so dates render in the shopper's local time from the next page
// on. The first page of a first visit shows UTC; nothing reloads for it.
import { useEffect } from "react";

export function TimeZoneSync({ current }: { current: string }) {
  useEffect(() => {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (tz && tz !== current) document.cookie = `kassa_tz=${tz}; path=/; max-age=31536000; samesite=lax`;
  }, [current]);
  return null;
}
