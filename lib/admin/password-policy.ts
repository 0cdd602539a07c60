// The password policy as the security administrator set it (settings "security.password"),
// on top of the floor in lib/password.ts. Pure: the change-password form shows the same rules.
import { randomInt } from "node:crypto";
import { characterClasses } from "@/lib/password";
import type { SettingValue } from "@/lib/settings/definitions";

export type PasswordPolicy = SettingValue<"security.password">;

/** What is wrong with a new password, as an i18n key under `errors.` with values; null when it passes. */
export function passwordProblem(
  password: string,
  policy: PasswordPolicy,
  context: { username?: string; banned?: readonly string[] } = {},
): { key: string; values: Record<string, number> } | null {
  const values = { min: policy.minLength, classes: policy.minClasses };
  if (password.length < policy.minLength || password.length > 128 || characterClasses(password) < policy.minClasses)
    return { key: "adminPasswordPolicy", values };
  const lower = password.toLowerCase();
  if (context.username && context.username.length >= 3 && lower.includes(context.username.toLowerCase())) return { key: "adminPasswordUsername", values };
  if (context.banned?.includes(password)) return { key: "adminPasswordBanned", values };
  return null;
}

const SETS = ["ABCDEFGHJKMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789", "#%+=@!?"];

/**
 * A one-time password an administrator hands over (new user, reset): 14 characters with
 * every kind, so it passes any policy the settings allow up to 14 characters.
 */
export function oneTimePassword(length = 14): string {
  const chars = SETS.map((s) => s[randomInt(s.length)]);
  const all = SETS.join("");
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  // Fisher–Yates, so the kinds are not always in the same places.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join("");
}
