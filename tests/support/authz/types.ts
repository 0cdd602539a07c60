import type { Action } from "@/lib/permissions";
import type { Viewer } from "@/lib/server/auth";

/**
 * How the authorization matrix exercises one action: run it as `viewer` against a record
 * inside their territory (`inside: true`) or outside it (own-county sibling grid, parent
 * unit or another county — pick the hardest case for the action). Return "n/a" for the
 * outside run when the action has no target (e.g. a read of one's own territory); a read
 * must then check itself that nothing outside leaked and throw if it did.
 * Throwing AppError FORBIDDEN / NOT_FOUND is the expected refusal.
 */
export type AuthzCase = (viewer: Viewer, inside: boolean) => Promise<unknown>;
export type AuthzCases = Partial<Record<Action, AuthzCase>>;
export const NOT_APPLICABLE = "n/a" as const;
