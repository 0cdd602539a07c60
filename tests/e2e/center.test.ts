import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "@/lib/demo";
import { PHONE, launchBrowser, signIn } from "../support/browser";

// The governance center in the browser, with the demo accounts: a visitor at the county's
// center is registered at the intake desk and the matter becomes a dispute; the case is
// given to a mediation committee, a session is recorded, the agreement is reached, and
// the agreement prints (the print page with the parties and the text, and the PDF).

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

async function as(username: string, options: Parameters<Browser["newContext"]>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await signIn(context, baseUrl, username, DEMO_PASSWORD);
  // The first sign-in lands on a county's map page of a server that has just started: on a
  // busy machine that first render can take longer than the usual wait.
  await page.waitForSelector('[data-testid="whoami"]', { timeout: 90_000 });
  return { context, page };
}

/** Picks a resident in a visitor picker by searching for their exact name. */
async function pickResident(page: Page, picker: string, name: string) {
  await page.fill(`[data-testid="${picker}-search"]`, name);
  const result = page.locator(`[data-testid="${picker}-results"] button`, { hasText: name }).first();
  await result.waitFor();
  await result.click();
  await page.waitForSelector(`[data-testid="${picker}-chosen"]`);
}

/** Opens one step of the case's action panel, fills it, submits, and waits for the new status. */
async function step(page: Page, action: string, fill: Record<string, string>, status: string) {
  await page.click(`[data-testid="action-${action}"]`);
  for (const [testId, value] of Object.entries(fill)) await page.fill(`[data-testid="${testId}"]`, value);
  await page.click('[data-testid="step-submit"]');
  await page.waitForSelector(`[data-testid="dispute-detail"][data-status="${status}"]`);
}

