import "server-only";
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { db } from "@/lib/server/db";
import type { Db, Tx } from "@/lib/server/prisma";
import { defaultSettings, readStored, SETTING_KEYS, type SettingKey, type Settings, type SettingValue } from "./definitions";

// Settings are read from the database through a short per-instance cache. Every change
// writes a new token into the one SettingsVersion row in the same transaction; an
// instance re-reads that row (one primary-key lookup) at most every CHECK_MS, and reloads
// the settings only when the token moved. So a change takes effect without a restart,
// and two app instances agree within CHECK_MS.

export const CHECK_MS = 2000;

interface Snapshot {
  version: string;
  checkedAt: number;
  values: Settings;
}

/** One instance's view of the settings; the app has one (below), tests may make several. */
export class SettingsStore {
  private snapshot: Snapshot | undefined;
  private loading: Promise<Snapshot> | undefined;

  constructor(
    private readonly client: () => Db | Tx = () => db,
    private readonly now: () => number = Date.now,
  ) {}

  async all(): Promise<Settings> {
    const s = this.snapshot;
    if (s && this.now() - s.checkedAt < CHECK_MS) return s.values;
    // Concurrent requests share one check.
    this.loading ??= this.refresh(s).finally(() => (this.loading = undefined));
    return (await this.loading).values;
  }

  async get<K extends SettingKey>(key: K): Promise<SettingValue<K>> {
    return (await this.all())[key];
  }

  /** Forget the cached values (after this instance wrote, and in tests). */
  invalidate(): void {
    this.snapshot = undefined;
  }

  private async refresh(previous: Snapshot | undefined): Promise<Snapshot> {
    const client = this.client();
    const row = await client.settingsVersion.findUnique({ where: { id: 1 }, select: { version: true } });
    const version = row?.version ?? "";
    if (previous && previous.version === version) {
      this.snapshot = { ...previous, checkedAt: this.now() };
      return this.snapshot;
    }
    // Rows read after the version: at worst newer than the token, and the next check
    // reloads them again.
    const rows = await client.setting.findMany({ select: { key: true, value: true } });
    const defaults = defaultSettings(process.env);
    const values = { ...defaults } as Record<SettingKey, unknown>;
    for (const r of rows) {
      if ((SETTING_KEYS as string[]).includes(r.key)) {
        const key = r.key as SettingKey;
        values[key] = readStored(key, r.value, defaults[key] as never);
      }
    }
    this.snapshot = { version, checkedAt: this.now(), values: values as Settings };
    return this.snapshot;
  }
}

const holder = globalThis as unknown as { __vitalgridSettings?: SettingsStore };
export const settingsStore: SettingsStore = (holder.__vitalgridSettings ??= new SettingsStore());

/** The current value of one settings group. */
export function getSetting<K extends SettingKey>(key: K): Promise<SettingValue<K>> {
  return settingsStore.get(key);
}

export function getSettings(): Promise<Settings> {
  return settingsStore.all();
}

/**
 * One settings group read straight from the database through `client`, bypassing the
 * cache: for writes that depend on a setting inside an open transaction (the global
 * client must not be used there) and must not act on a copy seconds old.
 */
export async function readSetting<K extends SettingKey>(client: Db | Tx, key: K): Promise<SettingValue<K>> {
  const row = await client.setting.findUnique({ where: { key }, select: { value: true } });
  const fallback = defaultSettings(process.env)[key];
  return row ? readStored(key, row.value, fallback) : fallback;
}

/**
 * Stores one settings group and moves the version token, in the caller's transaction
 * (which also writes the audit entry). Validation and authorization are the caller's.
 */
export async function storeSetting<K extends SettingKey>(tx: Tx, key: K, value: SettingValue<K>, actorId: string | null): Promise<void> {
  const json = value as unknown as Prisma.InputJsonValue;
  await tx.setting.upsert({ where: { key }, create: { key, value: json, updatedById: actorId }, update: { value: json, updatedById: actorId } });
  const version = randomUUID();
  await tx.settingsVersion.upsert({ where: { id: 1 }, create: { id: 1, version }, update: { version } });
}
