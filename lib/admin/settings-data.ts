import "server-only";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import { auditActor, authorize, type Viewer } from "@/lib/server/auth";
import { writeAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { diffFields } from "@/lib/server/history";
import { defaultSettings, readStored, SECRET_FIELDS, SETTING_OWNER, tileOrigin, type SettingKey } from "@/lib/settings/definitions";
import { getSettings, settingsStore, storeSetting } from "@/lib/settings/store";
import type { Tx } from "@/lib/server/prisma";
import { intervalDays, intervalOf, MAX_INTERVAL_DAYS, VISIT_TIER_KEYS, type VisitIntervals } from "@/lib/visit-schedule";
import type { UpdateSettingInput } from "./schemas";

/** Tile origins the content security policy lets the browser load (proxy.ts builds it from the same variables). */
export function allowedTileOrigins(raw: NodeJS.ProcessEnv = process.env): string[] {
  return [tileOrigin(raw.MAP_TILE_URL ?? ""), ...(raw.MAP_TILE_ORIGINS ?? "").split(",").map((o) => o.trim())].filter(Boolean);
}

/** The groups a viewer may see and change, with their current values. */
export async function settingsFor(viewer: Viewer, keys: SettingKey[]) {
  const allowed = keys.filter((k) => viewer.permissions.includes(SETTING_OWNER[k]));
  if (allowed.length === 0) await authorize(viewer, SETTING_OWNER[keys[0]]);
  const all = await getSettings();
  return Object.fromEntries(allowed.map((k) => [k, all[k]])) as Partial<typeof all>;
}

function maskSecrets(key: SettingKey, changes: Record<string, [unknown, unknown]>) {
  for (const field of SECRET_FIELDS[key] ?? []) {
    if (!changes[field]) continue;
    // Tile URLs may carry an access key in their query: keep the origin and path only.
    changes[field] = changes[field].map((v) => (typeof v === "string" ? v.replace(/\?.*$/, "?…") : v)) as [unknown, unknown];
  }
  return changes;
}

/** Visit intervals longer than a year are refused, naming the field. */
function checkIntervals(v: VisitIntervals) {
  for (const tier of VISIT_TIER_KEYS) {
    const { every, unit } = intervalOf(tier, v);
    if (intervalDays(every, unit) > MAX_INTERVAL_DAYS) {
      const field = `value.${tier.toLowerCase()}Every`;
      throw new AppError("VALIDATION", { key: "adminVisitIntervalTooLong", values: { max: MAX_INTERVAL_DAYS } }, { [field]: "validation.adminVisitIntervalTooLong" });
    }
  }
}

/**
 * Moves the next due date of every live household of the tiers whose interval changed,
 * in the setting's own transaction (PostgreSQL's month arithmetic clamps to the month's
 * end exactly like nextVisitDue). Returns how many households moved.
 */
async function rescheduleVisits(tx: Tx, before: VisitIntervals, after: VisitIntervals): Promise<number> {
  let moved = 0;
  for (const tier of VISIT_TIER_KEYS) {
    const a = intervalOf(tier, before);
    const b = intervalOf(tier, after);
    if (a.every === b.every && a.unit === b.unit) continue;
    const interval = b.unit === "MONTH" ? Prisma.sql`make_interval(months => ${b.every}::int)` : Prisma.sql`make_interval(days => ${b.every * (b.unit === "WEEK" ? 7 : 1)}::int)`;
    moved += await tx.$executeRaw`
      UPDATE "Household" SET "nextVisitDue" = COALESCE("lastVisitAt", "createdAt") + ${interval}
      WHERE "visitTier" = ${tier}::"VisitTier" AND "deletedAt" IS NULL`;
  }
  return moved;
}

/** Changes one settings group: audited with old and new values, in effect within seconds on every instance. */
export async function updateSetting(viewer: Viewer, input: UpdateSettingInput) {
  await authorize(viewer, SETTING_OWNER[input.key]);
  if (input.key === "map" && input.value.tileUrl) {
    const origin = tileOrigin(input.value.tileUrl).replace(/\{s\}/g, "*");
    const allowed = allowedTileOrigins().map((o) => o.replace(/\{s\}/g, "*"));
    if (!allowed.includes(origin))
      throw new AppError("VALIDATION", { key: "adminTileOrigin", values: { allowed: allowed.join(", ") || "—" } }, { "value.tileUrl": "validation.adminTileOrigin" });
  }
  if (input.key === "visits.intervals") checkIntervals(input.value);
  const changed = await db.$transaction(async (tx) => {
    // Compared with the stored row, not this instance's cache, which may be seconds old.
    const row = await tx.setting.findUnique({ where: { key: input.key }, select: { value: true } });
    const fallback = defaultSettings(process.env)[input.key];
    const before = row ? readStored(input.key, row.value, fallback as never) : fallback;
    const changes = maskSecrets(input.key, diffFields(before as Record<string, unknown>, input.value as Record<string, unknown>));
    if (Object.keys(changes).length === 0) return false;
    await storeSetting(tx, input.key, input.value as never, viewer.id);
    const households = input.key === "visits.intervals" ? await rescheduleVisits(tx, before as VisitIntervals, input.value) : undefined;
    await writeAudit(tx, {
      ...auditActor(viewer),
      action: "settings.update",
      result: "success",
      targetType: "setting",
      targetId: input.key,
      details: { changes, ...(households !== undefined ? { households } : {}) } as Prisma.InputJsonValue,
    });
    return true;
  });
  settingsStore.invalidate();
  return { changed };
}
