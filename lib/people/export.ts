import "server-only";
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, unlink } from "node:fs/promises";
import path from "node:path";
import { createHash } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { ethnicityName } from "@/lib/ethnicity";
import { asLocale, type Locale } from "@/lib/i18n/config";
import { currentLocale, translatorFor } from "@/lib/i18n/messages";
import { ageOn } from "@/lib/id-number";
import { maskPhone } from "@/lib/phone";
import { writeAudit } from "@/lib/server/audit";
import { authorize, loadViewer, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { attachStaged, releaseStaged, uploadDir } from "@/lib/server/files";
import { enqueueJob, runClaimed, type ClaimedJob, type JobContext, type JobOutcome } from "@/lib/server/jobs";
import { facilityTypeName } from "@/lib/grid/dictionary";
import { facilityWhere } from "@/lib/grid/facilities-data";
import { placeWhere } from "@/lib/grid/places-data";
import { sentimentWhere } from "@/lib/grid/sentiments-data";
import { householdWhere } from "./households";
import { houseWhere } from "./houses";
import { residentWhere } from "./residents";
import { personHouseholdState } from "./rules";
import type { ExportInput } from "./schemas";
import { openWriter } from "./spreadsheet";

// Exports of the filtered lists to .xlsx: the viewer's scope and masking apply exactly as
// on screen (masked ID numbers and phones, ages rather than birth dates). Up to
// INLINE_ROWS rows are written inside the request; larger exports run on the job worker.
// Every export is audited with its filter and row count.

export const INLINE_ROWS = 10_000;
const PAGE = 2000;
const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

interface ExportJobInput {
  request: ExportInput;
  locale: Locale;
  ip: string;
}

async function countOf(viewer: Viewer, input: ExportInput): Promise<number> {
  switch (input.registry) {
    case "residents":
      return db.resident.count({ where: residentWhere(viewer, input.filter) });
    case "households":
      return db.household.count({ where: householdWhere(viewer, input.filter) });
    case "houses":
      return db.house.count({ where: houseWhere(viewer, input.filter) });
    case "places":
      return db.place.count({ where: placeWhere(viewer, input.filter) });
    case "facilities":
      return db.facility.count({ where: facilityWhere(viewer, input.filter) });
    case "sentiments":
      return db.sentimentEntry.count({ where: sentimentWhere(viewer, input.filter) });
  }
}

/** Starts an export; small ones are finished when this returns. */
export async function startExport(viewer: Viewer, input: ExportInput) {
  await authorize(viewer, "people.export");
  const count = await countOf(viewer, input);
  const jobInput: ExportJobInput = { request: input, locale: asLocale(await currentLocale()), ip: viewer.ip };
  const inline = count <= INLINE_ROWS;
  const job = await enqueueJob(db, {
    kind: "people.export",
    input: jobInput as unknown as Prisma.InputJsonValue,
    createdById: viewer.id,
    total: count,
    status: inline ? "RUNNING" : "QUEUED",
  });
  if (inline) await runClaimed(job);
  const done = await db.job.findUniqueOrThrow({ where: { id: job.id }, select: { status: true, fileId: true, error: true } });
  if (done.status === "FAILED") throw new AppError("INTERNAL");
  return { id: job.id, status: done.status, fileId: done.fileId, rows: count };
}

type Row = (string | number | null)[];

/** Pages through a registry in list order, converting each record to a spreadsheet row. */
async function* rowsOf(viewer: Viewer, input: ExportInput, locale: Locale): AsyncGenerator<Row[]> {
  const t = translatorFor(locale);
  const label = (section: string, key: string | null | undefined) => (key ? t(`people.${section}.${key}` as never) : "");
  const date = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");
  if (input.registry === "residents") {
    const where = residentWhere(viewer, input.filter);
    let after: { name: string; id: string } | null = null;
    for (;;) {
      const page: Prisma.ResidentWhereInput = after
        ? { AND: [where, { OR: [{ name: { gt: after.name } }, { name: after.name, id: { gt: after.id } }] }] }
        : where;
      const rows = await db.resident.findMany({
        where: page,
        orderBy: [{ name: "asc" }, { id: "asc" }],
        take: PAGE,
        select: {
          id: true, name: true, idMasked: true, phoneMasked: true, sex: true, birthDate: true, ethnicity: true, residenceType: true,
          registeredHere: true, livesHere: true, relationToHead: true, employment: true, dataState: true,
          grid: { select: { name: true } }, house: { select: { address: true } }, household: { select: { householdNo: true } },
          tags: { select: { careLevel: true, tag: { select: { name: true, nameEn: true } } } },
        },
      });
      if (!rows.length) return;
      yield rows.map((r) => [
        r.grid.name, r.name, r.idMasked, label("sex", r.sex), ageOn(r.birthDate.toISOString().slice(0, 10)), ethnicityName(r.ethnicity, locale),
        r.phoneMasked ?? "", label("residenceType", r.residenceType), label("state", personHouseholdState(r.registeredHere, r.livesHere)),
        r.house?.address ?? "", r.household?.householdNo ?? "", label("relation", r.relationToHead), r.employment ?? "",
        r.tags.map((x) => `${locale === "en" ? x.tag.nameEn : x.tag.name}(${x.careLevel})`).join(locale === "en" ? ", " : "、"),
        label("dataState", r.dataState),
      ]);
      const last = rows[rows.length - 1];
      after = { name: last.name, id: last.id };
    }
  }
  if (input.registry === "households") {
    const where = householdWhere(viewer, input.filter);
    let after: { createdAt: Date; id: string } | null = null;
    for (;;) {
      const page: Prisma.HouseholdWhereInput = after
        ? { AND: [where, { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }] }
        : where;
      const rows = await db.household.findMany({
        where: page,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: PAGE,
        select: {
          id: true, createdAt: true, householdNo: true, visitTier: true, lastVisitAt: true, nextVisitDue: true, dataState: true,
          grid: { select: { name: true } }, house: { select: { address: true } },
          members: { where: { deletedAt: null, relationToHead: "HEAD" }, select: { name: true }, take: 1 },
          _count: { select: { members: { where: { deletedAt: null } } } },
        },
      });
      if (!rows.length) return;
      yield rows.map((h) => [
        h.grid.name, h.householdNo ?? "", h.house?.address ?? "", h.members[0]?.name ?? "", h._count.members, label("visitTierShort", h.visitTier),
        date(h.lastVisitAt), date(h.nextVisitDue), label("dataState", h.dataState),
      ]);
      const last = rows[rows.length - 1];
      after = { createdAt: last.createdAt, id: last.id };
    }
  }
  if (input.registry === "places" || input.registry === "facilities" || input.registry === "sentiments") {
    yield* gridRowsOf(viewer, input, locale);
    return;
  }
  const where = houseWhere(viewer, input.filter);
  let after: { address: string; id: string } | null = null;
  for (;;) {
    const page: Prisma.HouseWhereInput = after
      ? { AND: [where, { OR: [{ address: { gt: after.address } }, { address: after.address, id: { gt: after.id } }] }] }
      : where;
    const rows = await db.house.findMany({
      where: page,
      orderBy: [{ address: "asc" }, { id: "asc" }],
      take: PAGE,
      select: {
        id: true, address: true, building: true, unitNo: true, room: true, use: true, tenure: true, landlordName: true, landlordPhone: true,
        permittedOccupants: true, dataState: true, grid: { select: { name: true } },
        _count: { select: { residents: { where: { deletedAt: null, livesHere: true } }, households: { where: { deletedAt: null } } } },
      },
    });
    if (!rows.length) return;
    yield rows.map((h) => [
      h.grid.name, h.address, h.building, h.unitNo, h.room, label("houseUse", h.use), label("tenure", h.tenure), h.landlordName ?? "",
      h.landlordPhone ? maskPhone(h.landlordPhone) : "", h.permittedOccupants, h._count.residents, h._count.households, label("dataState", h.dataState),
    ]);
    const last = rows[rows.length - 1];
    after = { address: last.address, id: last.id };
  }
}

/** Places, objects and sentiment entries, newest first, as on their list pages. */
async function* gridRowsOf(viewer: Viewer, input: ExportInput, locale: Locale): AsyncGenerator<Row[]> {
  const t = translatorFor(locale);
  const g = (key: string) => t(`grid.${key}` as never);
  const date = (d: Date | null) => (d ? new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10) : "");
  const time = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
  const state = (s: string) => t(`people.dataState.${s}` as never);
  const point = (v: number | null) => (v == null ? null : v);
  let after: { at: Date; id: string } | null = null;
  const page = (field: string) => (after ? { OR: [{ [field]: { lt: after.at } }, { [field]: after.at, id: { lt: after.id } }] } : {});
  for (;;) {
    let rows: Row[];
    if (input.registry === "places") {
      const found = await db.place.findMany({
        where: { AND: [placeWhere(viewer, input.filter), page("createdAt")] },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: PAGE,
        select: {
          id: true, createdAt: true, name: true, category: true, address: true, personInCharge: true, contactPhone: true, riskLevel: true, lat: true, lng: true,
          dataState: true, grid: { select: { name: true } },
        },
      });
      if (!found.length) return;
      rows = found.map((p) => [
        p.grid.name, p.name, g(`places.categories.${p.category}`), p.address ?? "", p.personInCharge ?? "", p.contactPhone ?? "", g(`places.risk.${p.riskLevel}`),
        point(p.lat), point(p.lng), state(p.dataState),
      ]);
      after = { at: found.at(-1)!.createdAt, id: found.at(-1)!.id };
    } else if (input.registry === "facilities") {
      const found = await db.facility.findMany({
        where: { AND: [facilityWhere(viewer, input.filter), page("createdAt")] },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: PAGE,
        select: { id: true, createdAt: true, type: true, name: true, isHazard: true, status: true, lastInspectedAt: true, lat: true, lng: true, dataState: true, grid: { select: { name: true } } },
      });
      if (!found.length) return;
      rows = found.map((f) => [
        f.grid.name, facilityTypeName(f.type, locale), f.name, t(`people.common.${f.isHazard ? "yes" : "no"}` as never), g(`facilities.statuses.${f.status}`),
        date(f.lastInspectedAt), point(f.lat), point(f.lng), state(f.dataState),
      ]);
      after = { at: found.at(-1)!.createdAt, id: found.at(-1)!.id };
    } else {
      const found = await db.sentimentEntry.findMany({
        where: { AND: [sentimentWhere(viewer, input.filter as Parameters<typeof sentimentWhere>[1]), page("recordedAt")] },
        orderBy: [{ recordedAt: "desc" }, { id: "desc" }],
        take: PAGE,
        select: {
          id: true, recordedAt: true, kind: true, content: true, followUpStatus: true, followUpNote: true, dataState: true, grid: { select: { name: true } },
          resident: { select: { name: true } }, place: { select: { name: true } },
        },
      });
      if (!found.length) return;
      rows = found.map((s) => [
        s.grid.name, time(s.recordedAt), g(`sentiments.kinds.${s.kind}`), s.content, s.resident?.name ?? s.place?.name ?? "", g(`sentiments.statuses.${s.followUpStatus}`),
        s.followUpNote ?? "", state(s.dataState),
      ]);
      after = { at: found.at(-1)!.recordedAt, id: found.at(-1)!.id };
    }
    yield rows;
  }
}

