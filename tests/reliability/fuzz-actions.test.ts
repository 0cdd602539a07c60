// Every server action fed random and hostile input: never an unexpected error (INTERNAL),
// and a refused request never leaves a partial write. Actions are found by module
// (lib/*/actions.ts); each keeps its schema and handler (see definitionOf in
// lib/server/action.ts), which run here through the real wrapper with a real viewer.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { definitionOf, runAction, type ActionDefinition } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { viewerFor } from "../support/fixtures";

const modules = import.meta.glob("/lib/*/actions.ts", { eager: true }) as Record<string, Record<string, unknown>>;
const actions: [string, ActionDefinition][] = [];
for (const [file, exports] of Object.entries(modules)) {
  for (const [name, fn] of Object.entries(exports)) {
    const definition = definitionOf(fn);
    if (definition) actions.push([`${file.split("/")[2]}.${name}`, definition]);
  }
}

// Tables whose rows a refused request may legitimately add: the attempt and audit logs.
const LOGS = new Set(["AuditLog", "LoginAttempt"]);
let tableList: string[] | undefined;

async function rowCounts(): Promise<Record<string, number>> {
  tableList ??= (
    await db.$queryRawUnsafe<{ tablename: string }[]>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`)
  )
    .map((t) => t.tablename)
    .filter((t) => !LOGS.has(t));
  const sql = tableList.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM "${t}"`).join(" UNION ALL ");
  const rows = await db.$queryRawUnsafe<{ t: string; n: number }[]>(sql);
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

const hostileString = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: "grapheme", maxLength: 50 }),
  fc.constantFrom("", " ", "\u0000", "'; DROP TABLE \"User\"; --", "=cmd|' /C calc'!A0", "<script>alert(1)</script>", "../../etc/passwd", "𠀀𠀁🙂\u202e", "x".repeat(300_000)),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(hostileString, { maxLength: 5 }),
  fc.dictionary(fc.constantFrom("__proto__", "constructor", "prototype", "id", "then"), hostileString, { maxKeys: 3 }),
);

/** Inputs shaped like the schema (its own keys) but with hostile values, plus arbitrary junk. */
function inputsFor(schema: z.ZodType): fc.Arbitrary<unknown> {
  const keys = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const shaped = keys.length
    ? fc.record(Object.fromEntries(keys.map((k) => [k, hostileValue])), { requiredKeys: [] })
    : fc.constant({});
  const withExtra = shaped.map((o) => ({ ...(o as object), ...JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') }));
  return fc.oneof(shaped, withExtra, fc.anything({ maxDepth: 2 }), hostileString);
}

describe("server actions under random and hostile input", () => {
  it("found the actions of every module", () => {
    expect(actions.length).toBeGreaterThan(0);
  });

  for (const [name, definition] of actions) {
    it(`${name} never fails unexpectedly and never writes half`, async () => {
      for (const username of ["admin", "grid"]) {
        const viewer = await viewerFor(username);
        await fc.assert(
          fc.asyncProperty(inputsFor(definition.schema), async (input) => {
            const before = await rowCounts();
            const result = await runAction(viewer, definition.schema, definition.handler, input);
            expect(result.ok ? "ok" : result.code).not.toBe("INTERNAL");
            if (!result.ok) expect(await rowCounts()).toEqual(before);
            expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          }),
          { numRuns: 15, seed: 20261124 },
        );
      }
    });
  }
});
