import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "@/lib/demo";
import { PHONE, launchBrowser, signIn } from "../support/browser";

// The special projects path in the browser, with the demo accounts: the center builds a
// form template (a finding rule and a conditional question), starts a campaign over one
// township's shops, the grid worker fills in a shop's form on a phone (first missing an
// answer, then with a finding), and turns the finding into a dispatch event with one click.

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
  await page.waitForSelector('[data-testid="whoami"]');
  page.on("dialog", (d) => void d.accept());
  return { context, page };
}

const field = (page: Page, i: number) => page.locator(`[data-builder-field="${i}"]`);

describe("special projects, end to end", () => {
  it("builds a template, starts a campaign, and a worker's finding on a phone becomes an event", async () => {
    const stamp = Date.now().toString(36);
    const templateName = `e2e 沿街商铺消防检查表 ${stamp}`;
    const title = `e2e 沿街商铺消防安全排查 ${stamp}`;

    // 1. The center builds the template in the browser.
    const center = await as("center");
    await center.page.goto(`${baseUrl}/projects/templates/new`);
    await center.page.fill("#tpl-name", templateName);
    await center.page.selectOption('[data-testid="add-field-type"]', "yesNo");
    await center.page.click('[data-testid="add-field"]');
    await field(center.page, 0).locator('[data-testid="field-label"]').fill("是否配备灭火器");
    await field(center.page, 0).locator('[data-testid="field-required"]').check();
    await field(center.page, 0).locator('[data-testid="field-finding"]').check();
    await field(center.page, 0).locator('[data-testid="finding-category"]').selectOption({ label: "消防隐患 / 消防设施损坏缺失" });
    await center.page.selectOption('[data-testid="add-field-type"]', "number");
    await center.page.click('[data-testid="add-field"]');
    await field(center.page, 1).locator('[data-testid="field-label"]').fill("灭火器数量");
    await field(center.page, 1).locator('[data-testid="field-required"]').check();
    await field(center.page, 1).locator('[data-testid="field-condition"]').check();
    await field(center.page, 1).locator('[data-testid="condition-value"][data-value="true"]').check();
    await center.page.selectOption('[data-testid="add-field-type"]', "single");
    await center.page.click('[data-testid="add-field"]');
    await field(center.page, 2).locator('[data-testid="field-label"]').fill("燃气使用情况");
    await field(center.page, 2).locator('[data-testid="option-label"]').nth(0).fill("管道天然气");
    await field(center.page, 2).locator('[data-testid="option-label"]').nth(1).fill("液化气瓶");
    // The preview applies the condition as the builder goes.
    const preview = center.page.locator('[data-testid="builder-preview"]');
    expect(await preview.locator('[data-field="f2"]').count()).toBe(0);
    await preview.locator('[data-field="f1"] input[value="true"]').check();
    await preview.locator('[data-field="f2"]').waitFor();
    await center.page.click('[data-testid="save-template"]');
    await center.page.waitForSelector('[data-testid="template-page"][data-version="1"]');
    const [template] = await query<{ id: string; fields: { key: string; type: string; showIf?: unknown; finding?: { values: unknown[]; categoryId: number } }[] }>(
      `SELECT t.id, v.fields FROM "FormTemplate" t JOIN "FormTemplateVersion" v ON v."templateId" = t.id WHERE t.name = $1`,
      [templateName],
    );
    expect(template.fields.map((f) => f.type)).toEqual(["yesNo", "number", "single"]);
    expect(template.fields[0].finding?.values).toEqual([false]);
    expect(template.fields[1].showIf).toEqual({ field: "f1", values: [true] });

    // 2. The center starts a campaign over the demo township's shops with it.
    await center.page.click('[data-testid="use-template"]');
    await center.page.waitForSelector('[data-testid="project-form"]');
    await center.page.fill("#title", title);
    await center.page.click('[data-testid="cover-chosen"] button');
    await center.page.check('[data-testid="unit-picker"] input[data-unit="新市区街道"]');
    await center.page.click('[data-testid="add-selector-PLACE"]');
    await center.page.locator('[data-testid="chips-categories"] button', { hasText: "商铺" }).click();
    await center.page.click('[data-testid="count-records"]');
    await center.page.waitForSelector('[data-testid="counted"]');
    await center.page.click('[data-testid="save-project"]');
    await center.page.waitForSelector('[data-testid="project-detail"][data-status="DRAFT"]');
    await center.page.click('[data-testid="start-project"]');
    await center.page.waitForSelector('[data-testid="project-detail"][data-status="RUNNING"]');
    const [project] = await query<{ id: string; tasks: number; items: number }>(
      `SELECT p.id, (SELECT count(*)::int FROM "ProjectTask" t WHERE t."projectId" = p.id) AS tasks,
              (SELECT count(*)::int FROM "ProjectTaskItem" i JOIN "ProjectTask" t ON t.id = i."taskId" WHERE t."projectId" = p.id) AS items
       FROM "Project" p WHERE p.title = $1`,
      [title],
    );
    expect(project.tasks).toBeGreaterThan(10);
    expect(project.items).toBeGreaterThan(project.tasks);

    // 3. The grid worker opens the task on a phone and fills in a shop's form.
    const worker = await as("grid", { viewport: PHONE });
    await worker.page.goto(`${baseUrl}/projects`);
    await worker.page.locator(`[data-testid="project-list"] li`, { hasText: title }).locator('[data-testid="my-task"]').click();
    await worker.page.waitForSelector('[data-testid="task-page"]');
    const first = worker.page.locator('[data-testid="task-items"] li[data-checked="0"]').first();
    const label = (await first.getAttribute("data-label"))!;
    await first.locator("a").click();
    await worker.page.waitForSelector('[data-testid="fill-form"]');
    expect(await worker.page.textContent('[data-testid="fill-record"]')).toBe(label);
    // Submitting without the required answer: told what is missing, nothing saved.
    await worker.page.click('[data-testid="submit-form"]');
    await worker.page.waitForSelector('[data-testid="form-error"]');
    expect(await worker.page.locator('[data-field="f1"] [data-testid="field-error"]').textContent()).toBe("此项必填");
    expect((await query<{ n: number }>(`SELECT count(*)::int AS n FROM "ProjectSubmission" WHERE "projectId" = $1`, [project.id]))[0].n).toBe(0);
    // No extinguisher: a finding; the count question stays hidden.
    await worker.page.locator('[data-field="f1"] input[value="false"]').check();
    await worker.page.waitForSelector('[data-field="f1"] [data-testid="finding-hint"]');
    expect(await worker.page.locator('[data-field="f2"]').count()).toBe(0);
    await worker.page.locator('[data-field="f3"] input[value="o2"]').check();
    expect(await worker.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await worker.page.click('[data-testid="submit-form"]');
    await worker.page.waitForSelector('[data-testid="submission"][data-findings="1"]');
    expect(await worker.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // 4. One click turns the finding into a dispatch event, linked back to the campaign.
    await worker.page.click('[data-testid="convert-finding"]');
    await worker.page.waitForSelector('[data-testid="finding-event"]');
    const [finding] = await query<{ id: string; eventId: string; eventNo: number }>(
      `SELECT f.id, f."eventId", f."eventNo" FROM "ProjectFinding" f WHERE f."projectId" = $1`,
      [project.id],
    );
    const [event] = await query<{ source: string; sourceRef: string; state: string; category: string }>(
      `SELECT e.source::text, e."sourceRef", e.state::text, c.code AS category FROM "Event" e JOIN "EventCategory" c ON c.id = e."categoryId" WHERE e.id = $1`,
      [finding.eventId],
    );
    expect(event).toMatchObject({ source: "PROJECT_FINDING", sourceRef: finding.id, state: "REPORTED", category: "fire-equipment" });
    await worker.page.click('[data-testid="finding-event"]');
    await worker.page.waitForSelector(`[data-testid="event-detail"]`);
    await worker.page.click('[data-testid="event-project-link"]');
    await worker.page.waitForSelector('[data-testid="submission"]');

    // 5. The center's board counts it.
    await center.page.goto(`${baseUrl}/projects/${project.id}`);
    const totals = center.page.locator('[data-testid="board-totals"]');
    expect(await totals.getAttribute("data-checked")).toBe("1");
    expect(await totals.getAttribute("data-findings")).toBe("1");
    expect(await totals.getAttribute("data-events")).toBe("1");
    await worker.context.close();
    await center.context.close();
  });
});
