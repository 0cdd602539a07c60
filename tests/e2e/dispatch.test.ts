import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "@/lib/demo";
import { PHONE, launchBrowser, signIn } from "../support/browser";

// The whole dispatch path in the browser, with the demo accounts: a grid worker reports on
// a phone (placing the point with "use my location"), the community and the township pass
// it up, the center accepts and dispatches it to the public security bureau, the bureau
// completes it, the center passes the result, and the grid worker sees the reply and
// records the resident's satisfaction. The center's board updates by itself meanwhile.

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
  return { context, page };
}

/** Opens the event, takes one action through the panel, and waits for the new state. */
async function act(page: Page, eventId: string, action: string, fill: Record<string, string>, expectState: string) {
  await page.goto(`${baseUrl}/dispatch/${eventId}`);
  await page.click(`[data-testid="action-${action}"]`);
  for (const [selector, value] of Object.entries(fill)) {
    if (selector.startsWith("select:")) await page.selectOption(selector.slice(7), { label: value });
    else await page.fill(selector, value);
  }
  await page.click('[data-testid="action-submit"]');
  await page.waitForSelector('[data-testid="panel-ok"]');
  await page.waitForSelector(`[data-testid="event-detail"][data-state="${expectState}"]`);
}

describe("dispatch, end to end", () => {
  it("takes an event from a grid worker's phone to a department and back to the reporter", async () => {
    const [grid] = await query<{ lat: number; lng: number; name: string }>(
      `SELECT u."centerLat" AS lat, u."centerLng" AS lng, u.name FROM "Unit" u JOIN "User" us ON us."unitId" = u.id WHERE us.username = 'grid'`,
    );
    const title = `e2e 楼道堆放杂物堵塞消防通道 ${Date.now().toString(36)}`;

    // 1. The grid worker reports on a phone, the point from "use my location".
    const worker = await as("grid", { viewport: PHONE, permissions: ["geolocation"], geolocation: { latitude: grid.lat, longitude: grid.lng } });
    await worker.page.goto(`${baseUrl}/dispatch/new`);
    await worker.page.waitForSelector('[data-testid="map-picker"][data-ready="true"]');
    await worker.page.selectOption("#categoryId", { label: "消防通道堵塞" });
    await worker.page.fill("#title", title);
    await worker.page.fill("#description", "三号楼一单元楼道堆满纸箱和旧家具，消防通道无法通行。");
    await worker.page.click('[data-testid="use-location"]');
    await worker.page.waitForFunction((name) => document.querySelector('[data-testid="detected-grid"]')?.textContent?.includes(name), grid.name);
    expect(await worker.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await worker.page.click('[data-testid="submit-report"]');
    await worker.page.waitForURL(/\/dispatch\/(?!new)[^/]+$/);
    const eventId = new URL(worker.page.url()).pathname.split("/").pop()!;
    const [created] = await query<{ no: number; state: string; source: string }>(`SELECT no, state::text, source::text FROM "Event" WHERE id = $1`, [eventId]);
    expect(created).toMatchObject({ state: "REPORTED", source: "GRID_REPORT" });
    await worker.page.waitForSelector('[data-testid="event-detail"][data-state="REPORTED"]');

    // The center watches its board while the event climbs up.
    const center = await as("center");
    await center.page.goto(`${baseUrl}/dispatch/board`);
    await center.page.waitForSelector('[data-testid="board-live"]');

    await act(worker.page, eventId, "escalate", { "#f-comment": "楼道杂物需社区协调清理" }, "AT_COMMUNITY");
    const community = await as("community");
    await act(community.page, eventId, "escalate", { "#f-comment": "涉及多户居民，需乡镇协调" }, "AT_TOWNSHIP");
    const township = await as("township");
    const tokenBefore = await center.page.getAttribute('[data-testid="board-live"]', "data-token");
    const countBefore = Number(await center.page.getAttribute('[data-testid="board-toAccept"]', "data-count"));
    await act(township.page, eventId, "escalate", { "#f-comment": "需消防部门执法" }, "AT_CENTER");

    // The board updates itself (it polls the change token): a newer token, one more event
    // to accept. (The demo's own overdue events may arrive too; none leaves that column.)
    await center.page.waitForFunction(
      ([token, count]) =>
        document.querySelector('[data-testid="board-live"]')?.getAttribute("data-token") !== token &&
        Number(document.querySelector('[data-testid="board-toAccept"]')?.getAttribute("data-count")) >= Number(count) + 1,
      [tokenBefore, countBefore] as const,
      { timeout: 30_000 },
    );

    // 2. The center accepts and dispatches to the public security bureau.
    await act(center.page, eventId, "accept", {}, "ACCEPTED");
    await act(center.page, eventId, "dispatch", { "select:#f-lead": "公安局", "#f-comment": "请公安局牵头处置" }, "DISPATCHED");

    // 3. The bureau finds it among its tasks, accepts it and completes it.
    const police = await as("police");
    await police.page.goto(`${baseUrl}/dispatch?list=tasks`);
    await police.page.click(`[data-testid="event-card"][data-event-no="${created.no}"]`);
    await police.page.waitForURL(`${baseUrl}/dispatch/${eventId}`);
    expect(Number(await police.page.getAttribute('[data-testid="bell"]', "data-unread"))).toBeGreaterThan(0);
    await act(police.page, eventId, "taskAccept", {}, "PROCESSING");
    await act(police.page, eventId, "taskComplete", { "#f-reply": "已责令物业清理楼道杂物，消防通道恢复畅通。" }, "REVIEW");

    // 4. The center passes the result; the reply starts from the bureau's result.
    await center.page.goto(`${baseUrl}/dispatch/${eventId}`);
    await center.page.click('[data-testid="action-pass"]');
    expect(await center.page.inputValue("#f-reply")).toContain("消防通道恢复畅通");
    await center.page.fill("#f-reply", "经公安局督促，物业已清理楼道杂物，消防通道已恢复畅通。");
    await center.page.click('[data-testid="action-submit"]');
    await center.page.waitForSelector('[data-testid="event-detail"][data-state="FEEDBACK"]');

    // 5. The grid worker sees the feedback, tells the resident and records satisfaction.
    await worker.page.goto(`${baseUrl}/dispatch?list=feedback`);
    await worker.page.click(`[data-testid="event-card"][data-event-no="${created.no}"]`);
    await worker.page.waitForSelector('[data-testid="feedback-reply"]');
    expect(await worker.page.textContent('[data-testid="feedback-reply"]')).toContain("消防通道已恢复畅通");
    // The center's working comments are not shown on the reporter's side.
    expect(await worker.page.textContent('[data-testid="timeline"]')).not.toContain("请公安局牵头处置");
    await worker.page.click('[data-testid="action-close"]');
    await worker.page.click('[data-testid="rating-5"]');
    await worker.page.click('[data-testid="action-submit"]');
    await worker.page.waitForSelector('[data-testid="event-detail"][data-state="CLOSED"]');

    const [done] = await query<{ state: string; rating: number; version: number; entries: number }>(
      `SELECT e.state::text, e.rating, e.version, (SELECT count(*)::int FROM "EventTimelineEntry" t WHERE t."eventId" = e.id) AS entries FROM "Event" e WHERE e.id = $1`,
      [eventId],
    );
    expect(done).toMatchObject({ state: "CLOSED", rating: 5, version: 10, entries: 10 });
    for (const s of [worker, community, township, center, police]) await s.context.close();
  });

  it("tells a second dispatcher acting on a stale page what happened, and keeps what they typed", async () => {
    const [event] = await query<{ id: string }>(`SELECT id FROM "Event" WHERE state = 'ACCEPTED' AND "isOpen" ORDER BY no DESC LIMIT 1`);
    expect(event).toBeTruthy();
    const first = await as("center");
    const second = await as("center");
    await first.page.goto(`${baseUrl}/dispatch/${event.id}`);
    await second.page.goto(`${baseUrl}/dispatch/${event.id}`);
    await second.page.click('[data-testid="action-reject"]');
    await second.page.fill("#f-reply", "重复反映，不予受理");
    await act(first.page, event.id, "note", { "#f-comment": "先看一下" }, "ACCEPTED");
    await first.page.click('[data-testid="action-dispatch"]');
    await first.page.selectOption("#f-lead", { label: "公安局" });
    await first.page.click('[data-testid="action-submit"]');
    await first.page.waitForSelector('[data-testid="event-detail"][data-state="DISPATCHED"]');
    await second.page.click('[data-testid="action-submit"]');
    await second.page.waitForSelector('[data-testid="panel-stale"]');
    expect(await second.page.textContent('[data-testid="panel-stale"]')).toContain("派遣");
    expect(await second.page.inputValue("#f-reply")).toBe("重复反映，不予受理");
    await second.page.waitForSelector('[data-testid="event-detail"][data-state="DISPATCHED"]');
    await first.context.close();
    await second.context.close();
  });
});
