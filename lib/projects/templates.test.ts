import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  answerText,
  breakingChanges,
  FIELD_TYPES,
  isFinding,
  nextKey,
  normalizeField,
  parseFields,
  sameFields,
  templateFieldsSchema,
  validateSubmission,
  validateTemplate,
  visibleKeys,
  type TemplateField,
} from "./templates";

// A fire-safety form like the demo's: a yes/no that opens follow-up questions, a finding
// on "no extinguisher", a multiple choice with a finding on some ticks.
const FIRE: TemplateField[] = [
  { key: "f1", type: "yesNo", label: "是否配备灭火器", required: true, finding: { values: [false], categoryId: 7 } },
  { key: "f2", type: "number", label: "灭火器数量", required: true, integer: true, min: 1, max: 50, showIf: { field: "f1", values: [true] } },
  { key: "f3", type: "single", label: "灭火器状态", required: false, options: [{ value: "o1", label: "正常" }, { value: "o2", label: "过期" }], showIf: { field: "f1", values: [true] }, finding: { values: ["o2"] } },
  { key: "f4", type: "multi", label: "存在问题", required: false, options: [{ value: "o1", label: "电动车室内充电" }, { value: "o2", label: "通道堵塞" }, { value: "o3", label: "无" }], finding: { values: ["o1", "o2"] } },
  { key: "f5", type: "longText", label: "备注", required: false, maxLength: 10, showIf: { field: "f4", values: ["o1", "o2"] } },
  { key: "f6", type: "date", label: "检查日期", required: true },
  { key: "f7", type: "photo", label: "现场照片", required: false, maxPhotos: 2 },
  { key: "f8", type: "point", label: "位置", required: false },
  { key: "f9", type: "record", label: "负责人", required: false, recordKind: "RESIDENT" },
  { key: "f10", type: "text", label: "负责人电话", required: false },
];

const ok = { f1: true, f2: 2, f3: "o1", f4: ["o3"], f6: "2026-10-12" };

describe("validateTemplate", () => {
  it("accepts a well-formed template", () => {
    expect(validateTemplate(FIRE)).toEqual([]);
  });

  it("refuses an empty template", () => {
    expect(validateTemplate([])).toEqual([{ path: [], code: "projectNoFields" }]);
  });

  it("finds duplicate keys, missing and duplicate options, min above max, a record field without a kind", () => {
    const issues = validateTemplate([
      { key: "a", type: "text", label: "A", required: false },
      { key: "a", type: "text", label: "B", required: false },
      { key: "c", type: "single", label: "C", required: false, options: [{ value: "o1", label: "一" }] },
      { key: "d", type: "multi", label: "D", required: false, options: [{ value: "o1", label: "一" }, { value: "o1", label: "二" }] },
      { key: "e", type: "multi", label: "E", required: false, options: [{ value: "o1", label: "一" }, { value: "o2", label: "一" }] },
      { key: "f", type: "number", label: "F", required: false, min: 5, max: 1 },
      { key: "g", type: "record", label: "G", required: false },
    ]);
    expect(issues).toEqual([
      { path: [1, "key"], code: "projectKeyDuplicate" },
      { path: [2, "options"], code: "projectOptionsMissing" },
      { path: [3, "options"], code: "projectOptionDuplicate" },
      { path: [4, "options"], code: "projectOptionDuplicate" },
      { path: [5, "max"], code: "projectMinMax" },
      { path: [6, "recordKind"], code: "projectRecordKindMissing" },
    ]);
  });

  it("allows conditions only on earlier choice or yes/no fields, with answers those fields have", () => {
    const yes: TemplateField = { key: "y", type: "yesNo", label: "Y", required: false };
    const txt: TemplateField = { key: "t", type: "text", label: "T", required: false };
    const at = (f: TemplateField, fields: TemplateField[]) => validateTemplate(fields).filter((i) => i.path[0] === fields.indexOf(f)).map((i) => i.code);
    const later: TemplateField = { key: "l", type: "text", label: "L", required: false, showIf: { field: "y", values: [true] } };
    expect(at(later, [later, yes])).toEqual(["projectConditionUnknown"]);
    const self: TemplateField = { key: "s", type: "yesNo", label: "S", required: false, showIf: { field: "s", values: [true] } };
    expect(at(self, [self])).toEqual(["projectConditionUnknown"]);
    const onText: TemplateField = { key: "x", type: "text", label: "X", required: false, showIf: { field: "t", values: ["a"] } };
    expect(at(onText, [txt, onText])).toEqual(["projectConditionType"]);
    const badValue: TemplateField = { key: "b", type: "text", label: "B", required: false, showIf: { field: "y", values: ["yes"] } };
    expect(at(badValue, [yes, badValue])).toEqual(["projectConditionValues"]);
    const gone: TemplateField = { key: "g", type: "text", label: "G", required: false, showIf: { field: "removed", values: [true] } };
    expect(at(gone, [yes, gone])).toEqual(["projectConditionUnknown"]);
  });

  it("allows finding rules only on choice and yes/no fields, naming their answers", () => {
    expect(validateTemplate([{ key: "a", type: "text", label: "A", required: false, finding: { values: ["x"] } }])).toEqual([{ path: [0, "finding"], code: "projectFindingType" }]);
    expect(validateTemplate([{ key: "a", type: "yesNo", label: "A", required: false, finding: { values: ["no"] } }])).toEqual([{ path: [0, "finding"], code: "projectFindingValues" }]);
    expect(validateTemplate([{ key: "a", type: "single", label: "A", required: false, options: [{ value: "o1", label: "1" }, { value: "o2", label: "2" }], finding: { values: ["o3"] } }])).toEqual([
      { path: [0, "finding"], code: "projectFindingValues" },
    ]);
  });
});

