import { describe, expect, it } from "vitest";
import { defaultSettings, readStored, SETTING_SCHEMAS, tileOrigin } from "./definitions";

describe("settings definitions", () => {
  it("takes defaults from the environment", () => {
    const d = defaultSettings({ SESSION_IDLE_MINUTES: "45", MAP_TILE_URL: "https://t.example.org/{z}/{x}/{y}.png", MAP_TILE_CRS: "GCJ02", MAP_CENTER: "30.5,104.1,11" });
    expect(d["security.session"].idleMinutes).toBe(45);
    expect(d.map).toMatchObject({ tileUrl: "https://t.example.org/{z}/{x}/{y}.png", tileCrs: "GCJ02", centerLat: 30.5, centerLng: 104.1, zoom: 11 });
    expect(defaultSettings({}).map).toMatchObject({ tileUrl: "", tileCrs: "WGS84", zoom: 9 });
  });

  it("never allows audit retention under 180 days or a password floor under 8", () => {
    expect(SETTING_SCHEMAS["audit.retention"].safeParse({ days: 179 }).success).toBe(false);
    expect(SETTING_SCHEMAS["audit.retention"].safeParse({ days: 180 }).success).toBe(true);
    expect(SETTING_SCHEMAS["security.password"].safeParse({ minLength: 6, minClasses: 3, maxAgeDays: 0 }).success).toBe(false);
  });

  it("reads back stored values field by field, falling back for fields that no longer pass", () => {
    const fallback = defaultSettings({})["security.lockout"];
    expect(readStored("security.lockout", { failures: 4, lockMinutes: 1 }, fallback)).toEqual({ failures: 4, lockMinutes: 30 });
    expect(readStored("security.lockout", "garbage", fallback)).toEqual(fallback);
  });

  it("accepts only tile templates and finds their origin", () => {
    const map = SETTING_SCHEMAS.map;
    const base = { centerLat: 1, centerLng: 1, zoom: 5, tileAttribution: "", tileCrs: "WGS84" };
    expect(map.safeParse({ ...base, tileUrl: "https://{s}.tile.example.org/{z}/{x}/{y}.png" }).success).toBe(true);
    expect(map.safeParse({ ...base, tileUrl: "javascript:alert(1)" }).success).toBe(false);
    expect(map.safeParse({ ...base, tileUrl: "https://example.org/tiles.png" }).success).toBe(false);
    expect(tileOrigin("https://{s}.tile.example.org/{z}/{x}/{y}.png")).toBe("https://{s}.tile.example.org");
  });
});
