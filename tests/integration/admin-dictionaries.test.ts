// Dictionaries and settings kept in other modules' tables: event categories and their
// routing, deadline rules, the holiday calendar, key-group tags and the visit intervals.
// Every change is audited with old and new values and applies without a restart; bad
// input is refused with a clear message and changes nothing.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { updateSetting } from "@/lib/admin/data";
import { updateSettingSchema } from "@/lib/admin/schemas";
import { invalidateDispatchConfig } from "@/lib/dispatch/config";
import { deleteRule, saveCategory, saveRule, setCalendarDay } from "@/lib/dispatch/data";
import { calendarDaySchema } from "@/lib/dispatch/schemas";
import { mapTiles } from "@/lib/grid/pages";
import { createTag, listTags, tagDictionary, updateTag } from "@/lib/people/data";
import { createTagSchema, updateTagSchema } from "@/lib/people/schemas";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { DEFAULT_VISIT_INTERVALS, nextVisitDue } from "@/lib/visit-schedule";
import { logVisit } from "@/lib/visits/data";
import { logVisitSchema } from "@/lib/visits/schemas";
import { freshSettings } from "../support/admin";
import { viewerFor } from "../support/fixtures";
import { makeHousehold } from "../support/grid";
import { seedTags } from "../support/people";

beforeEach(() => {
  freshSettings();
  invalidateDispatchConfig();
});

const DAY = 24 * 3600_000;
const lastAudit = (action: string) => db.auditLog.findFirstOrThrow({ where: { action }, orderBy: { id: "desc" } });

describe("event categories, deadline rules and the holiday calendar", () => {
  it("audits every change with old and new values, in the change's own transaction", async () => {
    const admin = await viewerFor("admin");
    const dept = await db.department.findUniqueOrThrow({ where: { code: "public-security" }, select: { id: true } });
    const { id } = await saveCategory(admin, { parentId: null, code: "env", name: "环境", nameEn: "Environment", defaultDepartmentId: null, sortOrder: 10, enabled: true });
    expect((await lastAudit("dispatch.category.create")).details).toMatchObject({ code: "env", name: "环境" });
    // Routing: the category's default department.
    await saveCategory(admin, { id, version: 1, parentId: null, code: "env", name: "环境卫生", nameEn: "Environment", defaultDepartmentId: dept.id, sortOrder: 10, enabled: true });
    const update = await lastAudit("dispatch.category.update");
    expect(update).toMatchObject({ username: "admin", role: "ADMIN", targetType: "eventCategory", targetId: String(id) });
    expect(update.details).toEqual({ code: "env", changes: { name: ["环境", "环境卫生"], defaultDepartmentId: [null, dept.id] } });
    await expect(saveCategory(admin, { id, version: 1, parentId: null, code: "env", name: "又改", nameEn: "x", defaultDepartmentId: null, sortOrder: 1, enabled: true })).rejects.toMatchObject({ code: "STALE" });

    const rule = await saveRule(admin, { stage: "HANDLE", holder: "UNIT", categoryId: id, urgency: null, amount: 3, unit: "WORKDAY", enabled: true });
    await saveRule(admin, { id: rule.id, stage: "HANDLE", holder: "UNIT", categoryId: id, urgency: null, amount: 2, unit: "WORKDAY", enabled: true });
    expect((await lastAudit("dispatch.rule.update")).details).toEqual({ changes: { amount: [3, 2] } });
    await deleteRule(admin, { id: rule.id });
    expect((await lastAudit("dispatch.rule.delete")).details).toMatchObject({ before: { amount: 2, unit: "WORKDAY" } });

    await setCalendarDay(admin, { year: 2027, date: "2027-10-08", kind: "HOLIDAY", name: "国庆节" });
    await setCalendarDay(admin, { year: 2027, date: "2027-10-08", kind: "WORKDAY", name: "调休上班" });
    expect((await lastAudit("dispatch.calendar.set")).details).toEqual({ changes: { kind: ["HOLIDAY", "WORKDAY"], name: ["国庆节", "调休上班"] } });
    await setCalendarDay(admin, { year: 2027, date: "2027-10-08", kind: null });
    expect(await db.workCalendarDay.count({ where: { date: new Date("2027-10-08T00:00:00Z") } })).toBe(0);
    expect((await lastAudit("dispatch.calendar.set")).details).toEqual({ changes: { kind: ["WORKDAY", null], name: ["调休上班", null] } });
  });

  it("refuses a holiday outside the calendar year being edited, with a clear message, changing nothing", async () => {
    const admin = await viewerFor("admin");
    const before = await db.workCalendarDay.count();
    const outside = await runAction(admin, calendarDaySchema, setCalendarDay, { year: 2027, date: "2028-01-01", kind: "HOLIDAY", name: "元旦" });
    expect(outside).toMatchObject({ ok: false, code: "VALIDATION", message: "2028-01-01 不在正在编辑的 2027 年日历内：请切换到该年份再设置。未作任何更改。" });
    if (!outside.ok) expect(outside.fieldErrors?.date).toBe("日期须在所编辑的年份之内。");
    // Not a date at all, and a year no calendar is kept for.
    expect(await runAction(admin, calendarDaySchema, setCalendarDay, { year: 2027, date: "2027-02-30", kind: "HOLIDAY" })).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(await runAction(admin, calendarDaySchema, setCalendarDay, { year: 1999, date: "1999-10-01", kind: "HOLIDAY" })).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(await db.workCalendarDay.count()).toBe(before);
    expect(await db.auditLog.count({ where: { action: "dispatch.calendar.set" } })).toBe(0);
  });
});

