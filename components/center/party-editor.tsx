"use client";
import { useTranslations } from "next-intl";
import type { PartyInput } from "@/lib/center/schemas";
import { Field, inputClass } from "./form";
import { VisitorPicker, type PickedVisitor } from "./visitor-picker";

export type PartyDraft = { key: number; kind: "PERSON" | "ORGANISATION"; visitor: PickedVisitor | null; name: string; occupation: string; address: string; phone: string; creditCode: string; representative: string };

let counter = 0;
export function newParty(kind: PartyDraft["kind"]): PartyDraft {
  return { key: ++counter, kind, visitor: null, name: "", occupation: "", address: "", phone: "", creditCode: "", representative: "" };
}

/** The input the server takes for a drafted party (the label stays in the browser). */
export function partyInput(p: PartyDraft): PartyInput {
  const visitor = p.visitor ? (({ label: _label, ...ref }) => ref)(p.visitor) : undefined;
  return {
    kind: p.kind,
    visitor,
    name: p.kind === "ORGANISATION" ? p.name || null : null,
    occupation: p.occupation || null,
    address: p.address || null,
    phone: p.phone || null,
    creditCode: p.kind === "ORGANISATION" ? p.creditCode || null : null,
    representative: p.kind === "ORGANISATION" ? p.representative || null : null,
  };
}

/** The parties of a dispute: people (found or entered like visitors) and organisations. */
export function PartyEditor({ parties, onChange, errors, base, offset = 0 }: { parties: PartyDraft[]; onChange: (p: PartyDraft[]) => void; errors: Record<string, string>; base: string; offset?: number }) {
  const t = useTranslations("center");
  const set = (i: number, patch: Partial<PartyDraft>) => onChange(parties.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <div className="space-y-3">
      {parties.map((p, i) => (
        <fieldset key={p.key} className="rounded border border-slate-200 p-3" data-testid={`party-${i + offset}`}>
          <legend className="px-1 text-sm font-medium">
            {t("print.partyLine", { n: i + 1 + offset })} · {t(`partyKinds.${p.kind}`)}
          </legend>
          {p.kind === "PERSON" ? (
            <VisitorPicker value={p.visitor} onChange={(v) => set(i, { visitor: v })} testId={`party-${i + offset}-visitor`} error={errors[`${base}.${i}.visitor`]} />
          ) : (
            <div className="grid gap-2 sm:grid-cols-3">
              <Field label={t("dispute.orgName")} error={errors[`${base}.${i}.name`]}>
                <input className={inputClass} value={p.name} onChange={(e) => set(i, { name: e.target.value })} data-testid={`party-${i + offset}-org`} />
              </Field>
              <Field label={t("dispute.creditCode")} error={errors[`${base}.${i}.creditCode`]}>
                <input className={inputClass} value={p.creditCode} onChange={(e) => set(i, { creditCode: e.target.value.toUpperCase() })} />
              </Field>
              <Field label={t("dispute.representative")}>
                <input className={inputClass} value={p.representative} onChange={(e) => set(i, { representative: e.target.value })} />
              </Field>
            </div>
          )}
          <div className="mt-2 grid gap-2 sm:grid-cols-3">
            {p.kind === "PERSON" && (
              <Field label={t("dispute.occupation")}>
                <input className={inputClass} value={p.occupation} onChange={(e) => set(i, { occupation: e.target.value })} />
              </Field>
            )}
            <Field label={t("dispute.address")}>
              <input className={inputClass} value={p.address} onChange={(e) => set(i, { address: e.target.value })} />
            </Field>
            <Field label={t("dispute.phone")} error={errors[`${base}.${i}.phone`]}>
              <input className={inputClass} inputMode="tel" value={p.phone} onChange={(e) => set(i, { phone: e.target.value })} />
            </Field>
          </div>
          <button type="button" className="mt-2 text-xs text-red-700 hover:underline" onClick={() => onChange(parties.filter((_, j) => j !== i))}>
            {t("dispute.remove")}
          </button>
        </fieldset>
      ))}
      <div className="flex flex-wrap gap-2 text-sm">
        <button type="button" className="rounded border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50" onClick={() => onChange([...parties, newParty("PERSON")])} data-testid="add-person">
          + {t("dispute.addPerson")}
        </button>
        <button type="button" className="rounded border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50" onClick={() => onChange([...parties, newParty("ORGANISATION")])} data-testid="add-organisation">
          + {t("dispute.addOrganisation")}
        </button>
      </div>
    </div>
  );
}
