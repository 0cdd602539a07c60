import pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "@/lib/demo";
import { PHONE, launchBrowser, signIn } from "../support/browser";

const baseUrl = inject("baseUrl");
let browser: Browser;

async function gridCount(): Promise<number> {
  const client = new pg.Client({ connectionString: inject("e2eDatabaseUrl") });
  await client.connect();
  const { rows } = await client.query(`SELECT count(*)::int AS n FROM "Unit" WHERE level = 'GRID' AND boundary IS NOT NULL`);
  await client.end();
  return rows[0].n;
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("sign-in and territory", () => {
  it("sends an anonymous visitor to the sign-in page, in Chinese, with the demo accounts", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${baseUrl}/`);
    expect(page.url()).toBe(`${baseUrl}/login`);
    expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(await page.textContent("h2")).toBe("登录");
    expect(await page.textContent("#demo-title")).toContain("演示账号");
    await context.close();
  });

  it("shows a grid worker on a phone only their own grid", async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await signIn(context, baseUrl, "grid", DEMO_PASSWORD);
    // A grid worker lands on their grid's page: its boundary on the map, nothing else.
    await page.waitForURL(`${baseUrl}/grid`);
    await page.waitForSelector('[data-testid="grid-detail-map"][data-ready="true"]');
    expect(await page.textContent('[data-testid="whoami"]')).toContain("网格员");
    expect(await page.textContent("main")).toContain("南街社区第1网格");
    // The map draws its polygon with no tile server at all.
    expect(await page.locator(".leaflet-overlay-pane path, .leaflet-overlay-pane canvas").count()).toBeGreaterThan(0);
    // Another grid's page is simply not found for them.
    const client = new pg.Client({ connectionString: inject("e2eDatabaseUrl") });
    await client.connect();
    const { rows } = await client.query(`SELECT id FROM "Unit" WHERE name = '南街社区第2网格'`);
    await client.end();
    const response = await page.goto(`${baseUrl}/grid?gridId=${rows[0].id}`);
    expect(response?.status()).toBe(404);
    expect(await page.content()).not.toContain("南街社区第2网格");
    await context.close();
  });

  it("shows a county administrator every grid of the county", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, baseUrl, "admin", DEMO_PASSWORD);
    await page.waitForSelector('[data-testid="grid-map"][data-ready="true"]');
    const expected = await gridCount();
    expect(expected).toBeGreaterThanOrEqual(380);
    expect(await page.getAttribute('[data-testid="grid-map"]', "data-grid-count")).toBe(String(expected));
    expect(await page.locator('[data-testid="unit-tree"] li[data-level="GRID"]').count()).toBe(expected);
    await context.close();
  });

  it("locks an account after five wrong passwords", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    const attempt = async (password: string) => {
      await page.fill('input[name="username"]', "township2");
      await page.fill('input[name="password"]', password);
      const answered = page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
      await page.click('button[type="submit"]');
      await answered;
      await page.waitForSelector('[data-testid="login-error"]');
      return (await page.textContent('[data-testid="login-error"]')) ?? "";
    };
    for (let i = 1; i <= 4; i++) expect(await attempt(`Wrong#${i}pass`)).toContain("用户名或密码错误");
    expect(await attempt("Wrong#5pass")).toContain("锁定");
    expect(await attempt(DEMO_PASSWORD)).toContain("锁定");
    await context.close();
  });

  it("switches the interface to English", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.selectOption('select[aria-label="语言"]', "en");
    await page.waitForFunction(() => document.querySelector("h2")?.textContent === "Sign in");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await context.close();
  });

  it("ends a session at the next request when the user's session version changes", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, baseUrl, "grid2", DEMO_PASSWORD);
    await page.waitForSelector('[data-testid="whoami"]');
    const client = new pg.Client({ connectionString: inject("e2eDatabaseUrl") });
    await client.connect();
    await client.query(`UPDATE "User" SET "sessionVersion" = "sessionVersion" + 1 WHERE username = 'grid2'`);
    await client.end();
    await page.goto(`${baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(await page.textContent('[data-testid="login-error"]')).toContain("登录已超时");
    await context.close();
  });

  it("signs out", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, baseUrl, "leader", DEMO_PASSWORD);
    await page.waitForSelector('[data-testid="whoami"]');
    await page.click("text=退出登录");
    await page.waitForURL(`${baseUrl}/login`);
    await page.goto(`${baseUrl}/`);
    expect(page.url()).toBe(`${baseUrl}/login`);
    await context.close();
  });
});
