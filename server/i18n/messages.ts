// The message catalogs, one JSON file per language (server/i18n/messages/*.json; English is the source). Loaded on
// demand so a server only holds the languages it has been asked for.
import type { Locale } from "../core/locales";
import type en from "./messages/en.json";

export type Messages = typeof en;

const loaders: Record<Locale, () => Promise<{ default: Messages }>> = {
  en: () => import("./messages/en.json"),
  de: () => import("./messages/de.json"),
  ja: () => import("./messages/ja.json"),
};

export async function loadMessages(locale: Locale): Promise<Messages> {
  return (await loaders[locale]()).default;
}
