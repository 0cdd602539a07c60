"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionResult } from "@/lib/server/action";
import { Notice, useSubmit } from "./form";
import { buttonClass, Card, inputClass, secondaryButtonClass } from "./ui";

// A reusable editor for small dictionaries (departments, key-group tags): a table of rows edited in place, one row at a time, and a
// form for a new row. It knows nothing about the dictionary: pass
//   - `rows`: { id, version, ...fields } as the data function lists them,
//   - `columns`: which fields to show and how to edit them,
//   - `create` and `update`: server actions taking the fields (update also { id, version })
//     and answering an ActionResult; field errors come back keyed by field name.
// Every save is the server's business: validation, authorization, the conditional update
// on `version` (a stale row answers STALE) and the audit entry.

export type DictionaryColumn =
  | { name: string; label: string; type: "text"; fixedAfterCreate?: boolean; width?: string }
  | { name: string; label: string; type: "number"; min?: number; max?: number; width?: string }
  | { name: string; label: string; type: "checkbox" }
  | { name: string; label: string; type: "select"; options: { value: string | number; label: string }[]; nullable?: boolean; fixedAfterCreate?: boolean }
  | { name: string; label: string; type: "multiselect"; options: { value: number; label: string }[] };

export interface DictionaryRow {
  id: number | string;
  version: number;
  [field: string]: unknown;
}

type Values = Record<string, unknown>;

