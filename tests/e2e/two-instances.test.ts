// Two app instances against one database: nothing that matters lives in one process.
// Sessions are signed tokens checked against the database, lock-outs are computed from the
// attempt log, and the board's live updates follow a token read from the database, so
// either instance honours and shows what the other did.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "@/lib/demo";
import { launchBrowser, signIn } from "../support/browser";
import { actionRef, AppClient, loadActions } from "../support/http-client";

const root = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
const first = inject("baseUrl");
let second = "";
let child: ChildProcess;
let browser: Browser;

beforeAll(async () => {
  const port = await new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
  second = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: {
      ...process.env,
      ...inject("appSecrets"),
      NODE_ENV: "production",
      NODE_OPTIONS: "",
      DATABASE_URL: inject("e2eDatabaseUrl"),
      NEXTAUTH_URL: second,
      VITALGRID_DEMO: "1",
    },
    stdio: "ignore",
  });
  for (let i = 0; ; i++) {
    if ((await fetch(`${second}/api/health`).catch(() => null))?.ok) break;
    if (i > 200) throw new Error("second instance did not start");
    await new Promise((r) => setTimeout(r, 250));
  }
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  child?.kill("SIGTERM");
});

describe("two app instances on one database", () => {
  it("accepts a session signed in on the other instance", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, first, "community", DEMO_PASSWORD);
    await page.waitForSelector('[data-testid="whoami"]');
    const cookies = await context.cookies(first);
    const session = cookies.find((c) => c.name.endsWith("next-auth.session-token"));
    expect(session).toBeDefined();
    const res = await fetch(`${second}/`, { headers: { cookie: `${session!.name}=${session!.value}` }, redirect: "manual" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("南街社区居委会");
    await context.close();
  });

  it("shares lock-outs: failures on both instances add up", async () => {
    const attempt = async (base: string, password: string) => {
      const csrf = await fetch(`${base}/api/auth/csrf`);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const cookie = (csrf.headers.getSetCookie() ?? []).map((c) => c.split(";")[0]).join("; ");
      const res = await fetch(`${base}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams({ csrfToken, username: "center", password, json: "true" }),
      });
      return (res.headers.get("location") ?? (await res.text())).includes("error=locked") ? "locked" : res.status;
    };
    for (let i = 0; i < 3; i++) await attempt(first, `Wrong#${i}xx`);
    await attempt(second, "Wrong#3xx");
    expect(await attempt(second, "Wrong#4xx")).toBe("locked");
    expect(await attempt(first, DEMO_PASSWORD)).toBe("locked");
  });

  it("shows on one instance's live board the event assigned through the other", async () => {
    const db = new pg.Client({ connectionString: inject("e2eDatabaseUrl") });
    await db.connect();
    const [grid] = (
      await db.query<{ lat: number; lng: number }>(`SELECT u."centerLat" AS lat, u."centerLng" AS lng FROM "Unit" u JOIN "User" us ON us."unitId" = u.id WHERE us.username = 'grid'`)
    ).rows;
    const [category] = (await db.query<{ id: number }>(`SELECT id FROM "EventCategory" WHERE code = 'fire-exit'`)).rows;
    await db.end();

    // A leader watches the board on the second instance (the center's account is locked
    // out by the test above).
    const board = new AppClient(second);
    await board.signIn("leader", DEMO_PASSWORD);
    const token = async () => ((await (await board.fetch("/api/dispatch/changes")).json()) as { token: string }).token;
    const before = await token();

    // A leader's assignment made on the first instance starts the event at "to accept".
    const intake = new AppClient(first);
    await intake.signIn("leader", DEMO_PASSWORD);
    const result = await intake.action<{ ok: boolean; data?: { id: string } }>(actionRef(loadActions(), "lib/dispatch/actions.ts#reportEventAction"), [
      { requestKey: `two${Date.now().toString(36)}x`, categoryId: category.id, urgency: "NORMAL", title: "两个实例的看板", description: "楼道堆放杂物。", lat: grid.lat, lng: grid.lng },
    ]);
    expect(result).toMatchObject({ ok: true });

    // The second instance's feed moved at once: nothing to wait for, nothing cached.
    const after = await token();
    expect(BigInt(after)).toBeGreaterThan(BigInt(before));
    const page = await board.fetch("/dispatch/board");
    expect(await page.text()).toContain("两个实例的看板");
  });
});
