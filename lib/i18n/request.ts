import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, asLocale } from "./config";
import { messagesFor } from "./messages";

// No locale in the URL: the choice is a cookie, so every page keeps one address.
export default getRequestConfig(async () => {
  const locale = asLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  return { locale, messages: messagesFor(locale), timeZone: "Asia/Shanghai" };
});
