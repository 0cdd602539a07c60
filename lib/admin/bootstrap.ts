// The first administrator of a real deployment (`npm run admin:create -- <username>`):
// no account with a known password exists after the first start in production, so the
// operator makes one on the command line. It gets a one-time password, printed once,
// which must be changed at the first sign-in (and two-step sign-in enrolled after it).
import { ROLES, type RoleKey } from "@/lib/permissions";
import { hashPassword } from "@/lib/server/passwords";
import type { Db } from "@/lib/server/prisma";
import { oneTimePassword } from "./password-policy";
import { usernameSchema } from "./schemas";

export async function createAdminAccount(
  client: Db,
  input: { username: string; role?: RoleKey; unitCode?: string; displayName?: string },
): Promise<{ username: string; password: string; unitName: string }> {
  const username = usernameSchema.parse(input.username);
  const role = input.role ?? "ADMIN";
  if (!(ROLES as readonly string[]).includes(role)) throw new Error(`unknown role ${role}`);
  // The administrator's scope: the given unit, or the one root unit (a county) if there is exactly one.
  const unit = input.unitCode
    ? await client.unit.findUnique({ where: { code: input.unitCode }, select: { id: true, name: true, retiredAt: true } })
    : await (async () => {
        const roots = await client.unit.findMany({ where: { parentId: null, retiredAt: null }, select: { id: true, name: true, retiredAt: true }, take: 2 });
        if (roots.length !== 1) throw new Error(roots.length ? "several counties exist: pass --unit <division code>" : "no unit exists yet: import the county first (npm run db:import-divisions)");
        return roots[0];
      })();
  if (!unit || unit.retiredAt) throw new Error(`no such unit: ${input.unitCode}`);
  if (await client.user.findUnique({ where: { username }, select: { id: true } })) throw new Error(`user ${username} exists already`);
  const password = oneTimePassword(16);
  const user = await client.user.create({
    data: { username, displayName: input.displayName ?? username, role, unitId: unit.id, passwordHash: await hashPassword(password), mustChangePassword: true },
    select: { id: true },
  });
  await client.auditLog.create({
    data: { action: "users.create", result: "success", username: "(command line)", targetType: "user", targetId: user.id, details: { username, role, unitId: unit.id, via: "admin:create" } },
  });
  return { username, password, unitName: unit.name };
}
