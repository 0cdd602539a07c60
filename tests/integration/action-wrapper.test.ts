import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MAX_INPUT_BYTES, runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { importDivisionsSchema } from "@/lib/territory/schemas";
import { importDivisions } from "@/lib/territory/data";
import { parseDivisionCsv } from "@/lib/territory/csv";
import { viewerFor } from "../support/fixtures";

const schema = z.object({ name: z.string().min(2).max(10), count: z.number().int() });
const echo = async (_viewer: unknown, input: z.infer<typeof schema>) => {
  await db.department.create({ data: { code: `x-${input.name}`, name: input.name, nameEn: input.name } });
  return { ok: input.name };
};

describe("the action wrapper", () => {
  it("refuses anonymous callers", async () => {
    const result = await runAction(null, schema, echo, { name: "abc", count: 1 });
    expect(result).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: "登录已失效，请重新登录。" });
  });

  it.each([
    ["unknown keys", { name: "abc", count: 1, admin: true }],
    ["prototype keys", JSON.parse('{"name":"abc","count":1,"__proto__":{"x":1}}')],
    ["wrong types", { name: 5, count: "1" }],
    ["missing fields", {}],
    ["a string too long", { name: "x".repeat(11), count: 1 }],
    ["not an object", "name=abc"],
    ["null", null],
  ])("answers %s with a translated validation error and writes nothing", async (_label, input) => {
    const viewer = await viewerFor("admin");
    const before = await db.department.count();
    const result = await runAction(viewer, schema, echo, input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe("VALIDATION");
    expect(result.message).toBe("提交的内容有误，请检查后重试。");
    expect(Object.keys(result.fieldErrors ?? {}).length).toBeGreaterThan(0);
    expect(await db.department.count()).toBe(before);
  });

  it("refuses oversized payloads before validating them", async () => {
    const viewer = await viewerFor("admin");
    const result = await runAction(viewer, schema, echo, { name: "x".repeat(MAX_INPUT_BYTES + 1), count: 1 });
    expect(result).toMatchObject({ ok: false, code: "PAYLOAD_TOO_LARGE" });
  });

  it("turns domain errors into their translated message and hides unexpected ones", async () => {
    const viewer = await viewerFor("admin");
    const notFound = await runAction(viewer, schema, async () => {
      throw new AppError("NOT_FOUND");
    }, { name: "abc", count: 1 });
    expect(notFound).toMatchObject({ ok: false, code: "NOT_FOUND", message: "记录不存在或不在您的辖区内。" });
    const bug = await runAction(viewer, schema, async () => {
      throw new Error("secret internal detail");
    }, { name: "abc", count: 1 });
    expect(bug).toMatchObject({ ok: false, code: "INTERNAL" });
    expect(JSON.stringify(bug)).not.toContain("secret internal detail");
  });

  it("rolls back a failed import completely through the real schema", async () => {
    const viewer = await viewerFor("admin");
    const before = await db.unit.count();
    const csv = "code,name,parent_code\n990101000000,测试县,990100000000\n990101300000,新镇,990101000000\n990101300001,孤村,990101900000\n";
    const result = await runAction(viewer, importDivisionsSchema, async (v, { csv: text }) => importDivisions(v, parseDivisionCsv(text).rows), { csv });
    expect(result).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(await db.unit.count()).toBe(before);
  });
});
