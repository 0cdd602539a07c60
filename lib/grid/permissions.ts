// Pure rules of the grid registries that both the pages (to show or hide a button) and the
// data layer (to refuse) apply. Safe to import in the browser.
import { can, type RoleKey } from "@/lib/permissions";

/**
 * Whether a viewer may confirm a record: the role allows it, the record is not confirmed
 * yet, and the viewer is not the person who entered it (verification is by a second person).
 */
export function mayVerify(viewer: { id: string; role: RoleKey }, record: { dataState: string; creatorId: string | null }): boolean {
  return can(viewer.role, "grid.records.verify") && record.dataState === "ENTERED" && record.creatorId !== viewer.id;
}

/** The one who entered a record cannot be the one who confirms it. */
export function isOwnRecord(viewerId: string, creatorId: string | null): boolean {
  return creatorId !== null && creatorId === viewerId;
}