describe("key-group tags", () => {
  it("lets the system administrator edit names, order and availability, audited with old and new values", async () => {
    const tags = await seedTags();
    const admin = await viewerFor("admin");
    const row = (await tagDictionary(admin)).find((t) => t.code === "LOW_INCOME")!;
    expect(row).toMatchObject({ version: 1, enabled: true, residents: 0 });
    await updateTag(admin, { id: tags.LOW_INCOME, version: 1, name: "低保对象", nameEn: row.nameEn, sortOrder: 99, enabled: false });
    expect((await lastAudit("people.tag.update")).details).toEqual({ code: "LOW_INCOME", changes: { name: ["低保户", "低保对象"], sortOrder: [row.sortOrder, 99], enabled: [true, false] } });
    // No longer offered to the registries, at once.
    expect((await listTags(admin)).some((t) => t.id === tags.LOW_INCOME)).toBe(false);
    await expect(updateTag(admin, { id: tags.LOW_INCOME, version: 1, name: "x", nameEn: "x", sortOrder: 1, enabled: true })).rejects.toMatchObject({ code: "STALE" });

    // The editor's new row, and its bad input: the code and visit tier stay as created.
    const created = await runAction(admin, createTagSchema, createTag, { code: "PREGNANT_WOMAN", name: "孕产妇", nameEn: "Pregnant woman", visitTier: "ORDINARY", sortOrder: 5, enabled: true });
    expect(created.ok).toBe(true);
    expect((await lastAudit("people.tag.create")).details).toMatchObject({ code: "PREGNANT_WOMAN", visitTier: "ORDINARY", sortOrder: 5 });
    const retier = await runAction(admin, updateTagSchema, updateTag, { id: tags.DISABLED, version: 1, name: "残疾人", nameEn: "x", sortOrder: 1, enabled: true, visitTier: "REASSURED" });
    expect(retier).toMatchObject({ ok: false, code: "VALIDATION" });
    const nameless = await runAction(admin, updateTagSchema, updateTag, { id: tags.DISABLED, version: 1, name: " ", nameEn: "x", sortOrder: 1, enabled: true });
    expect(nameless).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(await db.keyGroupTag.findUniqueOrThrow({ where: { id: tags.DISABLED }, select: { name: true, visitTier: true, version: true } })).toEqual({ name: "残疾人", visitTier: "KEY", version: 1 });
    await expect(tagDictionary(await viewerFor("secadmin"))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("visit tiers and intervals", () => {
  const ALL_MONTHLY = { ...DEFAULT_VISIT_INTERVALS, keyEvery: 10, keyUnit: "DAY" as const, reassuredEvery: 6 };

  it("moves every household's next visit when an interval changes, and new visits follow it", async () => {
    const admin = await viewerFor("admin");
    const created = new Date("2026-01-31T08:00:00Z");
    const key = await makeHousehold("G111", { tier: "KEY", createdAt: created, lastVisitAt: new Date("2026-03-01T02:00:00Z") });
    const reassured = await makeHousehold("G111", { tier: "REASSURED", createdAt: created });
    const ordinary = await makeHousehold("G112", { tier: "ORDINARY", createdAt: created });
    const ordinaryDue = (await db.household.findUniqueOrThrow({ where: { id: ordinary.id }, select: { nextVisitDue: true } })).nextVisitDue;

    const r = await updateSetting(admin, { key: "visits.intervals", value: ALL_MONTHLY });
    expect(r).toEqual({ changed: true });
    const due = async (id: string) => (await db.household.findUniqueOrThrow({ where: { id }, select: { nextVisitDue: true } })).nextVisitDue;
    // The database's arithmetic agrees with nextVisitDue, month ends included (Jan 31 + 6 months = Jul 31).
    expect(await due(key.id)).toEqual(nextVisitDue("KEY", new Date("2026-03-01T02:00:00Z"), created, ALL_MONTHLY));
    expect(await due(key.id)).toEqual(new Date("2026-03-11T02:00:00Z"));
    expect(await due(reassured.id)).toEqual(new Date("2026-07-31T08:00:00Z"));
    // Tiers whose interval stayed are left alone.
    expect(await due(ordinary.id)).toEqual(ordinaryDue);
    const audit = await lastAudit("settings.update");
    expect(audit).toMatchObject({ targetId: "visits.intervals", username: "admin" });
    expect(audit.details).toEqual({ changes: { keyEvery: [1, 10], keyUnit: ["WEEK", "DAY"], reassuredEvery: [3, 6] }, households: 2 });

    // A visit logged now schedules the next one with the new interval.
    const visitedAt = new Date(Date.now() - 3600_000);
    const logged = await logVisit(
      await viewerFor("grid"),
      logVisitSchema.parse({ householdId: key.id, visitedAt: visitedAt.toISOString(), method: "IN_PERSON", metNames: "户主", findings: "一切正常。", lat: null, lng: null, needsFollowUp: false }),
    );
    expect(logged.nextVisitDue).toEqual(new Date(visitedAt.getTime() + 10 * DAY));
  });

  it("refuses an interval over a year, and anyone but the system administrator, changing nothing", async () => {
    const h = await makeHousehold("G111", { tier: "REASSURED" });
    const before = (await db.household.findUniqueOrThrow({ where: { id: h.id }, select: { nextVisitDue: true } })).nextVisitDue;
    const tooLong = await runAction(await viewerFor("admin"), updateSettingSchema, updateSetting, { key: "visits.intervals", value: { ...DEFAULT_VISIT_INTERVALS, reassuredEvery: 13 } });
    expect(tooLong).toMatchObject({ ok: false, code: "VALIDATION" });
    if (!tooLong.ok) {
      expect(tooLong.message).toContain("366");
      expect(tooLong.fieldErrors?.["value.reassuredEvery"]).toBeTruthy();
    }
    const badUnit = await runAction(await viewerFor("admin"), updateSettingSchema, updateSetting, { key: "visits.intervals", value: { ...DEFAULT_VISIT_INTERVALS, keyUnit: "YEAR" } });
    expect(badUnit).toMatchObject({ ok: false, code: "VALIDATION" });
    await expect(updateSetting(await viewerFor("secadmin"), { key: "visits.intervals", value: ALL_MONTHLY })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.setting.count()).toBe(0);
    expect((await db.household.findUniqueOrThrow({ where: { id: h.id }, select: { nextVisitDue: true } })).nextVisitDue).toEqual(before);
  });
});

describe("the base map", () => {
  it("reaches every map page from the settings, not from the environment", async () => {
    const before = process.env.MAP_TILE_ORIGINS;
    process.env.MAP_TILE_ORIGINS = "https://tiles.example.org";
    try {
      await updateSetting(await viewerFor("admin"), { key: "map", value: { centerLat: 40, centerLng: 97, zoom: 9, tileUrl: "https://tiles.example.org/{z}/{x}/{y}.png", tileAttribution: "© 示例", tileCrs: "GCJ02" } });
    } finally {
      process.env.MAP_TILE_ORIGINS = before;
    }
    freshSettings();
    expect(await mapTiles()).toEqual({ url: "https://tiles.example.org/{z}/{x}/{y}.png", attribution: "© 示例", crs: "GCJ02" });
    // Pages take the base map from mapConfig() / mapTiles(); none reads the variables itself.
    const pages: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = path.join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(name)) pages.push(p);
      }
    };
    walk(path.resolve(__dirname, "../../app"));
    const readers = pages.filter((p) => /MAP_TILE_(URL|ATTRIBUTION|CRS)|MAP_CENTER/.test(readFileSync(p, "utf8")));
    expect(readers).toEqual([]);
  });
});
