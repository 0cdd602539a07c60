import "server-only";
import { createHash, randomInt } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { decryptSecret, encryptSecret } from "./crypto";

// Two-factor sign-in with time-based one-time passwords (RFC 6238: 6 digits, 30 s,
// SHA-1, what every authenticator app expects). The secret is stored encrypted with the
// data key (lib/server/crypto.ts), so `npm run keys:rotate` covers it too.

export const TOTP_PERIOD = 30;
/** Codes of the previous and next period are accepted too, for clocks a little off. */
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

const ISSUER = "VitalGrid";

function totpFor(secretBase32: string, username = "") {
  return new TOTP({ issuer: ISSUER, label: username, algorithm: "SHA1", digits: 6, period: TOTP_PERIOD, secret: Secret.fromBase32(secretBase32) });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, username: string): string {
  return totpFor(secretBase32, username).toString();
}

export function encryptTotpSecret(secretBase32: string): string {
  return encryptSecret(secretBase32);
}

export function decryptTotpSecret(stored: string): string {
  return decryptSecret(stored);
}

export function timeStep(at: number = Date.now()): number {
  return Math.floor(at / 1000 / TOTP_PERIOD);
}

/**
 * The time step a code belongs to, or null when it matches none in the window. The caller
 * accepts it only if the step is later than the last one used (codes are single-use).
 */
export function matchTotp(secretBase32: string, code: string, at: number = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secretBase32).validate({ token: code, timestamp: at, window: TOTP_WINDOW });
  return delta === null ? null : timeStep(at) + delta;
}

/** The code for a moment (tests, and the enrolment page's self-check). */
export function totpCode(secretBase32: string, at: number = Date.now()): string {
  return totpFor(secretBase32).generate({ timestamp: at });
}

// Recovery codes: 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
// shown as XXXXX-XXXXX; about 50 bits each, so a plain SHA-256 keyed by the user is enough.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    let s = "";
    for (let i = 0; i < 10; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

/** Normalised form of what a user typed: upper case, no spaces or dashes. */
export function normaliseRecoveryCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "");
}

export function looksLikeRecoveryCode(input: string): boolean {
  const n = normaliseRecoveryCode(input);
  return n.length === 10 && [...n].every((c) => ALPHABET.includes(c));
}

export function hashRecoveryCode(userId: string, code: string): string {
  return createHash("sha256").update(`${userId}:${normaliseRecoveryCode(code)}`).digest("hex");
}
