// The command dashboard in a real browser on the demo data: drilling from the county down
// to one grid by clicking it on the map, with the figures following the unit; the big
// screen; the exports; the assessment's explanations.
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "@/lib/demo";
import { launchBrowser, signIn } from "../support/browser";

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

async function leaderPage(viewport = { width: 1440, height: 1000 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await signIn(context, baseUrl, "leader", DEMO_PASSWORD);
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  return page;
}

async function mapReady(page: Page, unit: number) {
  await page.waitForSelector(`[data-testid="dashboard"][data-unit="${unit}"]`);
  await page.waitForSelector(`[data-testid="dashboard-map"][data-unit="${unit}"][data-ready="true"]`);
}

/** Clicks the middle of one grid where the map draws it (with the event markers hidden, which would take the click). */
async function clickGrid(page: Page, gridId: number, unit: number) {
  if (await page.isChecked('[data-testid="layer-events"]')) await page.uncheck('[data-testid="layer-events"]');
  const point = await page.evaluate(
    async ({ gridId, unit }) => {
      const el = document.querySelector('[data-testid="dashboard-map"]') as HTMLElement & { leafletMap: { latLngToContainerPoint(p: [number, number]): { x: number; y: number } } };
      const res = await fetch(`/api/dashboard/map/grids?unit=${unit}`);
      const layer = (await res.json()) as { grids: { id: number; geometry: number[][][] }[] };
      const flat = layer.grids.find((g) => g.id === gridId)!.geometry[0][0];
      let x = 0;
      let y = 0;
      let sx = 0;
      let sy = 0;
      for (let i = 0; i < flat.length; i += 2) {
        x += flat[i];
        y += flat[i + 1];
        sx += x;
        sy += y;
      }
      const n = flat.length / 2;
      return el.leafletMap.latLngToContainerPoint([sy / n / 1e5, sx / n / 1e5]);
    },
    { gridId, unit },
  );
  const box = (await page.locator('[data-testid="dashboard-map"]').boundingBox())!;
  await page.mouse.click(box.x + point.x, box.y + point.y);
}

const value = (page: Page, card: string) => page.getAttribute(`[data-testid="card-${card}"]`, "data-value");

describe("command dashboard", () => {
  it("drills from the county down to one grid, the figures following the unit", async () => {
    // The grid with the most open events, and its township and community.
    const [grid] = await query<{ id: number; name: string; path: number[] }>(`
      SELECT g.id, g.name, g."pathIds" AS path FROM "Unit" g JOIN "Event" e ON e."gridId" = g.id
      WHERE g.level = 'GRID' AND e."isOpen" GROUP BY g.id ORDER BY count(*) DESC, g.id LIMIT 1`);
    const [county, township, village] = grid.path;
    const open = async (scope: number) =>
      String((await query<{ n: number }>(`SELECT count(*)::int AS n FROM "Event" e JOIN "Unit" g ON g.id = e."gridId" WHERE e."isOpen" AND g."pathIds" @> ARRAY[$1::int]`, [scope]))[0].n);

    const page = await leaderPage();
    await page.goto(`${baseUrl}/dashboard`);
    await mapReady(page, county);
    expect(await page.getAttribute('[data-testid="dashboard"]', "data-level")).toBe("COUNTY");
    expect(await value(page, "open")).toBe(await open(county));
    const countyGrids = Number(await page.getAttribute('[data-testid="dashboard-map"]', "data-grid-count"));
    expect(countyGrids).toBeGreaterThan(300);

    const steps: [number, string][] = [
      [township, "TOWNSHIP"],
      [village, "VILLAGE"],
      [grid.id, "GRID"],
    ];
    let at = county;
    for (const [next, level] of steps) {
      await clickGrid(page, grid.id, at);
      await page.waitForURL((u) => u.searchParams.get("unit") === String(next));
      await mapReady(page, next);
      expect(await page.getAttribute('[data-testid="dashboard"]', "data-level")).toBe(level);
      expect(await value(page, "open")).toBe(await open(next));
      at = next;
    }
    // At the grid: its own figures, its own polygon, and the breadcrumb back up.
    expect(Number(await page.getAttribute('[data-testid="dashboard-map"]', "data-grid-count"))).toBe(1);
    expect(await page.locator('[data-testid="dashboard-breadcrumb"] li').count()).toBe(4);
    expect(await page.textContent('[data-testid="breadcrumb-current"]')).toBe(grid.name);
    const [month] = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Event" WHERE "gridId" = $1 AND "state" <> 'MERGED'
         AND "reportedAt" >= date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai' AT TIME ZONE 'UTC'`,
      [grid.id],
    );
    expect(await value(page, "reportedMonth")).toBe(String(month.n));
    // The open events card leads to exactly those events.
    await page.click('[data-testid="card-link-open"]');
    await page.waitForSelector('[data-testid="drill"][data-figure="open"]');
    expect(await page.locator('[data-testid="drill-table"] tbody tr').count()).toBe(Number(await open(grid.id)));
    // Back up by the breadcrumb to the county.
    await page.goBack();
    await mapReady(page, grid.id);
    await page.click('[data-testid="dashboard-breadcrumb"] a >> nth=0');
    await mapReady(page, county);
    expect(await value(page, "open")).toBe(await open(county));
    await page.context().close();
  });

  it("keeps a township officer to the township", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, baseUrl, "township", DEMO_PASSWORD);
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
    const [me] = await query<{ unitId: number }>(`SELECT "unitId" FROM "User" WHERE username = 'township'`);
    const [other] = await query<{ id: number }>(`SELECT id FROM "Unit" WHERE level = 'TOWNSHIP' AND id <> $1 ORDER BY id LIMIT 1`, [me.unitId]);
    await page.goto(`${baseUrl}/dashboard`);
    await mapReady(page, me.unitId);
    expect(await page.getAttribute('[data-testid="dashboard"]', "data-level")).toBe("TOWNSHIP");
    const res = await page.goto(`${baseUrl}/dashboard?unit=${other.id}`);
    expect(res?.status()).toBe(404);
    const api = await page.request.get(`${baseUrl}/api/dashboard/map/grids?unit=${other.id}`);
    expect(api.status()).toBe(404);
    await context.close();
  });

  it("shows the big screen in the dark, full size, with the live lists", async () => {
    const page = await leaderPage({ width: 1920, height: 1080 });
    await page.goto(`${baseUrl}/dashboard/screen`);
    await page.waitForSelector('[data-testid="screen"]');
    await page.waitForSelector('[data-testid="dashboard-map"][data-ready="true"]');
    expect(await page.locator("header nav[aria-label='modules']").count()).toBe(0);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(2, 6, 23)");
    expect(await page.locator('[data-testid="screen-latest"] li').count()).toBeGreaterThan(0);
    // 1 rem follows the width, so a 3840 px wall shows the same layout twice as large.
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe("16px");
    await page.setViewportSize({ width: 3840, height: 2160 });
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe("32px");
    await page.context().close();
  });

  it("exports the view as a workbook and a PDF", async () => {
    const page = await leaderPage();
    for (const [format, type, magic] of [
      ["xlsx", "spreadsheetml", "PK"],
      ["pdf", "application/pdf", "%PDF"],
    ] as const) {
      const res = await page.request.get(`${baseUrl}/api/dashboard/export?format=${format}`);
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toContain(type);
      expect((await res.body()).subarray(0, magic.length).toString("latin1")).toBe(magic);
    }
    await page.context().close();
  });

  it("explains each score line by line beside the rules", async () => {
    const page = await leaderPage();
    await page.goto(`${baseUrl}/dashboard/assessment?kind=UNIT`);
    await page.waitForSelector('[data-testid="scoreboard"]');
    expect(await page.locator('[data-testid="rules-text"] li').count()).toBeGreaterThan(3);
    await page.locator('[data-testid="explain"] summary').first().click();
    expect(await page.locator('[data-testid="explain"]').first().textContent()).toContain("合计");
    await page.context().close();
  });
});
