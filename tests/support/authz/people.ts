// Authorization cases of the grid module's people registries. "Inside" targets live in
// grid G111 (inside every county-A test user's territory); "outside" ones in GB, the other
// county's grid.
import { makeIdNumber, maskIdNumber } from "@/lib/id-number";
import { startExport } from "@/lib/people/export";
import { decideImport } from "@/lib/people/import";
import { decideResidentMove, requestResidentMove } from "@/lib/people/moves";
import { deleteResident, getResident, revealResident, verifyResident } from "@/lib/people/residents";
import { exportSchema } from "@/lib/people/schemas";
import { createTag } from "@/lib/people/tags";
import { encryptSecret, lookupHash } from "@/lib/server/crypto";
import { db } from "@/lib/server/db";
import { fixture } from "../fixtures";
import { NOT_APPLICABLE, type AuthzCases } from "./types";

let sequence = 0;

/** A resident entered by nobody in particular, so any verifier counts as a second person. */
async function resident(inside: boolean, idNumber = makeIdNumber("620981", "1980-05-17", ++sequence)) {
  return db.resident.create({
    data: {
      gridId: fixture().units[inside ? "G111" : "GB"],
      name: "权限测试",
      idCipher: encryptSecret(idNumber),
      idHash: lookupHash(idNumber),
      idMasked: maskIdNumber(idNumber),
      birthDate: new Date("1980-05-17"),
      sex: "MALE",
      ethnicity: "01",
    },
    select: { id: true },
  });
}

/** A pending request, filed by the other county's grid worker, for a resident of G111 (inside) or GB (outside). */
async function moveRequest(inside: boolean) {
  const r = await resident(inside);
  const from = fixture().units[inside ? "G111" : "GB"];
  const to = fixture().units[inside ? "GB" : "G111"];
  return db.residentMoveRequest.create({
    data: { residentId: r.id, fromGridId: from, toGridId: to, note: "权限测试", requestedById: fixture().users[inside ? "gridB" : "grid"] },
    select: { id: true },
  });
}

export const peopleCases: AuthzCases = {
  "people.view": async (viewer, inside) => getResident(viewer, (await resident(inside)).id),
  "people.edit": async (viewer, inside) => deleteResident(viewer, { id: (await resident(inside)).id, version: 1, reason: "权限测试" }),
  "people.verify": async (viewer, inside) => verifyResident(viewer, { id: (await resident(inside)).id, version: 1 }),
  "people.reveal": async (viewer, inside) => revealResident(viewer, { id: (await resident(inside)).id, field: "idNumber" }),
  "people.import": async (viewer, inside) => {
    // An upload waiting for the uploader's decision; another user's upload is not theirs.
    const job = await db.job.create({
      data: { kind: "people.import", status: "WAITING", input: {}, createdById: inside ? viewer.id : fixture().users.adminB },
      select: { id: true },
    });
    return decideImport(viewer, { id: job.id, decision: "nothing" });
  },
  "people.export": async (viewer, inside) => {
    if (inside) await resident(true);
    const result = await startExport(viewer, exportSchema.parse({ registry: "residents", filter: { gridId: fixture().units[inside ? "G111" : "GB"] } }));
    if (inside) return result;
    // A filter pointing outside the territory exports nothing rather than failing.
    if (result.rows !== 0) throw new Error("export leaked rows from outside the territory");
    return NOT_APPLICABLE;
  },
  // Inside: a resident of the other county asked into G111 (every county-A user's
  // territory); outside: into GB, the other county's grid.
  "people.move.request": async (viewer, inside) => {
    const idNumber = makeIdNumber("620981", "1980-05-17", ++sequence);
    await resident(false, idNumber);
    return requestResidentMove(viewer, { idNumber, toGridId: fixture().units[inside ? "G111" : "GB"], note: "权限测试" });
  },
  // Inside: a request for a resident of G111; outside: for one of GB.
  "people.move.decide": async (viewer, inside) => decideResidentMove(viewer, { id: (await moveRequest(inside)).id, version: 1, decision: "refuse", reason: "权限测试" }),
  "people.tags.manage": async (viewer, inside) => {
    if (!inside) return NOT_APPLICABLE; // one county-wide dictionary: no territory to be outside of
    return createTag(viewer, { code: `T${++sequence}X`, name: "测试标签", nameEn: "Test tag", visitTier: "KEY" });
  },
};