/** Column headers: a people.fields key, or the full message key of another module's field. */
const HEADERS: Record<ExportInput["registry"], { key: string; width?: number }[]> = {
  residents: [
    { key: "grid", width: 18 }, { key: "name" }, { key: "idNumber", width: 22 }, { key: "sex", width: 6 }, { key: "age", width: 6 }, { key: "ethnicity", width: 10 },
    { key: "phone" }, { key: "residenceType", width: 16 }, { key: "state", width: 14 }, { key: "address", width: 30 }, { key: "householdNo" },
    { key: "relationToHead" }, { key: "employment", width: 18 }, { key: "tags", width: 28 }, { key: "dataState", width: 10 },
  ],
  households: [
    { key: "grid", width: 18 }, { key: "householdNo" }, { key: "address", width: 30 }, { key: "head" }, { key: "members", width: 8 }, { key: "visitTier" },
    { key: "lastVisitAt", width: 12 }, { key: "nextVisitDue", width: 12 }, { key: "dataState", width: 10 },
  ],
  houses: [
    { key: "grid", width: 18 }, { key: "address", width: 30 }, { key: "building" }, { key: "unitNo", width: 8 }, { key: "room" }, { key: "use" }, { key: "tenure" },
    { key: "landlordName" }, { key: "landlordPhone" }, { key: "permittedOccupants", width: 10 }, { key: "occupants", width: 10 }, { key: "households", width: 10 },
    { key: "dataState", width: 10 },
  ],
  places: [
    { key: "grid", width: 18 }, { key: "grid.places.fields.name", width: 24 }, { key: "grid.places.fields.category" }, { key: "address", width: 30 },
    { key: "grid.places.fields.personInCharge" }, { key: "grid.places.fields.contactPhone" }, { key: "grid.places.fields.riskLevel", width: 10 },
    { key: "grid.places.fields.lat", width: 11 }, { key: "grid.places.fields.lng", width: 11 }, { key: "dataState", width: 10 },
  ],
  facilities: [
    { key: "grid", width: 18 }, { key: "grid.facilities.fields.type", width: 16 }, { key: "grid.facilities.fields.name", width: 24 },
    { key: "grid.facilities.fields.isHazard", width: 8 }, { key: "grid.facilities.fields.status", width: 10 }, { key: "grid.facilities.fields.lastInspectedAt", width: 12 },
    { key: "grid.facilities.fields.lat", width: 11 }, { key: "grid.facilities.fields.lng", width: 11 }, { key: "dataState", width: 10 },
  ],
  sentiments: [
    { key: "grid", width: 18 }, { key: "grid.sentiments.fields.recordedAt", width: 16 }, { key: "grid.sentiments.fields.kind", width: 8 },
    { key: "grid.sentiments.fields.content", width: 48 }, { key: "grid.sentiments.fields.link", width: 16 }, { key: "grid.sentiments.fields.followUpStatus", width: 10 },
    { key: "grid.sentiments.fields.followUpNote", width: 32 }, { key: "dataState", width: 10 },
  ],
};

