// Administration in a browser: an account made by the system administrator, its first
// sign-in with a forced password change, two-step sign-in enrolled and then used (a code,
// then a recovery code), the audit administrator's view of it all, and no full ID number
// on any page unless revealed.
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Secret, TOTP } from "otpauth";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "@/lib/demo";
import { launchBrowser, PHONE } from "../support/browser";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const NEW_USER = "e2e_worker";
const NEW_PASSWORD = "Fresh#Start2026";
let oneTimePassword = "";
let secret = "";
let recoveryCodes: string[] = [];

async function typeCredentials(page: Page, username: string, password: string) {
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  const answered = page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
  await page.click('button[type="submit"]');
  await answered;
}

async function signedIn(context: BrowserContext, username: string, password: string): Promise<Page> {
  const page = await context.newPage();
  await typeCredentials(page, username, password);
  // Signed in once the app (or, for an account to put in order, the account page) has loaded;
  // navigating earlier would race the sign-in form's own redirect.
  await page.waitForSelector('[data-testid="whoami"], [data-testid="account-whoami"]');
  await page.waitForLoadState("networkidle");
  return page;
}

function code(at: number) {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" }).generate({ timestamp: at });
}

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: inject("e2eDatabaseUrl") });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe("administration", () => {
  it("lets the system administrator create a grid worker with a one-time password", async () => {
    const context = await browser.newContext();
    const page = await signedIn(context, "admin", DEMO_PASSWORD);
    await page.goto(`${baseUrl}/admin/users/new`);
    await page.fill('input[name="username"]', NEW_USER);
    await page.fill('input[name="displayName"]', "测试网格员");
    await page.selectOption('select[name="roleKey"]', "GRID_WORKER");
    // The territory is picked on the unit tree: find the demo grid worker's grid by name.
    const [grid] = await query<{ name: string; code: string }>(`SELECT u.name, u.code FROM "User" x JOIN "Unit" u ON u.id = x."unitId" WHERE x.username = 'grid'`);
    await page.fill('[data-testid="unit-picker"] input[type="search"]', grid.name);
    await page.check(`[data-testid="unit-picker"] input[data-unit-code="${grid.code}"]`);
    await page.click('[data-testid="user-submit"]');
    await page.waitForSelector('[data-testid="one-time-password"]');
    oneTimePassword = (await page.textContent('[data-testid="password-value"]'))!.trim();
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(14);
    await context.close();
  });

  it("makes the new user change the password before anything else", async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await signedIn(context, NEW_USER, oneTimePassword);
    await page.waitForURL(`${baseUrl}/account`);
    expect(await page.textContent('[data-testid="account-restricted"]')).toContain("请先修改密码");
    // The rest of the app sends them back here.
    await page.goto(`${baseUrl}/grid`);
    await page.waitForURL(`${baseUrl}/account`);
    await page.fill('input[name="current"]', oneTimePassword);
    await page.fill('input[name="next"]', NEW_PASSWORD);
    await page.fill('input[name="confirm"]', NEW_PASSWORD);
    await page.click('[data-testid="change-password-submit"]');
    await page.waitForURL((u) => u.pathname === "/login");
    expect(await page.textContent('[data-testid="login-error"]')).toContain("密码已修改");
    await context.close();
  });

  it("enrols two-step sign-in with an authenticator app", async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await signedIn(context, NEW_USER, NEW_PASSWORD);
    await page.goto(`${baseUrl}/account`);
    await page.click('[data-testid="totp-start"]');
    await page.waitForSelector('[data-testid="totp-qr"]');
    secret = (await page.textContent('[data-testid="totp-secret"]'))!.trim();
    await page.fill('input[name="code"]', code(Date.now()));
    await page.click('[data-testid="totp-confirm"]');
    await page.waitForSelector('[data-testid="recovery-codes"]');
    recoveryCodes = await page.locator('[data-testid="recovery-codes"] li').allTextContents();
    expect(recoveryCodes).toHaveLength(10);
    await page.click('[data-testid="codes-done"]');
    await page.waitForURL((u) => u.pathname !== "/account");
    await context.close();
  });

  it("asks for the code after the password, refuses a used one, and takes a recovery code once", async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await typeCredentials(page, NEW_USER, NEW_PASSWORD);
    await page.waitForSelector('[data-testid="totp-input"]');
    // The next period's code: the current one may be the code the enrolment just used.
    const next = code(Date.now() + 30_000);
    await page.fill('[data-testid="totp-input"]', next);
    await page.click('button[type="submit"]');
    await page.waitForURL((u) => u.pathname !== "/login");
    expect(await page.textContent('[data-testid="whoami"]')).toContain("测试网格员");
    await context.close();

    // The same code again, from another browser: refused.
    const other = await browser.newContext({ viewport: PHONE });
    const again = await other.newPage();
    await typeCredentials(again, NEW_USER, NEW_PASSWORD);
    await again.waitForSelector('[data-testid="totp-input"]');
    await again.fill('[data-testid="totp-input"]', next);
    const answered = again.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
    await again.click('button[type="submit"]');
    await answered;
    await again.waitForFunction(() => document.querySelector('[data-testid="login-error"]')?.textContent?.includes("已使用过"));
    // A recovery code instead.
    await again.fill('[data-testid="totp-input"]', recoveryCodes[0]);
    await again.click('button[type="submit"]');
    await again.waitForURL((u) => u.pathname !== "/login");
    const used = await query<{ n: number }>(`SELECT count(*)::int AS n FROM "RecoveryCode" r JOIN "User" u ON u.id = r."userId" WHERE u.username = $1 AND r."usedAt" IS NOT NULL`, [NEW_USER]);
    expect(used[0].n).toBe(1);
    await other.close();
  });

  it("shows the audit administrator the log of it all, and only that", async () => {
    const context = await browser.newContext();
    const page = await signedIn(context, "auditor", DEMO_PASSWORD);
    // No territory to show: the home page sends the audit administrator to administration.
    await page.waitForURL(`${baseUrl}/admin`);
    expect(await page.locator('nav[aria-label="modules"] a').allTextContents()).toEqual(["系统管理"]);
    await page.goto(`${baseUrl}/admin/audit?user=${NEW_USER}`);
    const actions = await page.locator('[data-testid="audit-table"] tbody tr td:nth-child(4)').allTextContents();
    expect(actions).toEqual(expect.arrayContaining(["auth.signin", "account.changePassword", "account.totpEnable"]));
    const download = await page.request.get(`${baseUrl}/api/admin/audit/export?user=${NEW_USER}`);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toContain("spreadsheetml");
    expect((await download.body()).subarray(0, 2).toString()).toBe("PK");
    // Everything else is closed to them.
    expect((await page.goto(`${baseUrl}/admin/users`))?.status()).toBe(404);
    expect((await page.goto(`${baseUrl}/admin/roles`))?.status()).toBe(404);
    await context.close();

    // And the system administrator cannot read or export the log.
    const adminContext = await browser.newContext();
    const admin = await signedIn(adminContext, "admin", DEMO_PASSWORD);
    expect((await admin.request.get(`${baseUrl}/api/admin/audit/export`)).status()).toBe(403);
    await adminContext.close();
  });

  it("lets the system administrator edit the dictionaries: a key-group tag and the visit intervals", async () => {
    const context = await browser.newContext();
    const page = await signedIn(context, "admin", DEMO_PASSWORD);
    await page.goto(`${baseUrl}/admin/dictionaries`);
    const [tag] = await query<{ id: number }>(`SELECT id FROM "KeyGroupTag" WHERE code = 'LOW_INCOME'`);
    const row = page.locator(`[data-testid="key-group-tags"] tr[data-row="${tag.id}"]`);
    await row.locator('[data-testid="edit-row"]').click();
    await row.locator('input[aria-label="名称"]').fill("低保对象");
    await row.getByRole("button", { name: "保存" }).click();
    await page.waitForFunction((id) => document.querySelector(`[data-testid="key-group-tags"] tr[data-row="${id}"]`)?.textContent?.includes("低保对象"), tag.id);

    const form = '[data-testid="settings-visits.intervals"]';
    await page.fill(`${form} input[name="keyEvery"]`, "10");
    await page.selectOption(`${form} select[name="keyUnit"]`, "DAY");
    await page.click('[data-testid="save-visits.intervals"]');
    await page.waitForSelector(`${form} [data-testid="form-message"]`);
    const [setting] = await query<{ value: Record<string, unknown> }>(`SELECT value FROM "Setting" WHERE key = 'visits.intervals'`);
    expect(setting.value).toMatchObject({ keyEvery: 10, keyUnit: "DAY", ordinaryEvery: 1, ordinaryUnit: "MONTH" });
    const audit = await query<{ n: number }>(`SELECT count(*)::int AS n FROM "AuditLog" WHERE action IN ('settings.update', 'people.tag.update') AND username = 'admin'`);
    expect(audit[0].n).toBe(2);
    await context.close();
  });

  it("shows no full ID number on the registry's pages unless revealed", async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await signedIn(context, "grid", DEMO_PASSWORD);
    const FULL_ID = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;
    await page.goto(`${baseUrl}/grid/residents`);
    await page.waitForSelector("main");
    expect(await page.content()).not.toMatch(FULL_ID);
    const [resident] = await query<{ id: string }>(
      `SELECT r.id FROM "Resident" r JOIN "User" u ON u."unitId" = r."gridId" WHERE u.username = 'grid' AND r."deletedAt" IS NULL ORDER BY r.id LIMIT 1`,
    );
    await page.goto(`${baseUrl}/grid/residents/${resident.id}`);
    await page.waitForSelector('[data-testid="resident-title"]');
    expect(await page.content()).not.toMatch(FULL_ID);
    await context.close();
  });

  it("refuses to run in production with VITALGRID_DEMO=0 while demo accounts keep the public password", async () => {
    const root = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const child = spawn(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: root,
      env: {
        ...process.env,
        ...inject("appSecrets"),
        NODE_ENV: "production",
        NODE_OPTIONS: "",
        DATABASE_URL: inject("e2eDatabaseUrl"),
        NEXTAUTH_URL: `http://127.0.0.1:${port}`,
        VITALGRID_DEMO: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(output).toContain("demo accounts with the public demo password exist");
    expect(output).toContain("admin:create");
  });
});
