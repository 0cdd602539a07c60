// Mainland China mobile numbers: 11 digits, "1" then 3-9. Landlines and numbers abroad
// are not accepted for residents; the registry calls people on mobiles.

export type PhoneProblem = "letters" | "format";

export type PhoneResult = { ok: true; value: string } | { ok: false; problem: PhoneProblem };

/** Strips spaces, dashes and a +86 / 0086 prefix that people often type. */
export function normalizePhone(raw: string): string {
  return raw.trim().replace(/[\s-]/g, "").replace(/^(\+86|0086)/, "");
}

export function parsePhone(raw: string): PhoneResult {
  const value = normalizePhone(raw);
  if (/[^\d]/.test(value)) return { ok: false, problem: "letters" };
  if (!/^1[3-9]\d{9}$/.test(value)) return { ok: false, problem: "format" };
  return { ok: true, value };
}

export const PHONE_PROBLEM_KEYS: Record<PhoneProblem, string> = {
  letters: "validation.phoneLetters",
  format: "validation.phoneFormat",
};

/**
 * "138****5678". The registry's rule of "first 6, last 4" would hide a single digit of an
 * 11-digit mobile, so phones keep the customary first 3 and last 4.
 */
export function maskPhone(value: string): string {
  return `${value.slice(0, 3)}****${value.slice(-4)}`;
}
