// Resident identity card numbers (居民身份证号码), GB 11643-1999: six digits of region
// code, eight of birth date (YYYYMMDD), three of sequence (odd = male) and one check
// character computed with ISO 7064 MOD 11-2 (0-9 or X). Pure: used by forms, imports and
// the server alike.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = "10X98765432";

/**
 * First two digits of a valid region code: provinces, autonomous regions and
 * municipalities, plus 81/82/83 used by residence permits of Hong Kong, Macao and Taiwan
 * residents (same format, same check digit).
 */
const PROVINCE_PREFIXES = new Set([
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
  "65", "71", "81", "82", "83",
]);

export type IdNumberProblem = "format" | "region" | "birthDate" | "future" | "checkDigit";

export type IdNumberResult =
  | { ok: true; value: string; birthDate: string; sex: "MALE" | "FEMALE"; regionCode: string }
  | { ok: false; problem: IdNumberProblem };

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Upper-cases a trailing x and strips surrounding spaces: the form people type it in. */
export function normalizeIdNumber(raw: string): string {
  return raw.trim().replace(/\s+/g, "").toUpperCase();
}

/** "YYYY-MM-DD" when the eight digits name a real calendar day, else null. */
function calendarDate(yyyymmdd: string): string | null {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1900 || m < 1 || m > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

/** Today's date in China, "YYYY-MM-DD": a birth date is in the future by Beijing time. */
function todayInChina(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Checks an 18-character ID number and reads the birth date and sex from it. The order of
 * checks decides which problem is reported: shape, region, date, then the check digit, so
 * a typo in the date is named as such rather than as a bad check digit.
 */
export function parseIdNumber(raw: string, now: Date = new Date()): IdNumberResult {
  const value = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: "format" };
  const regionCode = value.slice(0, 6);
  if (!PROVINCE_PREFIXES.has(regionCode.slice(0, 2)) || regionCode.slice(2) === "0000") return { ok: false, problem: "region" };
  const birthDate = calendarDate(value.slice(6, 14));
  if (!birthDate) return { ok: false, problem: "birthDate" };
  if (birthDate > todayInChina(now)) return { ok: false, problem: "future" };
  if (idCheckChar(value) !== value[17]) return { ok: false, problem: "checkDigit" };
  return { ok: true, value, birthDate, sex: Number(value[16]) % 2 === 1 ? "MALE" : "FEMALE", regionCode };
}

/** The i18n key (common file, `validation.`) naming a problem with an ID number. */
export const ID_PROBLEM_KEYS: Record<IdNumberProblem, string> = {
  format: "validation.idFormat",
  region: "validation.idRegion",
  birthDate: "validation.idBirthDate",
  future: "validation.idFuture",
  checkDigit: "validation.idCheckDigit",
};

/** First 6 and last 4 characters, the rest starred: "620981********1234". */
export function maskIdNumber(value: string): string {
  return `${value.slice(0, 6)}${"*".repeat(Math.max(0, value.length - 10))}${value.slice(-4)}`;
}

/** Builds a valid number from region, birth date and sequence (demo data, tests, benchmarks). */
export function makeIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  const first17 = `${regionCode}${birthDate.replaceAll("-", "")}${String(sequence % 1000).padStart(3, "0")}`;
  return first17 + idCheckChar(first17);
}

/** Whole years of age on `on` for a "YYYY-MM-DD" birth date. */
export function ageOn(birthDate: string, on: Date = new Date()): number {
  const today = todayInChina(on);
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}
