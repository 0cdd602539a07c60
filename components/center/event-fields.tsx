"use client";
import { useLocale, useTranslations } from "next-intl";
import type { FormOptions } from "@/lib/center/data";
import { Field, inputClass } from "./form";

export interface EventValue {
  categoryId: number;
  urgency: "NORMAL" | "URGENT" | "CRITICAL";
  gridId: number;
}

/** Category, urgency and grid of a dispatch event made from a center record. */
export function EventFields({ options, value, onChange, errors = {}, prefix = "event" }: { options: Pick<FormOptions, "categories" | "grids">; value: EventValue; onChange: (v: EventValue) => void; errors?: Record<string, string>; prefix?: string }) {
  const t = useTranslations("center");
  const en = useLocale() === "en";
  const key = (k: string) => (prefix ? `${prefix}.${k}` : k);
  const id = prefix || "event";
  return (
    <div className="grid gap-3 sm:grid-cols-3">
      <Field label={t("event.category")} error={errors[key("categoryId")]}>
        <select className={inputClass} value={value.categoryId || ""} onChange={(e) => onChange({ ...value, categoryId: Number(e.target.value) })} data-testid={`${id}-category`}>
          <option value="">{t("common.choose")}</option>
          {options.categories.map((g) => (
            <optgroup key={g.id} label={en ? g.nameEn : g.name}>
              {g.children.map((c) => (
                <option key={c.id} value={c.id}>
                  {en ? c.nameEn : c.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </Field>
      <Field label={t("event.urgency")}>
        <select className={inputClass} value={value.urgency} onChange={(e) => onChange({ ...value, urgency: e.target.value as EventValue["urgency"] })} data-testid={`${id}-urgency`}>
          {(["NORMAL", "URGENT", "CRITICAL"] as const).map((u) => (
            <option key={u} value={u}>
              {t(`urgencies.${u}`)}
            </option>
          ))}
        </select>
      </Field>
      <GridSelect label={t("event.grid")} grids={options.grids} value={value.gridId} onChange={(gridId) => onChange({ ...value, gridId })} error={errors[key("gridId")]} testId={`${id}-grid`} />
    </div>
  );
}

export function GridSelect({ label, grids, value, onChange, error, testId, optional = false }: { label: string; grids: { id: number; name: string }[]; value: number | null; onChange: (id: number) => void; error?: string; testId?: string; optional?: boolean }) {
  const t = useTranslations("center.common");
  return (
    <Field label={label} error={error}>
      <select className={inputClass} value={value ?? ""} onChange={(e) => onChange(Number(e.target.value))} data-testid={testId}>
        <option value="">{optional ? t("none") : t("choose")}</option>
        {grids.map((g) => (
          <option key={g.id} value={g.id}>
            {g.name}
          </option>
        ))}
      </select>
    </Field>
  );
}
