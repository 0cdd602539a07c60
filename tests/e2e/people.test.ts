import pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "@/lib/demo";
import { makeIdNumber } from "@/lib/id-number";
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

describe("people registry on a phone", () => {
  it("lets a grid worker find a resident by name and see the ID number masked, then reveal it with an audit entry", async () => {
    const [someone] = await query<{ id: string; name: string; idMasked: string }>(
      `SELECT r.id, r.name, r."idMasked" FROM "Resident" r JOIN "User" u ON u."unitId" = r."gridId" WHERE u.username = 'grid' AND r."deletedAt" IS NULL ORDER BY r.name DESC LIMIT 1`,
    );
    expect(someone).toBeTruthy();
    const context = await browser.newContext({ viewport: PHONE });
    const page = await signIn(context, baseUrl, "grid", DEMO_PASSWORD);
    await page.waitForSelector('[data-testid="whoami"]');
    await page.goto(`${baseUrl}/grid/residents`);
    await page.fill('[data-testid="search"]', someone.name.slice(0, 2));
    await page.click('[data-testid="search-submit"]');
    await page.waitForURL(/q=/);
    const row = page.locator(`[data-testid="resident-list"] li[data-id="${someone.id}"]`);
    await row.waitFor();
    expect(await row.locator('[data-testid="resident-name"]').textContent()).toBe(someone.name);
    const masked = (await row.locator('[data-testid="resident-id"]').textContent()) ?? "";
    expect(masked).toMatch(/^620981\*{8}[0-9X]{4}$/);
    expect(masked).toBe(someone.idMasked);
    // Nothing on the page is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    await row.locator("a").click();
    await page.waitForURL(`${baseUrl}/grid/residents/${someone.id}`);
    expect(await page.textContent('[data-testid="id-number"]')).toBe(someone.idMasked);
    await page.click('[data-testid="id-number-reveal"]');
    await page.waitForFunction(() => !document.querySelector('[data-testid="id-number"]')?.textContent?.includes("*"));
    expect(await page.textContent('[data-testid="id-number"]')).toMatch(/^620981\d{8}\d{3}[0-9X]$/);
    const audits = await query<{ n: number }>(`SELECT count(*)::int AS n FROM "AuditLog" WHERE action = 'resident.reveal' AND "targetId" = $1 AND username = 'grid'`, [someone.id]);
    expect(audits[0].n).toBe(1);
    await context.close();
  });

  it("shows a wrong check digit as an error, then registers the resident with the right one", async () => {
    const good = makeIdNumber("620981", "1999-12-31", 997);
    const bad = good.slice(0, 17) + (good[17] === "1" ? "2" : "1");
    const context = await browser.newContext({ viewport: PHONE });
    const page = await signIn(context, baseUrl, "grid", DEMO_PASSWORD);
    await page.waitForSelector('[data-testid="whoami"]');
    await page.goto(`${baseUrl}/grid/residents/new`);
    await page.fill('input[name="name"]', "测试新居民");
    await page.fill('input[name="idNumber"]', bad);
    await page.click('[data-testid="save"]');
    const error = page.locator('[data-testid="id-field"] [data-testid="field-error"]');
    await error.waitFor();
    expect(await error.textContent()).toContain("校验位");
    expect(await query(`SELECT 1 FROM "Resident" WHERE name = '测试新居民'`)).toHaveLength(0);

    await page.fill('input[name="idNumber"]', good);
    // The birth date and sex are read from the number as it is typed.
    await page.waitForFunction(() => document.querySelector('[data-testid="id-field"]')?.textContent?.includes("1999-12-31"));
    await page.fill('input[name="phone"]', "13800001234");
    await page.click('[data-testid="save"]');
    await page.waitForURL(/\/grid\/residents\/c[a-z0-9]+$/);
    expect(await page.textContent('[data-testid="resident-title"]')).toBe("测试新居民");
    expect(await page.textContent('[data-testid="id-number"]')).toBe(`620981********${good.slice(-4)}`);
    const rows = await query<{ sex: string; birthDate: Date }>(`SELECT sex, "birthDate" FROM "Resident" WHERE name = '测试新居民'`);
    expect(rows).toHaveLength(1);
    expect(rows[0].sex).toBe("MALE");
    await context.close();
  });
});

