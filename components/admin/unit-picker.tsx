"use client";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { inputClass } from "./ui";

export interface PickerUnit {
  id: number;
  parentId: number | null;
  name: string;
  level: "COUNTY" | "TOWNSHIP" | "VILLAGE" | "GRID";
  code: string;
}

/**
 * Picks a unit on the unit tree: expand and collapse branches, or type to filter (the
 * matches are shown with their path). `allow` limits which levels can be chosen.
 */
export function UnitPicker({
  units,
  rootId,
  value,
  onChange,
  allow,
  name = "unitId",
  testId = "unit-picker",
}: {
  units: PickerUnit[];
  rootId: number;
  value: number | null;
  onChange: (id: number) => void;
  allow?: PickerUnit["level"][];
  name?: string;
  testId?: string;
}) {
  const t = useTranslations("admin.picker");
  const tl = useTranslations("levels");
  const [query, setQuery] = useState("");
  const byId = useMemo(() => new Map(units.map((u) => [u.id, u])), [units]);
  const children = useMemo(() => {
    const m = new Map<number, PickerUnit[]>();
    for (const u of units) if (u.parentId !== null) m.set(u.parentId, [...(m.get(u.parentId) ?? []), u]);
    return m;
  }, [units]);
  const pathOf = (u: PickerUnit) => {
    const names: string[] = [];
    for (let p = byId.get(u.parentId ?? -1); p; p = byId.get(p.parentId ?? -1)) names.unshift(p.name);
    return names.join(" / ");
  };
  const [open, setOpen] = useState<Set<number>>(() => {
    const s = new Set<number>([rootId]);
    for (let p = value !== null ? byId.get(value) : undefined; p; p = byId.get(p.parentId ?? -1)) s.add(p.id);
    return s;
  });
  const selectable = (u: PickerUnit) => !allow || allow.includes(u.level);
  const selected = value !== null ? byId.get(value) : undefined;

  function row(u: PickerUnit, label?: string) {
    return (
      <label className={`flex items-center gap-2 py-0.5 ${selectable(u) ? "cursor-pointer" : "text-slate-400"}`}>
        <input type="radio" name={name} value={u.id} checked={value === u.id} disabled={!selectable(u)} onChange={() => onChange(u.id)} data-unit-code={u.code} />
        <span>{label ?? u.name}</span>
        <span className="text-xs text-slate-400">{tl(u.level)}</span>
      </label>
    );
  }

  function render(u: PickerUnit): React.ReactNode {
    const kids = children.get(u.id) ?? [];
    const isOpen = open.has(u.id);
    return (
      <li key={u.id}>
        <div className="flex items-center gap-1">
          {kids.length > 0 ? (
            <button
              type="button"
              aria-expanded={isOpen}
              aria-label={isOpen ? t("collapse") : t("expand")}
              className="w-5 text-slate-500"
              onClick={() => setOpen((s) => new Set(s.has(u.id) ? [...s].filter((x) => x !== u.id) : [...s, u.id]))}
            >
              {isOpen ? "▾" : "▸"}
            </button>
          ) : (
            <span className="w-5" />
          )}
          {row(u)}
        </div>
        {isOpen && kids.length > 0 && <ul className="ml-4 border-l border-slate-200 pl-1">{kids.map(render)}</ul>}
      </li>
    );
  }

  const root = byId.get(rootId);
  const q = query.trim();
  const matches = q ? units.filter((u) => u.name.includes(q) || u.code.startsWith(q)).slice(0, 50) : [];
  return (
    <div className="rounded border border-slate-300 bg-white p-2 text-sm" data-testid={testId}>
      <div className="mb-1 text-xs text-slate-600">
        {t("selected")}: <strong data-testid={`${testId}-selected`}>{selected ? `${pathOf(selected) ? `${pathOf(selected)} / ` : ""}${selected.name}` : t("none")}</strong>
      </div>
      <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t("search")} className={`${inputClass} mb-1`} aria-label={t("search")} />
      <div className="max-h-64 overflow-auto">
        {q ? (
          matches.length ? (
            <ul>{matches.map((u) => <li key={u.id}>{row(u, `${pathOf(u) ? `${pathOf(u)} / ` : ""}${u.name}`)}</li>)}</ul>
          ) : (
            <p className="py-2 text-slate-500">{t("noMatch")}</p>
          )
        ) : root ? (
          <ul>{render(root)}</ul>
        ) : null}
      </div>
    </div>
  );
}
