// Password policy, shared by forms and the server.
import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 8;

/** Number of character classes (lower, upper, digit, other) present in a password. */
export function characterClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
}

export function meetsPolicy(password: string): boolean {
  return password.length >= PASSWORD_MIN_LENGTH && password.length <= 128 && characterClasses(password) >= 3;
}

/** Messages are i18n keys under `validation.`; the action wrapper translates them. */
export const passwordSchema = z
  .string()
  .max(128, { message: "validation.passwordTooLong" })
  .refine((p) => p.length >= PASSWORD_MIN_LENGTH, { message: "validation.passwordTooShort" })
  .refine((p) => characterClasses(p) >= 3, { message: "validation.passwordClasses" });
