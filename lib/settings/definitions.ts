// The settings an administrator may change at run time, with their rules and defaults.
// Pure (no server imports): forms use the same schemas as the server. Values are stored
// per key in the Setting table (lib/settings/store.ts); a key never written falls back to
// its default, and environment variables supply the defaults where one exists.
import { z } from "zod";
import { ROLES, type Action } from "@/lib/permissions";
import { DEFAULT_VISIT_INTERVALS, INTERVAL_UNITS } from "@/lib/visit-schedule";

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Roles that must use two-factor sign-in whatever the settings say (三员 and leaders). */
export const TOTP_MANDATORY_ROLES = ["ADMIN", "SECURITY_ADMIN", "AUDIT_ADMIN", "LEADER"] as const;

/** The audit log is kept at least this long; the database refuses to delete younger rows. */
export const AUDIT_MIN_RETENTION_DAYS = 180;

/** An XYZ tile template ("https://host/{z}/{x}/{y}.png"), or empty for no base layer. */
const tileUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => v === "" || (/^https?:\/\/[^/\s]+\/\S*$/.test(v) && v.includes("{z}") && v.includes("{x}") && v.includes("{y}")), {
    message: "validation.adminTileUrl",
  });

export const SETTING_SCHEMAS = {
  /** Password rules; the floor (8 characters, 3 kinds) is lib/password.ts. */
  "security.password": z.object({
    minLength: int(8, 64),
    minClasses: int(3, 4),
    /** Days after which a password must be changed at the next sign-in; 0 = never. */
    maxAgeDays: int(0, 365),
  }),
  "security.lockout": z.object({
    /** Failed attempts within `lockMinutes` that lock a username. */
    failures: int(3, 10),
    lockMinutes: int(5, 24 * 60),
  }),
  "security.session": z.object({
    /** A session ends after this long without a request. */
    idleMinutes: int(5, 24 * 60),
  }),
  "security.totp": z.object({
    /** Roles that must use two-factor sign-in in addition to TOTP_MANDATORY_ROLES. */
    alsoRequired: z.array(z.enum(ROLES)).max(ROLES.length),
    /** Demo mode (VITALGRID_DEMO=1) lets the demo accounts in without a code unless this is on. */
    enforceInDemo: z.boolean(),
  }),
  "audit.retention": z.object({
    days: int(AUDIT_MIN_RETENTION_DAYS, 3650),
  }),
  map: z.object({
    centerLat: z.coerce.number().min(-90).max(90),
    centerLng: z.coerce.number().min(-180).max(180),
    zoom: int(3, 18),
    tileUrl,
    tileAttribution: z.string().trim().max(300),
    /** Coordinate system of the tiles: Chinese providers draw in GCJ-02. */
    tileCrs: z.enum(["WGS84", "GCJ02"]),
  }),
  /**
   * How often households of each visit tier (走访分级) are visited; at most a year each
   * (checked when saved). A change moves every household's next due date at once.
   */
  "visits.intervals": z.object({
    keyEvery: int(1, 366),
    keyUnit: z.enum(INTERVAL_UNITS),
    ordinaryEvery: int(1, 366),
    ordinaryUnit: z.enum(INTERVAL_UNITS),
    reassuredEvery: int(1, 366),
    reassuredUnit: z.enum(INTERVAL_UNITS),
  }),
} as const;

export type SettingKey = keyof typeof SETTING_SCHEMAS;
export type SettingValue<K extends SettingKey> = z.output<(typeof SETTING_SCHEMAS)[K]>;
export type Settings = { [K in SettingKey]: SettingValue<K> };
export const SETTING_KEYS = Object.keys(SETTING_SCHEMAS) as SettingKey[];

/** Who may change each group: security policy is the security administrator's. */
export const SETTING_OWNER: Record<SettingKey, Action> = {
  "security.password": "security.settings",
  "security.lockout": "security.settings",
  "security.session": "security.settings",
  "security.totp": "security.settings",
  "audit.retention": "security.settings",
  map: "settings.manage",
  "visits.intervals": "settings.manage",
};

/** Fields whose values the audit log records only as "changed" (they may carry access keys). */
export const SECRET_FIELDS: Partial<Record<SettingKey, string[]>> = { map: ["tileUrl"] };

/** The environment variables that supply defaults: SESSION_IDLE_MINUTES, MAP_TILE_URL, MAP_TILE_ATTRIBUTION, MAP_TILE_CRS, MAP_CENTER. */
export type EnvDefaults = Readonly<Record<string, string | undefined>>;

/** Defaults: environment values where they exist, the built-in rules otherwise. */
export function defaultSettings(raw: EnvDefaults): Settings {
  const idle = Number(raw.SESSION_IDLE_MINUTES ?? 30);
  const [lat, lng, zoom] = (raw.MAP_CENTER ?? "").split(",").map(Number);
  return {
    "security.password": { minLength: 8, minClasses: 3, maxAgeDays: 0 },
    "security.lockout": { failures: 5, lockMinutes: 30 },
    "security.session": { idleMinutes: Number.isFinite(idle) && idle >= 1 ? Math.min(idle, 24 * 60) : 30 },
    "security.totp": { alsoRequired: [], enforceInDemo: false },
    "audit.retention": { days: AUDIT_MIN_RETENTION_DAYS },
    map: {
      // Yumen City, the demo county, unless MAP_CENTER="lat,lng[,zoom]" says otherwise.
      centerLat: Number.isFinite(lat) ? lat : 40.29,
      centerLng: Number.isFinite(lng) ? lng : 97.05,
      zoom: Number.isFinite(zoom) && zoom >= 3 && zoom <= 18 ? zoom : 9,
      tileUrl: raw.MAP_TILE_URL ?? "",
      tileAttribution: raw.MAP_TILE_ATTRIBUTION ?? "",
      tileCrs: raw.MAP_TILE_CRS === "GCJ02" ? "GCJ02" : "WGS84",
    },
    "visits.intervals": { ...DEFAULT_VISIT_INTERVALS },
  };
}

/**
 * A stored value read back: fields that no longer pass the rules (a rule changed since it
 * was saved) fall back to their defaults one by one, so one bad field spoils nothing else.
 */
export function readStored<K extends SettingKey>(key: K, stored: unknown, fallback: SettingValue<K>): SettingValue<K> {
  const schema = SETTING_SCHEMAS[key] as unknown as z.ZodObject<z.ZodRawShape>;
  if (!stored || typeof stored !== "object") return fallback;
  const out: Record<string, unknown> = { ...(fallback as Record<string, unknown>) };
  for (const [field, fieldSchema] of Object.entries(schema.shape)) {
    if (!(field in (stored as Record<string, unknown>))) continue;
    const parsed = (fieldSchema as z.ZodType).safeParse((stored as Record<string, unknown>)[field]);
    if (parsed.success) out[field] = parsed.data;
  }
  return out as SettingValue<K>;
}

/** Origin of a tile template ("https://{s}.tile.example.org"), or "" for none. */
export function tileOrigin(template: string): string {
  const match = /^(https?:\/\/[^/]+)/.exec(template);
  return match ? match[1] : "";
}
