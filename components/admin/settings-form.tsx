"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { updateSettingAction } from "@/lib/admin/actions";
import type { SettingKey, Settings } from "@/lib/settings/definitions";
import { Field, Notice, useSubmit } from "./form";
import { buttonClass, Card, inputClass } from "./ui";

export type SettingField =
  | { name: string; type: "number"; min?: number; max?: number; step?: number }
  | { name: string; type: "text"; wide?: boolean }
  | { name: string; type: "select"; options: { value: string; label: string }[] }
  | { name: string; type: "checkbox" }
  | { name: string; type: "checkboxes"; options: { value: string; label: string; locked?: boolean }[] };

/** One settings group as a form; saving is audited and applies on every instance within seconds. */
export function SettingsForm<K extends SettingKey>({ settingKey, value, fields }: { settingKey: K; value: Settings[K]; fields: SettingField[] }) {
  const t = useTranslations("admin.settings");
  const router = useRouter();
  const { pending, message, fieldErrors, submit } = useSubmit();
  const [v, setV] = useState<Record<string, unknown>>(value as Record<string, unknown>);
  const set = (name: string, x: unknown) => setV((s) => ({ ...s, [name]: x }));
  const label = (name: string) => t(`fields.${settingKey.replace(/\./g, "_")}.${name}` as never);
  const hintKey = (name: string) => `hints.${settingKey.replace(/\./g, "_")}.${name}`;
  return (
    <Card title={t(`groups.${settingKey.replace(/\./g, "_")}` as never)} testId={`settings-${settingKey}`}>
      <form
        noValidate
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          submit(() => updateSettingAction({ key: settingKey, value: v } as never), (r: { changed: boolean }) => {
            router.refresh();
            return r.changed ? t("saved") : t("unchanged");
          });
        }}
      >
        <Notice message={message} />
        <div className="grid gap-3 sm:grid-cols-2">
          {fields.map((f) => {
            const error = fieldErrors[`value.${f.name}`];
            const hint = t.has(hintKey(f.name) as never) ? t(hintKey(f.name) as never) : undefined;
            if (f.type === "checkbox")
              return (
                <label key={f.name} className="flex items-center gap-2 text-sm sm:col-span-2">
                  <input type="checkbox" name={f.name} checked={!!v[f.name]} onChange={(e) => set(f.name, e.target.checked)} />
                  <span>{label(f.name)}</span>
                  {hint && <span className="text-xs text-slate-500">{hint}</span>}
                </label>
              );
            if (f.type === "checkboxes")
              return (
                <fieldset key={f.name} className="text-sm sm:col-span-2">
                  <legend className="text-slate-700">{label(f.name)}</legend>
                  <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                    {f.options.map((o) => {
                      const list = (v[f.name] as string[]) ?? [];
                      return (
                        <label key={o.value} className="flex items-center gap-1">
                          <input
                            type="checkbox"
                            checked={o.locked || list.includes(o.value)}
                            disabled={o.locked}
                            onChange={(e) => set(f.name, e.target.checked ? [...list, o.value] : list.filter((x) => x !== o.value))}
                          />
                          {o.label}
                        </label>
                      );
                    })}
                  </div>
                  {hint && <p className="mt-0.5 text-xs text-slate-500">{hint}</p>}
                  {error && <p className="mt-0.5 text-xs text-red-700">{error}</p>}
                </fieldset>
              );
            return (
              <Field key={f.name} label={label(f.name)} error={error} hint={hint} className={f.type === "text" && f.wide ? "sm:col-span-2" : ""}>
                {f.type === "select" ? (
                  <select name={f.name} value={String(v[f.name])} onChange={(e) => set(f.name, e.target.value)} className={inputClass}>
                    {f.options.map((o) => (
                      <option key={o.value} value={o.value}>{o.label}</option>
                    ))}
                  </select>
                ) : f.type === "number" ? (
                  <input
                    name={f.name}
                    type="number"
                    min={f.min}
                    max={f.max}
                    step={f.step ?? 1}
                    value={String(v[f.name] ?? "")}
                    onChange={(e) => set(f.name, e.target.value === "" ? "" : Number(e.target.value))}
                    className={inputClass}
                  />
                ) : (
                  <input name={f.name} value={String(v[f.name] ?? "")} onChange={(e) => set(f.name, e.target.value)} className={inputClass} />
                )}
              </Field>
            );
          })}
        </div>
        <button type="submit" disabled={pending} className={buttonClass} data-testid={`save-${settingKey}`}>{t("save")}</button>
      </form>
    </Card>
  );
}