export async function runExportJob(job: ClaimedJob, ctx: JobContext): Promise<JobOutcome> {
  const input = job.input as unknown as ExportJobInput;
  const user = await db.user.findUnique({ where: { id: job.createdById }, select: { sessionVersion: true } });
  const viewer = user ? await loadViewer(job.createdById, user.sessionVersion, input.ip) : null;
  if (!viewer) throw new AppError("FORBIDDEN");
  await authorize(viewer, "people.export");
  const t = translatorFor(input.locale);
  const registry = input.request.registry;

  const dir = path.join(uploadDir(), "tmp");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${Date.now()}-${randomBytes(8).toString("hex")}.xlsx`);
  let rows = 0;
  try {
    const w = openWriter(file);
    const sheet = w.sheet({
      name: t(`people.imports.export${registry[0].toUpperCase()}${registry.slice(1)}` as never),
      columns: HEADERS[registry].map((h) => ({ header: t((h.key.includes(".") ? h.key : `people.fields.${h.key}`) as never), width: h.width })),
    });
    for await (const page of rowsOf(viewer, input.request, input.locale)) {
      for (const r of page) sheet.add(r);
      rows += page.length;
      await ctx.progress(rows);
    }
    // The last report is never throttled: the job ends showing every row it wrote.
    await ctx.progress(rows, rows);
    await sheet.done();
    await w.close();

    const hash = createHash("sha256");
    let size = 0;
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
    }
    const stamp = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16).replace(/[-:T]/g, "");
    const staged = { sha256: hash.digest("hex"), size, mimeType: XLSX_MIME, fileName: `${registry}-${stamp}.xlsx`, tempPath: file };
    let committed = false;
    try {
      const fileId = await db.$transaction(async (tx) => {
        const [att] = await attachStaged(tx, [staged], { ownerType: "job", ownerId: job.id }, viewer.id);
        await writeAudit(tx, {
          action: "people.export",
          result: "success",
          userId: viewer.id,
          username: viewer.username,
          role: viewer.role,
          ip: input.ip,
          targetType: "job",
          targetId: job.id,
          details: { registry, rows, filter: input.request.filter as unknown as Prisma.InputJsonValue },
        });
        return att.id;
      });
      committed = true;
      return { status: "DONE", fileId, result: { rows, registry } };
    } finally {
      await releaseStaged([staged], committed);
    }
  } finally {
    await unlink(file).catch(() => undefined);
  }
}
