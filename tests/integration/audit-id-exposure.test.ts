// No log line, audit entry or history entry holds a full ID number; only the audited
// reveal hands one out.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createResident, getResident, listResidents, revealResident, updateResident } from "@/lib/people/data";
import { createResidentSchema } from "@/lib/people/schemas";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { viewerFor } from "../support/fixtures";
import { idFor, residentInput } from "../support/people";

const FULL_ID = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;
let lines: string[] = [];

beforeEach(() => {
  lines = [];
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    });
  }
});
afterEach(() => vi.restoreAllMocks());

describe("full ID numbers stay out of logs", () => {
  it("writes, reads, refusals and reveals leave no full ID number behind, except the reveal's answer", async () => {
    const grid = await viewerFor("grid");
    const input = residentInput("G111", 7);
    const { id } = (await createResident(grid, input)) as { id: string };
    const r = await getResident(grid, id);
    await updateResident(grid, { ...residentInput("G111", 7, { name: "改名者" }), id, version: r.version, idNumber: idFor(8) } as never);
    await listResidents(grid, { q: idFor(8) } as never);
    // A refused duplicate and a malformed number, through the action wrapper.
    const dup = await runAction(grid, createResidentSchema, createResident, residentInput("G111", 9, { idNumber: idFor(8) }));
    expect(dup.ok).toBe(false);
    const bad = await runAction(grid, createResidentSchema, createResident, { ...residentInput("G111", 10), idNumber: idFor(10).slice(0, 17) + "Z" });
    expect(bad.ok).toBe(false);
    // Another county's grid worker looking for the resident.
    await getResident(await viewerFor("gridB"), id).catch(() => undefined);

    const revealed = await revealResident(grid, { id, field: "idNumber" });
    expect(JSON.stringify(revealed)).toContain(idFor(8));

    const audit = await db.auditLog.findMany({ select: { action: true, targetId: true, details: true } });
    expect(audit.some((a) => a.action.includes("reveal"))).toBe(true);
    const history = await db.recordHistory.findMany({ select: { changes: true, reason: true } });
    const everything = [...lines, ...audit.map((a) => JSON.stringify(a)), ...history.map((h) => JSON.stringify(h))];
    for (const text of everything) expect(text).not.toMatch(FULL_ID);
    expect(JSON.stringify(dup)).not.toMatch(FULL_ID);
    expect(JSON.stringify(bad)).not.toMatch(FULL_ID);
  });
});
