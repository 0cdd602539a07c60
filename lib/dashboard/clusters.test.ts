import { describe, expect, it } from "vitest";
import { binPoints, clusterPoints, mergeCells, parseBBox, project, statusOf, unproject, type Point } from "./clusters";

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function points(n: number, seed = 1): Point[] {
  const r = prng(seed);
  const statuses = ["overdue", "warning", "open", "closed"] as const;
  return Array.from({ length: n }, (_, i) => ({ id: `e${i}`, lng: 97 + r() * 0.5, lat: 40 + r() * 0.3, status: statuses[Math.floor(r() * 4)] }));
}

describe("server-side clustering", () => {
  it("projects and unprojects Web Mercator pixels", () => {
    const [x, y] = project(97.5, 40.3, 12);
    const [lng, lat] = unproject(x, y, 12);
    expect(lng).toBeCloseTo(97.5, 9);
    expect(lat).toBeCloseTo(40.3, 9);
    expect(project(0, 0, 0)).toEqual([128, 128]);
  });

  it("conserves every event and its status in the clusters", () => {
    const ps = points(20_000);
    for (const zoom of [8, 11, 14]) {
      const clusters = clusterPoints(ps, zoom);
      expect(clusters.reduce((s, c) => s + c.n, 0)).toBe(ps.length);
      const byStatus = [0, 0, 0, 0];
      for (const c of clusters) c.counts.forEach((k, i) => (byStatus[i] += k));
      expect(byStatus).toEqual(["overdue", "warning", "open", "closed"].map((s) => ps.filter((p) => p.status === s).length));
      for (const c of clusters) expect(c.counts.reduce((a, b) => a + b, 0)).toBe(c.n);
    }
  });

  it("keeps the number of markers bounded by the screen, not by the events", () => {
    // 100,000 events in a 0.5° × 0.3° view: about 730 × 570 pixels at zoom 11, so at most
    // (730 / 40) × (570 / 40) ≈ 260 cells, fewer markers after merging.
    const at11 = clusterPoints(points(100_000, 7), 11);
    expect(at11.length).toBeLessThanOrEqual(270);
    expect(at11.length).toBeGreaterThan(20);
    // Zooming in by two levels shows more, smaller clusters.
    expect(clusterPoints(points(100_000, 7), 13).length).toBeGreaterThan(at11.length * 3);
  });

  it("splits clusters as the map zooms in and ends with single events that link", () => {
    const ps: Point[] = [
      { id: "a", lng: 97.0, lat: 40.0, status: "open" },
      { id: "b", lng: 97.0004, lat: 40.0003, status: "overdue" },
      { id: "c", lng: 97.3, lat: 40.2, status: "closed" },
    ];
    const far = clusterPoints(ps, 9);
    expect(far.find((c) => c.n === 2)?.id).toBeNull();
    expect(far.find((c) => c.n === 1)?.id).toBe("c");
    const near = clusterPoints(ps, 19);
    expect(near).toHaveLength(3);
    expect(near.map((c) => c.id).sort()).toEqual(["a", "b", "c"]);
  });

  it("merges neighbouring cells only within the radius", () => {
    // Two events 10 pixels apart at zoom 19, in neighbouring 40-pixel cells.
    const [x, y] = project(97, 40, 19);
    const cx = Math.floor(x / 40);
    const a = unproject(cx * 40 + 35, y, 19);
    const b = unproject(cx * 40 + 45, y, 19);
    const cells = binPoints(
      [
        { id: "a", lng: a[0], lat: a[1], status: "open" },
        { id: "b", lng: b[0], lat: b[1], status: "open" },
      ],
      19,
    );
    expect(cells).toHaveLength(2);
    expect(mergeCells(cells, 19, 60)).toHaveLength(1);
    expect(mergeCells(cells, 19, 5)).toHaveLength(2);
  });

  it("colours events by status", () => {
    const now = new Date("2026-11-20T00:00:00Z");
    const past = new Date("2026-11-19T00:00:00Z");
    const future = new Date("2026-11-21T00:00:00Z");
    expect(statusOf({ state: "PROCESSING", isOpen: true, dueAt: past, warnAt: past }, now)).toBe("overdue");
    expect(statusOf({ state: "PROCESSING", isOpen: true, dueAt: future, warnAt: past }, now)).toBe("warning");
    expect(statusOf({ state: "PROCESSING", isOpen: true, dueAt: future, warnAt: future }, now)).toBe("open");
    expect(statusOf({ state: "CLOSED", isOpen: false, dueAt: null, warnAt: null }, now)).toBe("closed");
    expect(statusOf({ state: "MERGED", isOpen: false, dueAt: null, warnAt: null }, now)).toBeNull();
  });

  it("reads bounding boxes defensively", () => {
    expect(parseBBox("97,40,98,41")).toEqual([97, 40, 98, 41]);
    expect(parseBBox("-200,-90,200,90")).toEqual([-180, -85, 180, 85]);
    for (const bad of ["", "1,2,3", "a,b,c,d", "98,40,97,41", null]) expect(parseBBox(bad)).toBeNull();
  });
});
