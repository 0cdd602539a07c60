import pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "@/lib/demo";
import { PHONE, launchBrowser, signIn } from "../support/browser";

const baseUrl = inject("baseUrl");
let browser: Browser;

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: inject("e2eDatabaseUrl") });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("a grid worker on a phone", () => {
  it("lands on the grid page, opens my visits and logs a visit for an overdue household", async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await signIn(context, baseUrl, "grid", DEMO_PASSWORD);
    await page.waitForURL(`${baseUrl}/grid`);
    await page.waitForSelector('[data-testid="grid-overview"]');
    const [grid] = await query<{ id: number; name: string }>(
      `SELECT u.id, u.name FROM "User" s JOIN "Unit" u ON u.id = s."unitId" WHERE s.username = 'grid'`,
    );
    expect(await page.textContent('[data-testid="grid-name"]')).toBe(grid.name);
    // The grid's map draws its boundary and markers without any tile server.
    await page.waitForSelector('[data-testid="grid-detail-map"][data-ready="true"]');
    expect(Number(await page.getAttribute('[data-testid="grid-detail-map"]', "data-marker-count"))).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    await page.click('[data-testid="open-visits"]');
    await page.waitForURL(`${baseUrl}/grid/visits`);
    const overdue = page.locator('[data-testid="due-overdue"] > li');
    await overdue.first().waitFor();
    const before = await overdue.count();
    expect(before).toBeGreaterThan(0);
    const householdId = await overdue.first().getAttribute("data-household-id");
    expect(householdId).toBeTruthy();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    const row = page.locator(`[data-testid="due-overdue"] > li[data-household-id="${householdId}"]`);
    await row.locator('[data-testid="log-visit-open"]').click();
    const form = row.locator('[data-testid="log-visit-form"]');
    await form.waitFor();
    const memberChips = form.locator("button[aria-pressed]");
    if ((await memberChips.count()) > 0) await memberChips.first().click();
    await form.locator('textarea[name="findings"]').fill("入户走访，家中一切正常，宣传了防诈骗知识。");
    await form.locator('[data-testid="log-visit-submit"]').click();

    await page.waitForSelector('[data-testid="visit-logged"]');
    await page.waitForFunction(
      (id) => !document.querySelector(`[data-testid="due-overdue"] > li[data-household-id="${id}"]`),
      householdId,
    );
    expect(await overdue.count()).toBe(before - 1);
    expect(Number(await page.textContent('[data-testid="due-overdue-count"]'))).toBe(before - 1);

    const [visit] = await query<{ method: string; findings: string; due: Date }>(
      `SELECT v.method, v.findings, h."nextVisitDue" AS due FROM "Visit" v JOIN "Household" h ON h.id = v."householdId"
       JOIN "User" u ON u.id = v."visitorId" WHERE v."householdId" = $1 AND u.username = 'grid' ORDER BY v."createdAt" DESC LIMIT 1`,
      [householdId],
    );
    expect(visit).toMatchObject({ method: "IN_PERSON", findings: "入户走访，家中一切正常，宣传了防诈骗知识。" });
    expect(new Date(visit.due).getTime()).toBeGreaterThan(Date.now());
    await context.close();
  });

  it("shows a township officer a picker of the grids in their territory", async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await signIn(context, baseUrl, "township", DEMO_PASSWORD);
    await page.waitForSelector('[data-testid="whoami"]');
    await page.goto(`${baseUrl}/grid`);
    await page.waitForSelector('[data-testid="grid-picker"]');
    const first = page.locator('[data-testid="pick-grid"]').first();
    const name = (await first.locator("span").first().textContent()) ?? "";
    await first.click();
    await page.waitForSelector('[data-testid="grid-overview"]');
    expect(page.url()).toMatch(/\/grid\?gridId=\d+$/);
    expect(await page.textContent('[data-testid="grid-name"]')).toBe(name);
    await context.close();
  });
});
