"use client";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState, useTransition } from "react";
import { saveTemplateAction } from "@/lib/projects/actions";
import {
  FIELD_TYPES,
  LINK_KINDS,
  MAX_PHOTOS,
  nextKey,
  normalizeField,
  takesRules,
  validateTemplate,
  type FieldType,
  type TemplateField,
} from "@/lib/projects/templates";
import { FormRenderer } from "./form-renderer";
import { buttonClass, inputClass, secondaryButtonClass } from "./ui";

export interface BuilderInitial {
  id: string;
  version: number;
  name: string;
  description: string;
  fields: TemplateField[];
}

/** Field index -> { property or "_" -> message }. */
type Problems = Record<number, Record<string, string>>;

function problemsFromPaths(entries: [string, string][]): { byField: Problems; general: string[] } {
  const byField: Problems = {};
  const general: string[] = [];
  for (const [path, message] of entries) {
    const m = /^fields\.(\d+)(?:\.([a-zA-Z]+))?/.exec(path);
    if (m) (byField[Number(m[1])] ??= {})[m[2] ?? "_"] ??= message;
    else general.push(message);
  }
  return { byField, general };
}

/**
 * The template builder: fields in order, each with its type's settings, an optional
 * condition on an earlier answer and an optional finding rule; a live preview runs the
 * same form the worker gets. Saving changed fields makes a new version on the server.
 */
