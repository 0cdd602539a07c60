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
