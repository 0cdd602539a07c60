"use server";
import { cookies } from "next/headers";
import { LOCALE_COOKIE, asLocale } from "./config";

/** Stores the chosen interface language; open to everyone, including the sign-in page. */
export async function setLocale(locale: string): Promise<void> {
  (await cookies()).set(LOCALE_COOKIE, asLocale(locale), { path: "/", sameSite: "lax", maxAge: 365 * 24 * 3600 });
}
