import { afterEach, describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, keyIdOf, lookupHash, resetKeyRing } from "./crypto";

afterEach(() => {
  delete process.env.DATA_ENCRYPTION_KEY;
  delete process.env.DATA_ENCRYPTION_KEY_ID;
  delete process.env.DATA_ENCRYPTION_OLD_KEYS;
  resetKeyRing();
});

describe("secrets at rest", () => {
  it("round-trips and never repeats a ciphertext", () => {
    const a = encryptSecret("11010519491231002X");
    const b = encryptSecret("11010519491231002X");
    expect(a).not.toBe(b);
    expect(a).not.toContain("11010519491231002X");
    expect(decryptSecret(a)).toBe("11010519491231002X");
  });

  it("detects tampering", () => {
    const parts = encryptSecret("110105194912310021").split(":");
    parts[4] = Buffer.from("tampered!").toString("base64");
    expect(() => decryptSecret(parts.join(":"))).toThrow();
  });

  it("reads rows written with a retired key", () => {
    const oldKey = Buffer.alloc(32, 1).toString("base64");
    process.env.DATA_ENCRYPTION_KEY = oldKey;
    process.env.DATA_ENCRYPTION_KEY_ID = "k1";
    resetKeyRing();
    const stored = encryptSecret("110105194912310021");
    process.env.DATA_ENCRYPTION_KEY = Buffer.alloc(32, 2).toString("base64");
    process.env.DATA_ENCRYPTION_KEY_ID = "k2";
    process.env.DATA_ENCRYPTION_OLD_KEYS = `k1:${oldKey}`;
    resetKeyRing();
    expect(keyIdOf(stored)).toBe("k1");
    expect(decryptSecret(stored)).toBe("110105194912310021");
    expect(keyIdOf(encryptSecret("x"))).toBe("k2");
  });

  it("hashes lookups case-insensitively for the X check digit", () => {
    expect(lookupHash("11010519491231002x")).toBe(lookupHash("11010519491231002X"));
    expect(lookupHash("110105194912310021")).not.toBe(lookupHash("11010519491231002X"));
  });
});
