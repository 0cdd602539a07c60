import "server-only";
import { DEMO_USERNAMES } from "@/lib/demo";
import { db } from "./db";

/** The demo accounts that exist and are enabled, for the sign-in page in demo mode. */
export async function demoAccounts() {
  const users = await db.user.findMany({
    where: { username: { in: DEMO_USERNAMES }, enabled: true },
    select: { username: true, role: true, unit: { select: { name: true } } },
  });
  const order = new Map(DEMO_USERNAMES.map((u, i) => [u, i]));
  return users
    .sort((a, b) => (order.get(a.username) ?? 0) - (order.get(b.username) ?? 0))
    .map((u) => ({ username: u.username, role: u.role, unitName: u.unit.name }));
}
