import { describe, expect, it } from "vitest";
import { createPlace } from "@/lib/grid/places-data";
import { createSentimentSchema, followUpSchema } from "@/lib/grid/schemas";
import {
  createSentiment,
  getSentiment,
  listSentiments,
  markSentimentConverted,
  searchLinkTargets,
  setFollowUp,
  updateSentiment,
} from "@/lib/grid/sentiments-data";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { viewerFor } from "../support/fixtures";
import { gridOf, makeHousehold, rejection } from "../support/grid";

const entry = (gridId: number, extra: object = {}) => ({
  gridId,
  kind: "REQUEST" as const,
  content: "楼道灯坏了，晚上回家看不见路。",
  residentId: null,
  placeId: null,
  recordedAt: new Date(Date.now() - 3600_000),
  ...extra,
});

describe("sentiment log", () => {
  it("links residents and places of the entry's own grid only", async () => {
    const grid = await viewerFor("grid");
    const here = await makeHousehold("G111", { members: ["王大妈"] });
    const there = await makeHousehold("G112", { members: ["李大爷"] });
    const place = await createPlace(grid, { gridId: gridOf("G111"), name: "王记面馆", category: "RESTAURANT", riskLevel: "LOW", address: null, personInCharge: null, contactPhone: null, lat: null, lng: null });
    const { id } = await createSentiment(grid, entry(gridOf("G111"), { residentId: here.members[0].id, placeId: place.id }));
    const s = await getSentiment(grid, id);
    expect(s).toMatchObject({ resident: { name: "王大妈" }, place: { name: "王记面馆" }, followUpStatus: "OPEN", recordedByName: "grid" });

    const r = await runAction(grid, createSentimentSchema, createSentiment, { ...entry(gridOf("G111")), recordedAt: new Date().toISOString(), residentId: there.members[0].id });
    expect(r).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { residentId: "须为本网格内的记录。" } });
    expect(await db.sentimentEntry.count()).toBe(1);

    const found = await searchLinkTargets(grid, { gridId: gridOf("G111"), q: "王" });
    expect(found.residents.map((x) => x.name)).toEqual(["王大妈"]);
    expect(found.places.map((x) => x.name)).toEqual(["王记面馆"]);
    expect((await searchLinkTargets(grid, { gridId: gridOf("G111"), q: "李" })).residents).toEqual([]);
    expect((await rejection(searchLinkTargets(grid, { gridId: gridOf("G112"), q: "李" }))).code).toBe("NOT_FOUND");
  });

  it("refuses future times and oversized text, and writes nothing", async () => {
    const grid = await viewerFor("grid");
    const future = new Date(Date.now() + 3600_000).toISOString();
    const r1 = await runAction(grid, createSentimentSchema, createSentiment, { ...entry(gridOf("G111")), recordedAt: future });
    expect(r1).toMatchObject({ ok: false, fieldErrors: { recordedAt: "时间不能晚于现在。" } });
    const r2 = await runAction(grid, createSentimentSchema, createSentiment, { ...entry(gridOf("G111")), recordedAt: new Date().toISOString(), content: "长".repeat(2001) });
    expect(r2.ok).toBe(false);
    expect(!r2.ok && r2.fieldErrors?.content).toBeTruthy();
    expect(await db.sentimentEntry.count()).toBe(0);
  });

  it("moves the follow-up along with history, and lists open entries", async () => {
    const grid = await viewerFor("grid");
    const { id } = await createSentiment(grid, entry(gridOf("G111")));
    await createSentiment(grid, entry(gridOf("G111"), { kind: "SUGGESTION", content: "建议增设健身器材" }));
    await setFollowUp(grid, { id, version: 1, status: "FOLLOWING", note: "已联系物业" });
    await setFollowUp(grid, { id, version: 2, status: "RESOLVED", note: "灯已换好" });
    const s = await getSentiment(grid, id);
    expect(s).toMatchObject({ followUpStatus: "RESOLVED", followUpNote: "灯已换好", version: 3 });
    expect(s.history.map((h) => h.action)).toEqual(["UPDATE", "UPDATE", "CREATE"]);
    expect((await listSentiments(grid, { open: "1" })).items.map((x) => x.kind)).toEqual(["SUGGESTION"]);
    expect((await listSentiments(grid, {})).byStatus).toEqual({ OPEN: 1, RESOLVED: 1 });
    // CONVERTED is for the dispatch module only.
    const r = await runAction(grid, followUpSchema, setFollowUp, { id, version: 3, status: "CONVERTED", note: null });
    expect(r.ok).toBe(false);
  });

  it("is marked CONVERTED once, by the dispatch module, inside its transaction", async () => {
    const grid = await viewerFor("grid");
    const { id } = await createSentiment(grid, entry(gridOf("G111")));
    // A failing caller transaction leaves the entry as it was.
    await expect(
      db.$transaction(async (tx) => {
        await markSentimentConverted(grid, { id, eventId: "evt-rolled-back" }, tx);
        throw new Error("event creation failed");
      }),
    ).rejects.toThrow("event creation failed");
    expect((await getSentiment(grid, id)).followUpStatus).toBe("OPEN");

    const marked = await markSentimentConverted(grid, { id, eventId: "evt-1" });
    expect(marked).toMatchObject({ id, gridId: gridOf("G111"), kind: "REQUEST" });
    const s = await getSentiment(grid, id);
    expect(s).toMatchObject({ followUpStatus: "CONVERTED", eventId: "evt-1" });
    expect((await rejection(markSentimentConverted(grid, { id, eventId: "evt-2" }))).code).toBe("CONFLICT");
    expect((await rejection(setFollowUp(grid, { id, version: s.version, status: "RESOLVED", note: null }))).detail?.key).toBe("gridSentimentConverted");
    expect((await rejection(markSentimentConverted(await viewerFor("gridB"), { id, eventId: "evt-3" }))).code).toBe("NOT_FOUND");
  });

  it("moves with its history, and refuses links left in the old grid", async () => {
    const community = await viewerFor("community");
    const here = await makeHousehold("G111", { members: ["赵姐"] });
    const { id } = await createSentiment(community, entry(gridOf("G111"), { residentId: here.members[0].id }));
    const err = await rejection(updateSentiment(community, { ...entry(gridOf("G112"), { residentId: here.members[0].id }), id, version: 1 }));
    expect(err.detail?.key).toBe("gridLinkNotInGrid");
    await updateSentiment(community, { ...entry(gridOf("G112")), id, version: 1 });
    const s = await getSentiment(await viewerFor("grid2"), id);
    expect(s.history.map((h) => h.action)).toEqual(["UPDATE", "MOVE", "CREATE"]);
    expect((await listSentiments(await viewerFor("grid"), {})).total).toBe(0);
  });
});
