import { describe, expect, it } from "vitest";
import { shouldRenewSession } from "./session-roll";

const now = 1_800_000_000_000;

describe("renewing the session token", () => {
  it("renews a token not renewed for a minute, and one that never was", () => {
    expect(shouldRenewSession({ seen: now - 61_000, idleSeconds: 1800, isServerAction: false, now })).toBe(true);
    expect(shouldRenewSession({ seen: undefined, idleSeconds: 1800, isServerAction: false, now })).toBe(true);
  });

  it("leaves a freshly renewed token alone", () => {
    expect(shouldRenewSession({ seen: now - 5_000, idleSeconds: 1800, isServerAction: false, now })).toBe(false);
  });

  it("renews within a tenth of a short idle timeout", () => {
    expect(shouldRenewSession({ seen: now - 7_000, idleSeconds: 60, isServerAction: false, now })).toBe(true);
  });

  it("never renews on a server action", () => {
    expect(shouldRenewSession({ seen: now - 600_000, idleSeconds: 1800, isServerAction: true, now })).toBe(false);
  });
});
