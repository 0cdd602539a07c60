// Helpers for the people registry's integration tests.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { makeIdNumber } from "@/lib/id-number";
import type { ResidentInput } from "@/lib/people/schemas";
import { db } from "@/lib/server/db";
import { seedKeyGroupTags } from "../../prisma/seed/people";
import { fixture, type UnitKey } from "./fixtures";

/** Files written by imports and exports go to a scratch folder, never the project's. */
export function useScratchUploads(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "vitalgrid-people-"));
  process.env.UPLOAD_DIR = dir;
  return dir;
}

/** A distinct valid ID number for every n: birth dates from 1950 on, sequence numbers after that. */
export function idFor(n: number, region = "620981"): string {
  const day = new Date(Date.UTC(1950, 0, 1) + (n % 20_000) * 86_400_000).toISOString().slice(0, 10);
  return makeIdNumber(region, day, Math.floor(n / 20_000) % 1000);
}

/** The same number with a wrong check character. */
export function badCheckDigit(id: string): string {
  return id.slice(0, 17) + (id[17] === "1" ? "2" : "1");
}

export function residentInput(grid: UnitKey, n: number, extra: Partial<ResidentInput> = {}): ResidentInput {
  return {
    gridId: fixture().units[grid],
    name: `测试${String(n).replace(/\d/g, (d) => "〇一二三四五六七八九"[Number(d)])}`,
    idNumber: idFor(n),
    ethnicity: "01",
    phone: `1380000${String(n).padStart(4, "0")}`,
    householdId: null,
    relationToHead: null,
    houseId: null,
    residenceType: "REGISTERED",
    livesHere: true,
    employment: null,
    tags: [],
    ...extra,
  };
}

export async function seedTags() {
  await seedKeyGroupTags(db);
  const tags = await db.keyGroupTag.findMany({ select: { id: true, code: true } });
  return Object.fromEntries(tags.map((t) => [t.code, t.id])) as Record<string, number>;
}