describe("governance center, end to end", () => {
  it("turns a visitor at the county's center into a dispute, mediates it to an agreement, and prints the agreement", async () => {
    const [a, b] = await query<{ name: string }>(
      `SELECT r.name FROM "Resident" r JOIN "Unit" g ON g.id = r."gridId"
       WHERE r."deletedAt" IS NULL AND (SELECT count(*) FROM "Resident" x WHERE x.name = r.name) = 1
       ORDER BY g.code, r.name LIMIT 2`,
    );
    const title = `e2e 院墙排水纠纷 ${Date.now().toString(36)}`;
    const center = await as("center");
    const { page } = center;

    // The center page: departments stationed, today's intake, open disputes by risk.
    await page.goto(`${baseUrl}/center`);
    await page.waitForSelector('[data-testid="center-page"]');
    expect(await page.textContent('[data-testid="stations"]')).toContain("公安局");

    // 1. The intake desk: the visitor is found in the registry, the matter becomes a dispute.
    await page.click('[data-testid="new-intake"]');
    await page.waitForSelector('[data-testid="intake-form"]');
    await pickResident(page, "visitor", a.name);
    await page.selectOption('[data-testid="matter-type"]', "DISPUTE");
    await page.fill('[data-testid="content"]', "邻居改建排水沟，雨水流入院内，多次协商未果，请求调解。");
    await page.click('[data-testid="handling-DISPUTE"]');
    await page.waitForSelector('[data-testid="dispute-section"]');
    await page.fill('[data-testid="dispute-title"]', title);
    await page.selectOption('[data-testid="dispute-grid"]', { index: 1 });
    await page.fill('[data-testid="dispute-risk-reason"]', "双方情绪对立，需尽快化解");
    await pickResident(page, "party-1-visitor", b.name);
    await page.click('[data-testid="save-intake"]');
    await page.waitForURL(/\/center\/disputes\/[^/]+$/);
    await page.waitForSelector('[data-testid="dispute-detail"][data-status="REGISTERED"]');
    const disputeId = new URL(page.url()).pathname.split("/").pop()!;
    const [created] = await query<{ title: string; source: string; parties: string[] }>(
      `SELECT d.title, d.source::text, array_agg(p.name ORDER BY p.position) AS parties FROM "Dispute" d JOIN "DisputeParty" p ON p."disputeId" = d.id WHERE d.id = $1 GROUP BY d.id`,
      [disputeId],
    );
    expect(created).toMatchObject({ title, source: "INTAKE", parties: [a.name, b.name] });
    expect(await page.textContent('[data-testid="parties"]')).toContain(b.name);

    // 2. Mediation: mediators, a session, the agreement.
    await step(page, "assign", { "f-mediators": "张调解、李调解" }, "MEDIATING");
    await step(page, "session", { "f-present": `${a.name}、${b.name}、张调解`, "f-notes": "释法说理，双方同意各让一步。" }, "MEDIATING");
    expect(await page.textContent('[data-testid="sessions"]')).toContain("释法说理");
    // The parties ask for judicial confirmation: its 30-day period starts to run.
    await page.click('[data-testid="action-agree"]');
    await page.fill('[data-testid="f-terms"]', `一、${b.name}于十日内恢复排水沟原走向。\n二、${b.name}赔偿${a.name}损失人民币八百元。`);
    await page.fill('[data-testid="f-performance"]', "十日内履行完毕。");
    await page.check('[data-testid="f-judicialRequested"]');
    await page.click('[data-testid="step-submit"]');
    await page.waitForSelector('[data-testid="dispute-detail"][data-status="AGREED"]');
    expect(await page.textContent('[data-testid="agreement"]')).toMatch(/调字〔\d{4}〕第\d{4}号/);
    expect(await page.getAttribute('[data-testid="judicial"]', "data-state")).toBe("ok");

    // 3. The agreement prints: the standard layout with the parties and the text.
    await page.click('[data-testid="print-link"]');
    await page.waitForSelector('[data-testid="agreement-sheet"]');
    const sheet = await page.textContent('[data-testid="agreement-sheet"]');
    expect(sheet).toContain("人民调解协议书");
    expect(await page.textContent('[data-testid="agreement-parties"]')).toMatch(new RegExp(`甲方：${a.name}[\\s\\S]*乙方：${b.name}`));
    expect(await page.textContent('[data-testid="agreement-terms"]')).toContain("恢复排水沟原走向");
    expect(sheet).toContain("人民调解委员会（印）");
    // In print the app's header and navigation are gone; the sheet fills an A4 page.
    await page.emulateMedia({ media: "print" });
    expect(await page.isVisible("header")).toBe(false);
    expect(await page.isVisible('[data-testid="agreement-sheet"]')).toBe(true);
    const pdfFromBrowser = await page.pdf({ format: "A4", printBackground: true });
    expect(pdfFromBrowser.subarray(0, 4).toString()).toBe("%PDF");
    await page.emulateMedia({ media: "screen" });

    // The server-made PDF (with an embedded CJK font).
    const pdf = await center.context.request.get(`${baseUrl}/center/disputes/${disputeId}/agreement/pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    const bytes = await pdf.body();
    expect(bytes.subarray(0, 4).toString()).toBe("%PDF");
    expect(bytes.toString("latin1")).toContain("NotoSansHans");

    // The visitor's history is one click away, from the case and from the center page's intake, and shows the case.
    await page.goto(`${baseUrl}/center/disputes/${disputeId}`);
    await page.click(`[data-testid="parties"] a:text("${a.name}")`);
    await page.waitForSelector('[data-testid="visitor-history"]');
    expect(await page.textContent('[data-testid="visitor-disputes"]')).toContain(title);
    await page.goto(`${baseUrl}/center`);
    await page.click(`[data-testid="today-intake"] [data-testid="intake-visitor"]:text("${a.name}")`);
    await page.waitForSelector('[data-testid="visitor-history"]');
    expect(await page.textContent('[data-testid="visitor-intakes"]')).toContain("邻居改建排水沟");

    // Another township's officer cannot open the county center's agreement: not found.
    const other = await as("township2");
    const res = await other.page.goto(`${baseUrl}/center/disputes/${disputeId}/agreement`);
    expect(await other.page.locator('[data-testid="agreement-sheet"]').count()).toBe(0);
    expect(res?.status()).toBe(404);
    await other.context.close();
    await center.context.close();
  });

  it("fits the intake desk on a phone", async () => {
    const { context, page } = await as("community", { viewport: PHONE });
    await page.goto(`${baseUrl}/center/intake/new`);
    await page.waitForSelector('[data-testid="intake-form"]');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.goto(`${baseUrl}/center`);
    await page.waitForSelector('[data-testid="center-page"]');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await context.close();
  });
});