describe("templateFieldsSchema", () => {
  it("reports each problem on its field's path, as an i18n key", () => {
    const r = templateFieldsSchema.safeParse([
      { key: "f1", type: "single", label: "A", required: true, options: [{ value: "o1", label: "x" }] },
      { key: "f2", type: "text", label: "B", required: false, showIf: { field: "f9", values: [true] } },
    ]);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => `${i.path.join(".")} ${i.message}`).sort()).toEqual(["0.options validation.projectOptionsMissing", "1.showIf validation.projectConditionUnknown"]);
  });

  it("drops what does not belong to a field's type, and refuses unknown properties", () => {
    const r = templateFieldsSchema.parse([{ key: "f1", type: "text", label: " 名称 ", required: true, options: [{ value: "o1", label: "x" }], min: 3, finding: { values: [true] } }]);
    expect(r).toEqual([{ key: "f1", type: "text", label: "名称", required: true }]);
    expect(templateFieldsSchema.safeParse([{ key: "f1", type: "text", label: "A", required: true, script: "x" }]).success).toBe(false);
    expect(templateFieldsSchema.safeParse([{ key: "F1", type: "text", label: "A", required: true }]).success).toBe(false);
    expect(templateFieldsSchema.safeParse([{ key: "f1", type: "html", label: "A", required: true }]).success).toBe(false);
  });
});

describe("visibleKeys", () => {
  it("shows a field when the field it depends on is shown and has a named answer", () => {
    expect([...visibleKeys(FIRE, { f1: true })]).toEqual(["f1", "f2", "f3", "f4", "f6", "f7", "f8", "f9", "f10"]);
    expect(visibleKeys(FIRE, { f1: false }).has("f2")).toBe(false);
    expect(visibleKeys(FIRE, {}).has("f2")).toBe(false);
  });

  it("any ticked choice of a multiple choice opens the dependent field", () => {
    expect(visibleKeys(FIRE, { f4: ["o3"] }).has("f5")).toBe(false);
    expect(visibleKeys(FIRE, { f4: ["o3", "o2"] }).has("f5")).toBe(true);
  });

  it("hides a chain when its first link is hidden, whatever stale answers say", () => {
    const chain: TemplateField[] = [
      { key: "a", type: "yesNo", label: "A", required: true },
      { key: "b", type: "yesNo", label: "B", required: true, showIf: { field: "a", values: [true] } },
      { key: "c", type: "text", label: "C", required: true, showIf: { field: "b", values: [true] } },
    ];
    expect([...visibleKeys(chain, { a: false, b: true })]).toEqual(["a"]);
    expect([...visibleKeys(chain, { a: true, b: true })]).toEqual(["a", "b", "c"]);
  });
});

