"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState, useTransition } from "react";
import { FACILITY_TYPES, PLACE_CATEGORIES, RISK_LEVELS } from "@/lib/grid/dictionary";
import { HOUSE_TENURES, HOUSE_USES, VISIT_TIERS } from "@/lib/people/rules";
import { countRecordsAction, createProjectAction, updateProjectAction } from "@/lib/projects/actions";
import { PROJECT_TYPES, RECORD_KINDS, VERSION_POLICIES, type RecordKind, type RecordSelector } from "@/lib/projects/schemas";
import { buttonClass, inputClass, secondaryButtonClass } from "./ui";

interface UnitOption {
  id: number;
  parentId: number | null;
  name: string;
  level: "COUNTY" | "TOWNSHIP" | "VILLAGE" | "GRID";
}

export interface ProjectFormContext {
  units: UnitOption[];
  departments: { id: number; name: string; nameEn: string }[];
  templates: { id: string; name: string; latestVersionNo: number }[];
  owners: { id: string; name: string; role: string; where: string }[];
  tags: { id: number; name: string; nameEn: string }[];
}

export interface ProjectFormValues {
  id?: string;
  version?: number;
  title: string;
  type: (typeof PROJECT_TYPES)[number];
  description: string;
  startsOn: string;
  endsOn: string;
  coverUnitIds: number[];
  leadDepartmentId: number | null;
  ownerId: string | null;
  templateId: string;
  versionPolicy: (typeof VERSION_POLICIES)[number];
  selectors: RecordSelector[];
}

const DEPTH = { COUNTY: 0, TOWNSHIP: 1, VILLAGE: 2, GRID: 3 } as const;

/** Units as a tree in display order, with each unit's ancestors (to show coverage). */
function useTree(units: UnitOption[]) {
  return useMemo(() => {
    const children = new Map<number | null, UnitOption[]>();
    const byId = new Map(units.map((u) => [u.id, u]));
    for (const u of units) {
      const key = u.parentId !== null && byId.has(u.parentId) ? u.parentId : null;
      children.set(key, [...(children.get(key) ?? []), u]);
    }
    const ordered: UnitOption[] = [];
    const walk = (parent: number | null) => {
      for (const u of children.get(parent) ?? []) {
        ordered.push(u);
        walk(u.id);
      }
    };
    walk(null);
    const ancestors = (id: number): number[] => {
      const out: number[] = [];
      for (let u = byId.get(id); u && u.parentId !== null; u = byId.get(u.parentId)) out.push(u.parentId);
      return out;
    };
    return { ordered, ancestors, byId };
  }, [units]);
}

/** Toggle chips for a list of values (empty means "all"). */
function Chips<T extends string | number>({ values, selected, label, onChange, testId }: { values: readonly T[]; selected: readonly T[]; label: (v: T) => string; onChange: (v: T[]) => void; testId?: string }) {
  return (
    <div className="mt-1 flex flex-wrap gap-1.5" data-testid={testId}>
      {values.map((v) => {
        const on = selected.includes(v);
        return (
          <button
            key={String(v)}
            type="button"
            aria-pressed={on}
            onClick={() => onChange(on ? selected.filter((x) => x !== v) : [...selected, v])}
            className={`rounded-full px-2.5 py-1 text-xs ${on ? "bg-brand-600 text-white" : "bg-white text-slate-700 ring-1 ring-slate-300"}`}
          >
            {label(v)}
          </button>
        );
      })}
    </div>
  );
}

function emptySelector(kind: RecordKind): RecordSelector {
  return { kind } as RecordSelector;
}

