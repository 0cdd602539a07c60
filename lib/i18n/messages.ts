import { createTranslator } from "next-intl";
import { DEFAULT_LOCALE, LOCALE_COOKIE, asLocale, type Locale } from "./config";
// Common messages, then one file per module (namespaced by the module's key), so that
// modules can be worked on side by side.
import en from "./messages/en.json";
import zhCN from "./messages/zh-CN.json";
import adminEn from "./messages/admin.en.json";
import adminZh from "./messages/admin.zh-CN.json";
import centerEn from "./messages/center.en.json";
import centerZh from "./messages/center.zh-CN.json";
import dashboardEn from "./messages/dashboard.en.json";
import dashboardZh from "./messages/dashboard.zh-CN.json";
import dispatchEn from "./messages/dispatch.en.json";
import dispatchZh from "./messages/dispatch.zh-CN.json";
import gridEn from "./messages/grid.en.json";
import gridZh from "./messages/grid.zh-CN.json";
import peopleEn from "./messages/people.en.json";
import peopleZh from "./messages/people.zh-CN.json";
import projectsEn from "./messages/projects.en.json";
import projectsZh from "./messages/projects.zh-CN.json";

const ZH = { ...zhCN, admin: adminZh, center: centerZh, dashboard: dashboardZh, dispatch: dispatchZh, grid: gridZh, people: peopleZh, projects: projectsZh };
const EN = { ...en, admin: adminEn, center: centerEn, dashboard: dashboardEn, dispatch: dispatchEn, grid: gridEn, people: peopleEn, projects: projectsEn };

export type Messages = typeof ZH;
const ALL: Record<Locale, Messages> = { "zh-CN": ZH, en: EN as Messages };

export function messagesFor(locale: Locale): Messages {
  return ALL[locale];
}

/** A translator usable anywhere on the server, also outside a request (tests, scripts). */
export function translatorFor(locale: Locale) {
  return createTranslator({ locale, messages: ALL[locale] });
}

/** The request's locale when there is a request, the default otherwise. */
export async function currentLocale(): Promise<Locale> {
  try {
    const { cookies } = await import("next/headers");
    return asLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  } catch {
    return DEFAULT_LOCALE;
  }
}