export function TemplateBuilder({ initial, usedKeys, categories }: { initial: BuilderInitial | null; usedKeys: string[]; categories: { id: number; name: string; nameEn: string }[] }) {
  const t = useTranslations("projects.builder");
  const tp = useTranslations("projects");
  const locale = useLocale();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [name, setName] = useState(initial?.name ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [fields, setFields] = useState<TemplateField[]>(initial?.fields ?? []);
  const [addType, setAddType] = useState<FieldType>("yesNo");
  const [problems, setProblems] = useState<{ byField: Problems; general: string[] }>({ byField: {}, general: [] });
  const [message, setMessage] = useState<string | null>(null);
  const [previewValues, setPreviewValues] = useState<Record<string, unknown>>({});
  const previewFields = useMemo(() => fields.map(normalizeField), [fields]);

  const taken = () => [...usedKeys, ...fields.map((f) => f.key)];
  const update = (i: number, patch: Partial<TemplateField>) => setFields((old) => old.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const defaults = (type: FieldType, key: string, label: string, required: boolean): TemplateField => ({
    key,
    type,
    label,
    required,
    ...(type === "single" || type === "multi" ? { options: [{ value: "o1", label: t("optionDefault", { n: 1 }) }, { value: "o2", label: t("optionDefault", { n: 2 }) }] } : {}),
    ...(type === "record" ? { recordKind: "PLACE" as const } : {}),
  });
  const add = () => setFields((old) => [...old, defaults(addType, nextKey(taken()), "", false)]);
  const changeType = (i: number, type: FieldType) =>
    setFields((old) =>
      old.map((f, j) => {
        if (j !== i) return f;
        // A saved key keeps its type forever (answers are stored under it): a new type is a new field.
        const key = usedKeys.includes(f.key) ? nextKey([...usedKeys, ...old.map((x) => x.key)]) : f.key;
        return { ...defaults(type, key, f.label, f.required), ...(f.help ? { help: f.help } : {}), ...(f.showIf ? { showIf: f.showIf } : {}) };
      }),
    );
  const move = (i: number, by: -1 | 1) =>
    setFields((old) => {
      const j = i + by;
      if (j < 0 || j >= old.length) return old;
      const out = [...old];
      [out[i], out[j]] = [out[j], out[i]];
      return out;
    });
  const remove = (i: number) => setFields((old) => old.filter((_, j) => j !== i));

  const save = () => {
    setMessage(null);
    const normalized = fields.map(normalizeField);
    const local = validateTemplate(normalized);
    const labelIssues = normalized.flatMap((f, i) => [
      ...(!f.label.trim() ? [[`fields.${i}.label`, tp("problems.projectLabelRequired")] as [string, string]] : []),
      ...(f.options ?? []).some((o) => !o.label.trim()) ? [[`fields.${i}.options`, tp("problems.projectLabelRequired")] as [string, string]] : [],
    ]);
    const all = [...labelIssues, ...local.map((p) => [`fields.${p.path.join(".")}`, tp(`problems.${p.code}` as never)] as [string, string])];
    if (!name.trim()) all.push(["name", tp("problems.projectRequiredText")]);
    if (all.length) {
      setProblems(problemsFromPaths(all));
      setMessage(t("problems", { count: all.length }));
      return;
    }
    setProblems({ byField: {}, general: [] });
    start(async () => {
      const r = await saveTemplateAction({ ...(initial ? { id: initial.id, version: initial.version } : {}), name, description, fields: normalized });
      if (r.ok) {
        router.push(`/projects/templates/${r.data.id}`);
        router.refresh();
        return;
      }
      setMessage(r.message);
      setProblems(problemsFromPaths(Object.entries(r.fieldErrors ?? {})));
    });
  };

  const catName = (c: { name: string; nameEn: string }) => (locale === "en" ? c.nameEn : c.name);

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(18rem,24rem)]" data-testid="template-builder">
      <div className="space-y-4">
        <div>
          <label className="block text-sm font-medium" htmlFor="tpl-name">{t("name")}</label>
          <input id="tpl-name" className={inputClass} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
          {problems.general.length > 0 && !name.trim() && <p className="mt-1 text-sm text-red-700">{tp("problems.projectRequiredText")}</p>}
        </div>
        <div>
          <label className="block text-sm font-medium" htmlFor="tpl-description">{t("description")}</label>
          <textarea id="tpl-description" rows={2} className={inputClass} value={description} maxLength={500} onChange={(e) => setDescription(e.target.value)} />
        </div>
        {initial && <p className="rounded-md bg-slate-50 p-2 text-xs text-slate-600">{t("versionNote")}</p>}

        <ol className="space-y-3">
          {fields.map((f, i) => {
            const err = problems.byField[i] ?? {};
            const earlier = fields.slice(0, i).filter((x) => takesRules(x.type));
            const target = f.showIf ? fields.find((x) => x.key === f.showIf!.field) : undefined;
            const ruleValues = (field: TemplateField | undefined): { value: string | boolean; label: string }[] =>
              !field ? [] : field.type === "yesNo" ? [{ value: true, label: tp("answers.yes") }, { value: false, label: tp("answers.no") }] : (field.options ?? []).map((o) => ({ value: o.value, label: o.label || o.value }));
            const toggle = (list: (string | boolean)[], v: string | boolean) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
            return (
              <li key={f.key} className={`rounded-lg border bg-white p-3 ${Object.keys(err).length ? "border-red-300" : "border-slate-200"}`} data-builder-field={i}>
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="text-xs font-medium text-slate-500">{t("fieldNo", { n: i + 1 })}</span>
                  <div className="flex gap-1 text-xs">
                    <button type="button" className="rounded px-2 py-1 hover:bg-slate-100" onClick={() => move(i, -1)} disabled={i === 0} aria-label={t("moveUp")}>↑</button>
                    <button type="button" className="rounded px-2 py-1 hover:bg-slate-100" onClick={() => move(i, 1)} disabled={i === fields.length - 1} aria-label={t("moveDown")}>↓</button>
                    <button type="button" className="rounded px-2 py-1 text-red-700 hover:bg-red-50" onClick={() => remove(i)} data-testid="remove-field">{t("remove")}</button>
                  </div>
                </div>
                <div className="mt-1 grid gap-2 sm:grid-cols-[1fr_11rem]">
                  <div>
                    <input className={inputClass} value={f.label} maxLength={200} placeholder={t("labelHint")} aria-label={t("label")} onChange={(e) => update(i, { label: e.target.value })} data-testid="field-label" />
                    {err.label && <p className="mt-1 text-sm text-red-700">{err.label}</p>}
                  </div>
                  <select className={inputClass} value={f.type} aria-label={t("type")} onChange={(e) => changeType(i, e.target.value as FieldType)} data-testid="field-type">
                    {FIELD_TYPES.map((x) => (
                      <option key={x} value={x}>{t(`types.${x}`)}</option>
                    ))}
                  </select>
                </div>
                {err.type && <p className="mt-1 text-sm text-red-700">{err.type}</p>}
                <div className="mt-2 flex flex-wrap items-center gap-4 text-sm">
                  <label className="flex items-center gap-1.5">
                    <input type="checkbox" checked={f.required} onChange={(e) => update(i, { required: e.target.checked })} data-testid="field-required" />
                    {t("required")}
                  </label>
                </div>
                <input className={`${inputClass} text-sm`} value={f.help ?? ""} maxLength={500} placeholder={t("helpHint")} aria-label={t("help")} onChange={(e) => update(i, { help: e.target.value })} />

                {(f.type === "single" || f.type === "multi") && (
                  <div className="mt-2">
                    <p className="text-xs text-slate-500">{t("options")}</p>
                    <ul className="mt-1 space-y-1">
                      {(f.options ?? []).map((o, k) => (
                        <li key={o.value} className="flex gap-2">
                          <input
                            className={`${inputClass} mt-0`}
                            value={o.label}
                            maxLength={100}
                            aria-label={t("optionLabel", { n: k + 1 })}
                            onChange={(e) => update(i, { options: (f.options ?? []).map((x, m) => (m === k ? { ...x, label: e.target.value } : x)) })}
                            data-testid="option-label"
                          />
                          <button type="button" className="shrink-0 px-2 text-sm text-red-700" onClick={() => update(i, { options: (f.options ?? []).filter((_, m) => m !== k) })} aria-label={t("removeOption")}>×</button>
                        </li>
                      ))}
                    </ul>
                    <button
                      type="button"
                      className="mt-1 text-sm text-brand-700 hover:underline"
                      onClick={() => update(i, { options: [...(f.options ?? []), { value: nextKey((f.options ?? []).map((o) => o.value), "o"), label: "" }] })}
                      data-testid="add-option"
                    >
                      + {t("addOption")}
                    </button>
                    {err.options && <p className="mt-1 text-sm text-red-700">{err.options}</p>}
                  </div>
                )}
                {f.type === "number" && (
                  <div className="mt-2 grid grid-cols-3 gap-2 text-sm">
                    <label>{t("min")}<input type="number" className={inputClass} value={f.min ?? ""} onChange={(e) => update(i, { min: e.target.value === "" ? undefined : Number(e.target.value) })} /></label>
                    <label>{t("max")}<input type="number" className={inputClass} value={f.max ?? ""} onChange={(e) => update(i, { max: e.target.value === "" ? undefined : Number(e.target.value) })} /></label>
                    <label className="flex items-end gap-1.5 pb-2"><input type="checkbox" checked={!!f.integer} onChange={(e) => update(i, { integer: e.target.checked || undefined })} />{t("integer")}</label>
                    {err.max && <p className="col-span-3 text-sm text-red-700">{err.max}</p>}
                  </div>
                )}
                {f.type === "photo" && (
                  <label className="mt-2 block text-sm">
                    {t("maxPhotos")}
                    <select className={`${inputClass} max-w-[8rem]`} value={f.maxPhotos ?? 3} onChange={(e) => update(i, { maxPhotos: Number(e.target.value) })}>
                      {Array.from({ length: MAX_PHOTOS }, (_, n) => n + 1).map((n) => (
                        <option key={n} value={n}>{n}</option>
                      ))}
                    </select>
                  </label>
                )}
                {f.type === "record" && (
                  <label className="mt-2 block text-sm">
                    {t("recordKind")}
                    <select className={`${inputClass} max-w-xs`} value={f.recordKind ?? ""} onChange={(e) => update(i, { recordKind: e.target.value as TemplateField["recordKind"] })}>
                      {LINK_KINDS.map((k) => (
                        <option key={k} value={k}>{tp(`recordKinds.${k}`)}</option>
                      ))}
                    </select>
                    {err.recordKind && <p className="mt-1 text-sm text-red-700">{err.recordKind}</p>}
                  </label>
                )}

                <div className="mt-3 border-t border-slate-100 pt-2">
                  <label className="flex items-center gap-1.5 text-sm">
                    <input
                      type="checkbox"
                      checked={!!f.showIf}
                      disabled={!f.showIf && earlier.length === 0}
                      onChange={(e) => update(i, { showIf: e.target.checked && earlier[0] ? { field: earlier[earlier.length - 1].key, values: [] } : undefined })}
                      data-testid="field-condition"
                    />
                    {t("condition")}
                  </label>
                  {!f.showIf && earlier.length === 0 && <p className="text-xs text-slate-400">{t("conditionNone")}</p>}
                  {f.showIf && (
                    <div className="mt-1 space-y-1 pl-5">
                      <select className={inputClass} value={f.showIf.field} aria-label={t("conditionField")} onChange={(e) => update(i, { showIf: { field: e.target.value, values: [] } })} data-testid="condition-field">
                        {!earlier.some((x) => x.key === f.showIf!.field) && <option value={f.showIf.field}>{t("conditionMissing")}</option>}
                        {earlier.map((x) => (
                          <option key={x.key} value={x.key}>{x.label || t("fieldNo", { n: fields.indexOf(x) + 1 })}</option>
                        ))}
                      </select>
                      <div className="flex flex-wrap gap-3 text-sm">
                        <span className="text-xs text-slate-500">{t("conditionValues")}</span>
                        {ruleValues(target).map((rv) => (
                          <label key={String(rv.value)} className="flex items-center gap-1">
                            <input type="checkbox" checked={f.showIf!.values.includes(rv.value)} onChange={() => update(i, { showIf: { ...f.showIf!, values: toggle(f.showIf!.values, rv.value) } })} data-testid="condition-value" data-value={String(rv.value)} />
                            {rv.label}
                          </label>
                        ))}
                      </div>
                    </div>
                  )}
                  {err.showIf && <p className="mt-1 text-sm text-red-700">{err.showIf}</p>}
                </div>

                {takesRules(f.type) && (
                  <div className="mt-2">
                    <label className="flex items-center gap-1.5 text-sm">
                      <input type="checkbox" checked={!!f.finding} onChange={(e) => update(i, { finding: e.target.checked ? { values: f.type === "yesNo" ? [false] : [] } : undefined })} data-testid="field-finding" />
                      {t("finding")}
                    </label>
                    {f.finding && (
                      <div className="mt-1 space-y-1 pl-5">
                        <div className="flex flex-wrap gap-3 text-sm">
                          <span className="text-xs text-slate-500">{t("findingValues")}</span>
                          {ruleValues(f).map((rv) => (
                            <label key={String(rv.value)} className="flex items-center gap-1">
                              <input type="checkbox" checked={f.finding!.values.includes(rv.value)} onChange={() => update(i, { finding: { ...f.finding!, values: toggle(f.finding!.values, rv.value) } })} data-testid="finding-value" data-value={String(rv.value)} />
                              {rv.label}
                            </label>
                          ))}
                        </div>
                        <select
                          className={inputClass}
                          value={f.finding.categoryId ?? ""}
                          aria-label={t("findingCategory")}
                          onChange={(e) => update(i, { finding: { ...f.finding!, categoryId: e.target.value ? Number(e.target.value) : null } })}
                          data-testid="finding-category"
                        >
                          <option value="">{t("noCategory")}</option>
                          {categories.map((c) => (
                            <option key={c.id} value={c.id}>{catName(c)}</option>
                          ))}
                        </select>
                      </div>
                    )}
                    {err.finding && <p className="mt-1 text-sm text-red-700">{err.finding}</p>}
                  </div>
                )}
                {err._ && <p className="mt-1 text-sm text-red-700">{err._}</p>}
              </li>
            );
          })}
        </ol>
        {fields.length === 0 && <p className="rounded border border-dashed border-slate-300 p-4 text-center text-sm text-slate-500">{t("noFields")}</p>}

        <div className="flex flex-wrap items-center gap-2 rounded-lg border border-dashed border-slate-300 bg-white p-3">
          <select className={`${inputClass} mt-0 max-w-[12rem]`} value={addType} onChange={(e) => setAddType(e.target.value as FieldType)} aria-label={t("type")} data-testid="add-field-type">
            {FIELD_TYPES.map((x) => (
              <option key={x} value={x}>{t(`types.${x}`)}</option>
            ))}
          </select>
          <button type="button" className={secondaryButtonClass} onClick={add} data-testid="add-field">+ {t("addField")}</button>
        </div>

        {problems.general.length > 0 && <ul className="text-sm text-red-700">{problems.general.map((g) => <li key={g}>{g}</li>)}</ul>}
        {message && <p className="rounded-md bg-red-50 p-3 text-sm text-red-800" role="alert" data-testid="builder-error">{message}</p>}
        <button type="button" className={buttonClass} disabled={pending} onClick={save} data-testid="save-template">
          {pending ? t("saving") : t("save")}
        </button>
      </div>

      <aside className="lg:sticky lg:top-4 lg:self-start">
        <div className="rounded-lg border border-slate-200 bg-slate-50 p-3">
          <h2 className="mb-2 text-sm font-medium">{t("preview")}</h2>
          <div className="mx-auto max-w-[375px] rounded-lg border border-slate-200 bg-white p-3" data-testid="builder-preview">
            {previewFields.length === 0 ? (
              <p className="text-sm text-slate-500">{t("previewEmpty")}</p>
            ) : (
              <FormRenderer fields={previewFields} values={previewValues} onChange={(k, v) => setPreviewValues((old) => ({ ...old, [k]: v }))} preview />
            )}
          </div>
        </div>
      </aside>
    </div>
  );
}