describe("a resident registered in another grid, on a phone", () => {
  it("is asked for by one grid worker, approved by the other, and moves with its history", async () => {
    const idNumber = makeIdNumber("620981", "1988-08-08", 996);
    const masked = `620981********${idNumber.slice(-4)}`;
    const holder = await browser.newContext({ viewport: PHONE });
    const requester = await browser.newContext({ viewport: PHONE });
    try {
      // The second grid's worker has the person in their registry.
      const h = await signIn(holder, baseUrl, "grid2", DEMO_PASSWORD);
      await h.waitForSelector('[data-testid="whoami"]');
      await h.goto(`${baseUrl}/grid/residents/new`);
      await h.fill('input[name="name"]', "迁移测试甲");
      await h.fill('input[name="idNumber"]', idNumber);
      await h.click('[data-testid="save"]');
      await h.waitForURL(/\/grid\/residents\/c[a-z0-9]+$/);
      const residentId = h.url().split("/").pop()!;

      // The first grid's worker meets them and may not enter them again: they ask instead,
      // learning only where the record is held.
      const r = await signIn(requester, baseUrl, "grid", DEMO_PASSWORD);
      await r.waitForSelector('[data-testid="whoami"]');
      await r.goto(`${baseUrl}/grid/residents/new`);
      await r.fill('input[name="name"]', "迁移测试甲");
      await r.fill('input[name="idNumber"]', idNumber);
      await r.click('input[name="phone"]');
      await r.click('[data-testid="move-request-open"]');
      expect(await r.textContent('[data-testid="duplicate"]')).toContain("新市区街道");
      await r.fill('textarea[name="moveNote"]', "2026年10月起住本网格");
      await r.click('[data-testid="move-request-submit"]');
      await r.click('[data-testid="move-sent"] a');
      await r.waitForURL(/\/grid\/moves\/c[a-z0-9]+$/);
      const requestUrl = r.url();
      expect(await r.textContent('[data-testid="move-title"]')).toBe(masked);
      expect(await r.textContent("main")).not.toContain("南街社区第2网格");
      expect(await r.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      expect(await query(`SELECT 1 FROM "Resident" WHERE name = '迁移测试甲'`)).toHaveLength(1);

      // The holder finds the request from the registry, sees whom it is about and approves.
      await h.goto(`${baseUrl}/grid/residents`);
      expect(await h.textContent('[data-testid="moves-link"]')).toContain("1");
      await h.click('[data-testid="moves-link"]');
      await h.click(`[data-testid="move-list"] li a`);
      await h.waitForURL(requestUrl);
      expect(await h.textContent('[data-testid="move-resident"]')).toBe("迁移测试甲");
      expect(await h.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await h.click('[data-testid="move-approve"]');
      await h.waitForSelector('[data-testid="move-done"]');
      await h.waitForFunction(() => document.querySelector('[data-testid="move-status"]')?.textContent === "已同意");

      // The requester is notified and now has the record, with its history.
      const [note] = await query<{ kind: string; href: string }>(
        `SELECT n.kind, n.href FROM "Notification" n JOIN "User" u ON u.id = n."userId" WHERE u.username = 'grid' AND n.kind LIKE 'people.%'`,
      );
      expect(note).toEqual({ kind: "people.moveApproved", href: `/grid/residents/${residentId}` });
      await r.reload();
      await r.click('[data-testid="move-resident"]');
      await r.waitForURL(`${baseUrl}/grid/residents/${residentId}`);
      expect(await r.textContent('[data-testid="resident-title"]')).toBe("迁移测试甲");
      expect(await r.getAttribute('[data-testid="history"] li[data-action="MOVE"]', "data-action")).toBe("MOVE");
      const [row] = await query<{ grid: string }>(`SELECT g.name AS grid FROM "Resident" r JOIN "Unit" g ON g.id = r."gridId" WHERE r.id = $1`, [residentId]);
      expect(row.grid).toBe("南街社区第1网格");
    } finally {
      await holder.close();
      await requester.close();
    }
  });
});