describe("validateSubmission", () => {
  it("accepts a complete form and stores only what was shown", () => {
    const r = validateSubmission(FIRE, { ...ok, f5: "hidden note" });
    expect(r.errors).toEqual({});
    expect(r.answers).toEqual(ok);
    expect(r.findings).toEqual([]);
  });

  it("asks for visible required answers only", () => {
    expect(validateSubmission(FIRE, { f1: true, f6: "2026-10-12" }).errors).toEqual({ f2: "projectRequired" });
    // f2 is required but hidden when there is no extinguisher.
    const r = validateSubmission(FIRE, { f1: false, f2: 5, f6: "2026-10-12" });
    expect(r.errors).toEqual({});
    expect(r.answers).toEqual({ f1: false, f6: "2026-10-12" });
    expect(validateSubmission(FIRE, {}).errors).toEqual({ f1: "projectRequired", f6: "projectRequired" });
    expect(validateSubmission(FIRE, { ...ok, f6: "  " }).errors).toEqual({ f6: "projectRequired" });
  });

  it("refuses an answer that is not one of the choices", () => {
    expect(validateSubmission(FIRE, { ...ok, f3: "o9" }).errors).toEqual({ f3: "projectNotAChoice" });
    expect(validateSubmission(FIRE, { ...ok, f4: ["o1", "o1"] }).errors).toEqual({ f4: "projectNotAChoice" });
    expect(validateSubmission(FIRE, { ...ok, f4: ["o4"] }).errors).toEqual({ f4: "projectNotAChoice" });
    expect(validateSubmission(FIRE, { ...ok, f4: "o1" }).errors).toEqual({ f4: "projectNotAChoice" });
    expect(validateSubmission(FIRE, { ...ok, f1: "true" }).errors).toEqual({ f1: "projectBadValue" });
  });

  it("checks numbers, dates, lengths, photos, points and record links", () => {
    expect(validateSubmission(FIRE, { ...ok, f2: 2.5 }).errors).toEqual({ f2: "projectInteger" });
    expect(validateSubmission(FIRE, { ...ok, f2: 0 }).errors).toEqual({ f2: "projectOutOfRange" });
    expect(validateSubmission(FIRE, { ...ok, f2: "abc" }).errors).toEqual({ f2: "projectNotANumber" });
    expect(validateSubmission(FIRE, { ...ok, f2: "3" }).answers.f2).toBe(3);
    expect(validateSubmission(FIRE, { ...ok, f6: "2026-02-30" }).errors).toEqual({ f6: "projectBadDate" });
    expect(validateSubmission(FIRE, { ...ok, f4: ["o1"], f5: "x".repeat(11) }).errors).toEqual({ f5: "projectTooLong" });
    expect(validateSubmission(FIRE, { ...ok, f7: ["a", "b", "c"] }).errors).toEqual({ f7: "projectTooManyPhotos" });
    expect(validateSubmission(FIRE, { ...ok, f8: { lat: 91, lng: 97 } }).errors).toEqual({ f8: "projectBadPoint" });
    expect(validateSubmission(FIRE, { ...ok, f8: { lat: 40, lng: 97, x: 1 } }).errors).toEqual({ f8: "projectBadPoint" });
    expect(validateSubmission(FIRE, { ...ok, f8: { lat: 40.1, lng: 97.2 } }).answers.f8).toEqual({ lat: 40.1, lng: 97.2 });
    expect(validateSubmission(FIRE, { ...ok, f9: "r1" }).errors).toEqual({ f9: "projectBadValue" });
    // The label is the server's to fill in: what the browser sent is dropped.
    expect(validateSubmission(FIRE, { ...ok, f9: { id: "r1", label: "forged" } }).answers.f9).toEqual({ id: "r1" });
    expect(validateSubmission(FIRE, { ...ok, f10: 12 }).errors).toEqual({ f10: "projectBadValue" });
    // The database cannot store NUL characters: refused as a bad answer, not a crash.
    expect(validateSubmission(FIRE, { ...ok, f10: "138\u0000" }).errors).toEqual({ f10: "projectBadValue" });
    expect(templateFieldsSchema.safeParse([{ key: "f1", type: "text", label: "名\u0000称", required: false }]).success).toBe(false);
  });

  it("refuses answers to fields the version does not have", () => {
    expect(validateSubmission(FIRE, { ...ok, f99: "x" }).errors).toEqual({ f99: "projectUnknownField" });
  });

  it("lists the findings among the shown answers, in field order", () => {
    expect(validateSubmission(FIRE, { ...ok, f1: false, f4: ["o2", "o1"] }).findings).toEqual(["f1", "f4"]);
    expect(validateSubmission(FIRE, { ...ok, f3: "o2" }).findings).toEqual(["f3"]);
    // A hidden field's answer is no finding.
    expect(validateSubmission(FIRE, { f1: false, f3: "o2", f6: "2026-10-12" }).findings).toEqual(["f1"]);
    expect(validateSubmission(FIRE, { ...ok, f4: ["o2", "o1"] }).answers.f4).toEqual(["o1", "o2"]);
  });

  it("judges an entry by the version it was made with", () => {
    const v1 = FIRE;
    const v2 = FIRE.filter((f) => f.key !== "f10");
    const entry = { ...ok, f10: "13800000000" };
    expect(validateSubmission(v1, entry).errors).toEqual({});
    expect(validateSubmission(v2, entry).errors).toEqual({ f10: "projectUnknownField" });
  });

  it("keeps its promises on any input (property)", () => {
    const answer = fc.oneof(fc.boolean(), fc.integer({ min: -5, max: 60 }), fc.constantFrom("o1", "o2", "o3", "", "2026-10-12", "x"), fc.subarray(["o1", "o2", "o3"]), fc.constant(undefined));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...FIRE.map((f) => f.key)), answer), (raw) => {
        const r = validateSubmission(FIRE, raw);
        const shown = visibleKeys(FIRE, r.answers);
        for (const key of Object.keys(r.answers)) expect(shown.has(key)).toBe(true);
        for (const key of r.findings) expect(isFinding(FIRE.find((f) => f.key === key)!, r.answers[key])).toBe(true);
        if (Object.keys(r.errors).length === 0) {
          for (const f of FIRE) if (f.required && shown.has(f.key)) expect(r.answers[f.key]).toBeDefined();
          // What was stored passes again, unchanged.
          expect(validateSubmission(FIRE, r.answers)).toEqual(r);
        }
      }),
    );
  });
});

