// Authorization cases of the grid module's places, objects, sentiments, visits, teams and
// grid page. "Inside" targets live in grid G111 (inside every county-A test user's
// territory); "outside" targets in GB, the other county's grid.
import { gridOverview } from "@/lib/grid/data";
import { createPlace, verifyPlace } from "@/lib/grid/places-data";
import { createSentiment, markSentimentConverted } from "@/lib/grid/sentiments-data";
import { addTeamMember, gridTeam } from "@/lib/grid/team-data";
import { db } from "@/lib/server/db";
import { logVisit } from "@/lib/visits/data";
import { gridOf, makeHousehold } from "../grid";
import type { AuthzCases } from "./types";

const target = (inside: boolean) => gridOf(inside ? "G111" : "GB");
const place = { category: "SHOP" as const, riskLevel: "LOW" as const, address: null, personInCharge: null, contactPhone: null, lat: null, lng: null };

export const gridCases: AuthzCases = {
  "grid.view": (viewer, inside) => gridOverview(viewer, target(inside)),
  "places.edit": (viewer, inside) => createPlace(viewer, { ...place, gridId: target(inside), name: "权限测试店" }),
  "grid.records.verify": async (viewer, inside) => {
    // Entered by nobody in particular, so any verifier is "a second person".
    const p = await db.place.create({ data: { gridId: target(inside), name: "待核实", category: "SHOP" }, select: { id: true } });
    return verifyPlace(viewer, { id: p.id, version: 1 });
  },
  "sentiments.edit": (viewer, inside) =>
    createSentiment(viewer, { gridId: target(inside), kind: "OPINION", content: "权限测试", residentId: null, placeId: null, recordedAt: new Date() }),
  "sentiments.convert": async (viewer, inside) => {
    const s = await db.sentimentEntry.create({ data: { gridId: target(inside), kind: "REQUEST", content: "转事件" }, select: { id: true } });
    return markSentimentConverted(viewer, { id: s.id, eventId: "authz-event" });
  },
  "visits.log": async (viewer, inside) => {
    const h = await makeHousehold(inside ? "G111" : "GB");
    return logVisit(viewer, {
      householdId: h.id,
      visitedAt: new Date(Date.now() - 60_000),
      method: "PHONE",
      metNames: null,
      findings: null,
      needsFollowUp: false,
      followUpContent: null,
      followUpResidentId: null,
    });
  },
  "team.view": (viewer, inside) => gridTeam(viewer, target(inside)),
  "team.edit": (viewer, inside) => addTeamMember(viewer, { gridId: target(inside), role: "VOLUNTEER", name: "权限测试志愿者", phone: null, note: null }),
};