export function DictionaryEditor({
  title,
  rows,
  columns,
  defaults,
  create,
  update,
  remove,
  testId = "dictionary",
}: {
  title: string;
  rows: DictionaryRow[];
  columns: DictionaryColumn[];
  defaults: Values;
  create?: (input: never) => Promise<ActionResult<unknown>>;
  update?: (input: never) => Promise<ActionResult<unknown>>;
  /** Optional: deletes a row ({ id, version }), after the user confirms. */
  remove?: (input: never) => Promise<ActionResult<unknown>>;
  testId?: string;
}) {
  const t = useTranslations("admin.dictionary");
  const router = useRouter();
  const { pending, message, fieldErrors, submit } = useSubmit();
  const [editing, setEditing] = useState<{ id: DictionaryRow["id"]; values: Values } | null>(null);
  const [draft, setDraft] = useState<Values>(defaults);
  const valuesOf = (row: DictionaryRow) => Object.fromEntries(columns.map((c) => [c.name, row[c.name]]));

  function input(c: DictionaryColumn, values: Values, set: (v: Values) => void, isNew: boolean, errorKey: string) {
    const v = values[c.name];
    const error = fieldErrors[errorKey];
    const field = (() => {
      switch (c.type) {
        case "checkbox":
          return <input type="checkbox" checked={!!v} onChange={(e) => set({ ...values, [c.name]: e.target.checked })} aria-label={c.label} />;
        case "number":
          return <input type="number" min={c.min} max={c.max} value={String(v ?? "")} onChange={(e) => set({ ...values, [c.name]: e.target.value === "" ? "" : Number(e.target.value) })} className={inputClass} aria-label={c.label} />;
        case "select":
          return (
            <select value={v == null ? "" : String(v)} disabled={!isNew && c.fixedAfterCreate} onChange={(e) => set({ ...values, [c.name]: e.target.value === "" ? null : typeof c.options[0]?.value === "number" ? Number(e.target.value) : e.target.value })} className={inputClass} aria-label={c.label}>
              {c.nullable && <option value="">—</option>}
              {c.options.map((o) => (
                <option key={o.value} value={o.value}>{o.label}</option>
              ))}
            </select>
          );
        case "multiselect": {
          const list = (v as number[]) ?? [];
          return (
            <div className="flex max-h-32 flex-col overflow-auto rounded border border-slate-200 p-1 text-xs" aria-label={c.label}>
              {c.options.map((o) => (
                <label key={o.value} className="flex items-center gap-1 whitespace-nowrap">
                  <input type="checkbox" checked={list.includes(o.value)} onChange={(e) => set({ ...values, [c.name]: e.target.checked ? [...list, o.value] : list.filter((x) => x !== o.value) })} />
                  {o.label}
                </label>
              ))}
            </div>
          );
        }
        default:
          return <input value={String(v ?? "")} disabled={!isNew && c.fixedAfterCreate} onChange={(e) => set({ ...values, [c.name]: e.target.value })} className={inputClass} aria-label={c.label} />;
      }
    })();
    return (
      <>
        {field}
        {error && <span className="block text-xs text-red-700" data-testid="field-error">{error}</span>}
      </>
    );
  }

  function show(c: DictionaryColumn, row: DictionaryRow) {
    const v = row[c.name];
    if (c.type === "checkbox") return v ? "✓" : "—";
    if (c.type === "select") return c.options.find((o) => o.value === v)?.label ?? "—";
    if (c.type === "multiselect") {
      const labels = c.options.filter((o) => ((v as number[]) ?? []).includes(o.value)).map((o) => o.label);
      return labels.length ? labels.join("、") : "—";
    }
    return v == null || v === "" ? "—" : String(v);
  }

  const writable = columns.filter((c) => !((c.type === "text" || c.type === "select") && c.fixedAfterCreate));
  return (
    <Card title={title} testId={testId}>
      <Notice message={message} />
      <div className="-mx-3 mt-2 overflow-x-auto sm:mx-0">
        <table className="w-full min-w-[40rem] text-left text-sm">
          <thead className="border-b border-slate-200 text-xs text-slate-500">
            <tr>
              {columns.map((c) => (
                <th key={c.name} className="px-2 py-1.5 font-medium">{c.label}</th>
              ))}
              <th className="px-2 py-1.5" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => {
              const isEditing = editing?.id === row.id;
              return (
                <tr key={row.id} data-row={String(row.id)}>
                  {columns.map((c) => (
                    <td key={c.name} className="px-2 py-1.5 align-top">
                      {isEditing ? input(c, editing.values, (values) => setEditing({ id: row.id, values }), false, c.name) : show(c, row)}
                    </td>
                  ))}
                  <td className="whitespace-nowrap px-2 py-1.5 text-right align-top">
                    {update &&
                      (isEditing ? (
                        <span className="space-x-1">
                          <button
                            type="button"
                            disabled={pending}
                            className={`${buttonClass} px-2 py-1 text-xs`}
                            onClick={() =>
                              submit(
                                () => update({ id: row.id, version: row.version, ...Object.fromEntries(writable.map((c) => [c.name, editing.values[c.name]])) } as never),
                                () => {
                                  setEditing(null);
                                  router.refresh();
                                  return t("saved");
                                },
                              )
                            }
                          >
                            {t("save")}
                          </button>
                          <button type="button" className={`${secondaryButtonClass} px-2 py-1 text-xs`} onClick={() => setEditing(null)}>{t("cancel")}</button>
                        </span>
                      ) : (
                        <button type="button" className={`${secondaryButtonClass} px-2 py-1 text-xs`} onClick={() => setEditing({ id: row.id, values: valuesOf(row) })} data-testid="edit-row">
                          {t("edit")}
                        </button>
                      ))}
                    {remove && !isEditing && (
                      <button
                        type="button"
                        disabled={pending}
                        className={`${secondaryButtonClass} ml-1 px-2 py-1 text-xs text-red-700`}
                        onClick={() =>
                          confirm(t("confirmDelete")) &&
                          submit(() => remove({ id: row.id, version: row.version } as never), () => {
                            router.refresh();
                            return t("deleted");
                          })
                        }
                      >
                        {t("delete")}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
          {create && (
            <tfoot className="border-t-2 border-slate-200">
              <tr>
                {columns.map((c) => (
                  <td key={c.name} className="px-2 py-1.5 align-top">{input(c, draft, setDraft, true, c.name)}</td>
                ))}
                <td className="px-2 py-1.5 text-right align-top">
                  <button
                    type="button"
                    disabled={pending}
                    className={`${buttonClass} px-2 py-1 text-xs`}
                    data-testid="add-row"
                    onClick={() =>
                      submit(() => create(draft as never), () => {
                        setDraft(defaults);
                        router.refresh();
                        return t("added");
                      })
                    }
                  >
                    {t("add")}
                  </button>
                </td>
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </Card>
  );
}