describe("editing", () => {
  it("names removed and retyped keys", () => {
    const after: TemplateField[] = [{ ...FIRE[0] }, { ...FIRE[1], type: "text" }, ...FIRE.slice(3, 9)];
    expect(breakingChanges(FIRE, after)).toEqual({ removed: ["f3", "f10"], retyped: ["f2"] });
    expect(breakingChanges(FIRE, FIRE)).toEqual({ removed: [], retyped: [] });
  });

  it("compares versions after normalisation", () => {
    expect(sameFields(FIRE, FIRE.map((f) => ({ ...f })))).toBe(true);
    expect(sameFields(FIRE, [{ ...FIRE[0], label: "是否配备灭火器 " }, ...FIRE.slice(1)])).toBe(true);
    expect(sameFields(FIRE, [{ ...FIRE[0], required: false }, ...FIRE.slice(1)])).toBe(false);
  });

  it("hands out keys never used before", () => {
    expect(nextKey(["f1", "f2", "f4"])).toBe("f3");
    expect(nextKey([])).toBe("f1");
    expect(nextKey(["o1", "o2"], "o")).toBe("o3");
  });

  it("reads back what it stores", () => {
    const stored = JSON.parse(JSON.stringify(FIRE.map(normalizeField)));
    expect(parseFields(stored)).toEqual(FIRE.map(normalizeField));
    expect(() => parseFields([{ key: "x" }])).toThrow();
    expect(FIELD_TYPES).toHaveLength(10);
  });
});

describe("answerText", () => {
  const words = { yes: "是", no: "否", photos: (n: number) => `${n} 张照片` };
  it("shows labels, not stored values", () => {
    expect(answerText(FIRE[0], false, words)).toBe("否");
    expect(answerText(FIRE[2], "o2", words)).toBe("过期");
    expect(answerText(FIRE[3], ["o1", "o2"], words)).toBe("电动车室内充电、通道堵塞");
    expect(answerText(FIRE[6], ["a", "b"], words)).toBe("2 张照片");
    expect(answerText(FIRE[7], { lat: 40.1, lng: 97 }, words)).toBe("40.100000, 97.000000");
    expect(answerText(FIRE[8], { id: "r1", label: "张三" }, words)).toBe("张三");
    expect(answerText(FIRE[9], undefined, words)).toBe("");
  });
});
