import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { auditActor, authorize, type Viewer } from "@/lib/server/auth";
import { writeAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { diffFields } from "@/lib/server/history";
import { defaultSettings, readStored, SECRET_FIELDS, SETTING_OWNER, tileOrigin, type SettingKey } from "@/lib/settings/definitions";
import { getSettings, settingsStore, storeSetting } from "@/lib/settings/store";
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

/** Changes one settings group: audited with old and new values, in effect within seconds on every instance. */
export async function updateSetting(viewer: Viewer, input: UpdateSettingInput) {
  await authorize(viewer, SETTING_OWNER[input.key]);
  if (input.key === "map" && input.value.tileUrl) {
    const origin = tileOrigin(input.value.tileUrl).replace(/\{s\}/g, "*");
    const allowed = allowedTileOrigins().map((o) => o.replace(/\{s\}/g, "*"));
    if (!allowed.includes(origin))
      throw new AppError("VALIDATION", { key: "adminTileOrigin", values: { allowed: allowed.join(", ") || "—" } }, { "value.tileUrl": "validation.adminTileOrigin" });
  }
  const changed = await db.$transaction(async (tx) => {
    // Compared with the stored row, not this instance's cache, which may be seconds old.
    const row = await tx.setting.findUnique({ where: { key: input.key }, select: { value: true } });
    const fallback = defaultSettings(process.env)[input.key];
    const before = row ? readStored(input.key, row.value, fallback as never) : fallback;
    const changes = maskSecrets(input.key, diffFields(before as Record<string, unknown>, input.value as Record<string, unknown>));
    if (Object.keys(changes).length === 0) return false;
    await storeSetting(tx, input.key, input.value as never, viewer.id);
    await writeAudit(tx, {
      ...auditActor(viewer),
      action: "settings.update",
      result: "success",
      targetType: "setting",
      targetId: input.key,
      details: { changes } as Prisma.InputJsonValue,
    });
    return true;
  });
  settingsStore.invalidate();
  return { changed };
}