/** The campaign form: create a draft or edit one. */
export function ProjectForm({ context, initial }: { context: ProjectFormContext; initial: ProjectFormValues }) {
  const t = useTranslations("projects");
  const locale = useLocale();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [v, setV] = useState<ProjectFormValues>(initial);
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [unitQuery, setUnitQuery] = useState("");
  const [showGrids, setShowGrids] = useState(false);
  const [counted, setCounted] = useState<{ grids: number; counts: number[] } | null>(null);
  const tree = useTree(context.units);
  const set = <K extends keyof ProjectFormValues>(key: K, value: ProjectFormValues[K]) => {
    setV((old) => ({ ...old, [key]: value }));
    if (key === "coverUnitIds" || key === "selectors") setCounted(null);
  };
  const covered = new Set(v.coverUnitIds);
  const coveredByParent = (id: number) => tree.ancestors(id).some((a) => covered.has(a));
  const q = unitQuery.trim();
  const shownUnits = tree.ordered.filter((u) => (q ? u.name.includes(q) : showGrids || u.level !== "GRID"));
  const name = (x: { name: string; nameEn?: string }) => (locale === "en" && x.nameEn ? x.nameEn : x.name);

  const toggleUnit = (id: number) => {
    if (covered.has(id)) return set("coverUnitIds", v.coverUnitIds.filter((x) => x !== id));
    // Covering a unit covers its subtree: drop descendants already chosen.
    set("coverUnitIds", [...v.coverUnitIds.filter((x) => !tree.ancestors(x).includes(id)), id]);
  };
  const updateSelector = (i: number, s: RecordSelector) => set("selectors", v.selectors.map((x, j) => (j === i ? s : x)));
  const unused = RECORD_KINDS.filter((k) => !v.selectors.some((s) => s.kind === k));

  const count = () =>
    start(async () => {
      const r = await countRecordsAction({ coverUnitIds: v.coverUnitIds, selectors: v.selectors });
      if (r.ok) setCounted(r.data);
      else setMessage(r.message);
    });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setMessage(null);
    setErrors({});
    start(async () => {
      const body = {
        title: v.title,
        type: v.type,
        description: v.description,
        startsOn: v.startsOn,
        endsOn: v.endsOn,
        coverUnitIds: v.coverUnitIds,
        leadDepartmentId: v.leadDepartmentId,
        ownerId: v.ownerId,
        templateId: v.templateId,
        versionPolicy: v.versionPolicy,
        selectors: v.selectors,
      };
      const r = v.id ? await updateProjectAction({ id: v.id, version: v.version!, ...body }) : await createProjectAction(body);
      if (r.ok) {
        router.push(`/projects/${r.data.id}`);
        router.refresh();
        return;
      }
      setMessage(r.message);
      setErrors(r.fieldErrors ?? {});
    });
  };
  const err = (key: string) => errors[key] && <p className="mt-1 text-sm text-red-700">{errors[key]}</p>;
  const label = (text: string, htmlFor?: string) => (
    <label className="block text-sm font-medium" htmlFor={htmlFor}>
      {text}
    </label>
  );

  return (
    <form onSubmit={submit} className="mx-auto max-w-3xl space-y-5" noValidate data-testid="project-form">
      <div>
        {label(t("fields.title"), "title")}
        <input id="title" className={inputClass} value={v.title} maxLength={100} onChange={(e) => set("title", e.target.value)} placeholder={t("form.titleHint")} />
        {err("title")}
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <div>
          {label(t("fields.type"), "type")}
          <select id="type" className={inputClass} value={v.type} onChange={(e) => set("type", e.target.value as ProjectFormValues["type"])}>
            {PROJECT_TYPES.map((x) => (
              <option key={x} value={x}>{t(`types.${x}`)}</option>
            ))}
          </select>
        </div>
        <div>
          {label(t("fields.startsOn"), "startsOn")}
          <input id="startsOn" type="date" className={inputClass} value={v.startsOn} onChange={(e) => set("startsOn", e.target.value)} />
          {err("startsOn")}
        </div>
        <div>
          {label(t("fields.endsOn"), "endsOn")}
          <input id="endsOn" type="date" className={inputClass} value={v.endsOn} onChange={(e) => set("endsOn", e.target.value)} />
          {err("endsOn")}
        </div>
      </div>
      <div>
        {label(t("fields.description"), "description")}
        <textarea id="description" rows={3} className={inputClass} value={v.description} maxLength={2000} onChange={(e) => set("description", e.target.value)} placeholder={t("form.descriptionHint")} />
        {err("description")}
      </div>

      <fieldset className="rounded-lg border border-slate-200 bg-white p-3">
        <legend className="px-1 text-sm font-medium">{t("fields.cover")}</legend>
        <p className="text-xs text-slate-500">{t("form.coverHint")}</p>
        {v.coverUnitIds.length > 0 && (
          <ul className="mt-2 flex flex-wrap gap-1.5" data-testid="cover-chosen">
            {v.coverUnitIds.map((id) => (
              <li key={id}>
                <button type="button" onClick={() => toggleUnit(id)} className="rounded-full bg-brand-50 px-2.5 py-1 text-xs text-brand-800 ring-1 ring-brand-200">
                  {tree.byId.get(id)?.name ?? id} ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <input className={`${inputClass} max-w-xs`} value={unitQuery} onChange={(e) => setUnitQuery(e.target.value)} placeholder={t("form.searchUnits")} aria-label={t("form.searchUnits")} />
          <label className="mt-1 flex items-center gap-1.5 text-sm">
            <input type="checkbox" checked={showGrids} onChange={(e) => setShowGrids(e.target.checked)} />
            {t("form.showGrids")}
          </label>
        </div>
        <ul className="mt-2 max-h-72 overflow-auto rounded border border-slate-100 text-sm" data-testid="unit-picker">
          {shownUnits.slice(0, 400).map((u) => {
            const inherited = coveredByParent(u.id);
            return (
              <li key={u.id} style={{ paddingLeft: `${DEPTH[u.level] * 1.1 + 0.5}rem` }} className="py-0.5">
                <label className={`flex items-center gap-2 ${inherited ? "text-slate-400" : ""}`}>
                  <input type="checkbox" checked={covered.has(u.id) || inherited} disabled={inherited} onChange={() => toggleUnit(u.id)} data-unit={u.name} />
                  {u.name}
                </label>
              </li>
            );
          })}
        </ul>
        {err("coverUnitIds")}
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          {label(t("fields.leadDepartment"), "leadDepartmentId")}
          <select id="leadDepartmentId" className={inputClass} value={v.leadDepartmentId ?? ""} onChange={(e) => set("leadDepartmentId", e.target.value ? Number(e.target.value) : null)}>
            <option value="">{t("form.none")}</option>
            {context.departments.map((d) => (
              <option key={d.id} value={d.id}>{name(d)}</option>
            ))}
          </select>
          {err("leadDepartmentId")}
        </div>
        <div>
          {label(t("fields.owner"), "ownerId")}
          <select id="ownerId" className={inputClass} value={v.ownerId ?? ""} onChange={(e) => set("ownerId", e.target.value || null)}>
            <option value="">{t("form.none")}</option>
            {context.owners.map((o) => (
              <option key={o.id} value={o.id}>{o.name} · {o.where}</option>
            ))}
          </select>
          {err("ownerId")}
        </div>
      </div>

      <fieldset className="rounded-lg border border-slate-200 bg-white p-3">
        <legend className="px-1 text-sm font-medium">{t("fields.template")}</legend>
        <div className="flex flex-wrap items-end gap-2">
          <select id="templateId" aria-label={t("fields.template")} className={`${inputClass} max-w-md`} value={v.templateId} onChange={(e) => set("templateId", e.target.value)}>
            <option value="">{t("form.chooseTemplate")}</option>
            {context.templates.map((x) => (
              <option key={x.id} value={x.id}>{x.name} · {t("templates.version", { no: x.latestVersionNo })}</option>
            ))}
          </select>
          <Link href="/projects/templates/new" className="mb-2 text-sm text-brand-700 hover:underline">{t("form.newTemplate")}</Link>
        </div>
        {err("templateId")}
        <div className="mt-3 space-y-2">
          {VERSION_POLICIES.map((p) => (
            <label key={p} className="flex items-start gap-2 text-sm">
              <input type="radio" name="versionPolicy" className="mt-1" checked={v.versionPolicy === p} onChange={() => set("versionPolicy", p)} />
              <span>
                <span className="font-medium">{t(`policies.${p}`)}</span>
                <span className="block text-xs text-slate-500">{t(`policyHelp.${p}`)}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="rounded-lg border border-slate-200 bg-white p-3" data-testid="selectors">
        <legend className="px-1 text-sm font-medium">{t("fields.selectors")}</legend>
        <p className="text-xs text-slate-500">{t("form.selectorHelp")}</p>
        {v.selectors.length === 0 && <p className="mt-2 text-sm text-slate-600">{t("form.noSelectors")}</p>}
        <ul className="mt-2 space-y-3">
          {v.selectors.map((s, i) => (
            <li key={s.kind} className="rounded border border-slate-200 p-2" data-kind={s.kind}>
              <div className="flex items-center justify-between">
                <span className="text-sm font-medium">{t(`recordKinds.${s.kind}`)}{counted ? ` · ${t("form.countOne", { count: counted.counts[i] ?? 0 })}` : ""}</span>
                <button type="button" className="text-xs text-red-700 hover:underline" onClick={() => set("selectors", v.selectors.filter((_, j) => j !== i))}>{t("form.remove")}</button>
              </div>
              {s.kind === "HOUSE" && (
                <>
                  <p className="mt-2 text-xs text-slate-500">{t("form.tenures")}</p>
                  <Chips values={HOUSE_TENURES} selected={s.tenures ?? []} label={(x) => t(`dict.tenures.${x}`)} onChange={(x) => updateSelector(i, { ...s, tenures: x })} testId="chips-tenures" />
                  <p className="mt-2 text-xs text-slate-500">{t("form.uses")}</p>
                  <Chips values={HOUSE_USES} selected={s.uses ?? []} label={(x) => t(`dict.uses.${x}`)} onChange={(x) => updateSelector(i, { ...s, uses: x })} />
                </>
              )}
              {s.kind === "PLACE" && (
                <>
                  <p className="mt-2 text-xs text-slate-500">{t("form.categories")}</p>
                  <Chips values={PLACE_CATEGORIES} selected={s.categories ?? []} label={(x) => t(`dict.placeCategories.${x}`)} onChange={(x) => updateSelector(i, { ...s, categories: x })} testId="chips-categories" />
                  <p className="mt-2 text-xs text-slate-500">{t("form.riskLevels")}</p>
                  <Chips values={RISK_LEVELS} selected={s.riskLevels ?? []} label={(x) => t(`dict.riskLevels.${x}`)} onChange={(x) => updateSelector(i, { ...s, riskLevels: x })} />
                </>
              )}
              {s.kind === "FACILITY" && (
                <>
                  <p className="mt-2 text-xs text-slate-500">{t("form.facilityTypes")}</p>
                  <Chips values={FACILITY_TYPES.map((f) => f.code)} selected={s.types ?? []} label={(x) => { const f = FACILITY_TYPES.find((y) => y.code === x)!; return locale === "en" ? f.en : f.zh; }} onChange={(x) => updateSelector(i, { ...s, types: x })} />
                  <label className="mt-2 flex items-center gap-1.5 text-sm">
                    <input type="checkbox" checked={!!s.hazardOnly} onChange={(e) => updateSelector(i, { ...s, hazardOnly: e.target.checked || undefined })} />
                    {t("form.hazardOnly")}
                  </label>
                </>
              )}
              {s.kind === "HOUSEHOLD" && (
                <>
                  <p className="mt-2 text-xs text-slate-500">{t("form.visitTiers")}</p>
                  <Chips values={VISIT_TIERS} selected={s.visitTiers ?? []} label={(x) => t(`dict.visitTiers.${x}`)} onChange={(x) => updateSelector(i, { ...s, visitTiers: x })} />
                </>
              )}
              {s.kind === "RESIDENT" && (
                <>
                  <p className="mt-2 text-xs text-slate-500">{t("form.tags")}</p>
                  <Chips values={context.tags.map((x) => x.id)} selected={s.tagIds ?? []} label={(id) => name(context.tags.find((x) => x.id === id)!)} onChange={(x) => updateSelector(i, { ...s, tagIds: x })} />
                </>
              )}
              <p className="mt-1 text-xs text-slate-400">{t("form.emptyMeansAll")}</p>
            </li>
          ))}
        </ul>
        {unused.length > 0 && (
          <div className="mt-2 flex flex-wrap gap-2">
            {unused.map((k) => (
              <button key={k} type="button" className={secondaryButtonClass} onClick={() => set("selectors", [...v.selectors, emptySelector(k)])} data-testid={`add-selector-${k}`}>
                + {t(`recordKinds.${k}`)}
              </button>
            ))}
          </div>
        )}
        {err("selectors")}
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <button type="button" className={secondaryButtonClass} disabled={pending || v.coverUnitIds.length === 0} onClick={count} data-testid="count-records">
            {t("form.count")}
          </button>
          {counted && (
            <span className="text-sm text-slate-700" data-testid="counted">
              {t("form.counted", { grids: counted.grids, total: counted.counts.reduce((a, b) => a + b, 0) })}
            </span>
          )}
        </div>
      </fieldset>

      {message && <p className="rounded-md bg-red-50 p-3 text-sm text-red-800" role="alert" data-testid="form-error">{message}</p>}
      <div className="flex gap-2">
        <button type="submit" className={buttonClass} disabled={pending} data-testid="save-project">
          {v.id ? t("form.save") : t("form.create")}
        </button>
        <Link href={v.id ? `/projects/${v.id}` : "/projects"} className={secondaryButtonClass}>{t("form.cancel")}</Link>
      </div>
    </form>
  );
}
