"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { createDisputeAction } from "@/lib/center/actions";
import type { FormOptions } from "@/lib/center/data";
import { DISPUTE_SOURCES, RISKS, TOPICS } from "@/lib/center/schemas";
import { GridSelect } from "./event-fields";
import { Field, FormError, inputClass, instantOf, localInput, newRequestKey, numberOrNull, SubmitButton, useSubmit } from "./form";
import { newParty, PartyEditor, partyInput, type PartyDraft } from "./party-editor";

/** Registering a dispute directly: from grid screening, a referral, or the desk. */
export function DisputeForm({ options, screening }: { options: FormOptions; screening: { id: string; gridId: number } | null }) {
  const t = useTranslations("center");
  const router = useRouter();
  const { pending, message, fieldErrors: fe, submit } = useSubmit();
  const [requestKey] = useState(newRequestKey);
  const [f, setF] = useState({
    title: "",
    type: "NEIGHBOUR" as (typeof TOPICS)[number],
    facts: "",
    amount: "",
    risk: "YELLOW" as (typeof RISKS)[number],
    riskReason: "",
    gridId: screening?.gridId ?? 0,
    source: (screening ? "SCREENING" : "INTAKE") as (typeof DISPUTE_SOURCES)[number],
    referredBy: "",
    registeredAt: localInput(),
  });
  const [parties, setParties] = useState<PartyDraft[]>(() => [newParty("PERSON"), newParty("PERSON")]);
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    submit(
      () =>
        createDisputeAction({
          requestKey,
          title: f.title,
          type: f.type,
          facts: f.facts,
          amount: numberOrNull(f.amount),
          risk: f.risk,
          riskReason: f.riskReason,
          gridId: f.gridId,
          source: f.source,
          screeningId: f.source === "SCREENING" ? (screening?.id ?? null) : null,
          referredBy: f.source === "REFERRAL" ? f.referredBy || null : null,
          registeredAt: instantOf(f.registeredAt),
          parties: parties.map(partyInput),
        }),
      (r) => router.push(`/center/disputes/${r.id}`),
    );
  };
  return (
    <form onSubmit={save} className="space-y-4" data-testid="dispute-form">
      <fieldset className="grid gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 sm:p-4">
        <Field label={t("dispute.caseTitle")} error={fe.title}>
          <input className={inputClass} value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} data-testid="dispute-title" />
        </Field>
        <Field label={t("dispute.type")}>
          <select className={inputClass} value={f.type} onChange={(e) => setF({ ...f, type: e.target.value as typeof f.type })}>
            {TOPICS.map((c) => <option key={c} value={c}>{t(`topics.${c}`)}</option>)}
          </select>
        </Field>
        <Field label={t("dispute.source")}>
          <select className={inputClass} value={f.source} onChange={(e) => setF({ ...f, source: e.target.value as typeof f.source })}>
            {DISPUTE_SOURCES.map((s) => <option key={s} value={s}>{t(`sources.${s}`)}</option>)}
          </select>
        </Field>
        {f.source === "REFERRAL" && (
          <Field label={t("dispute.referredBy")}>
            <input className={inputClass} value={f.referredBy} onChange={(e) => setF({ ...f, referredBy: e.target.value })} />
          </Field>
        )}
        <GridSelect label={t("dispute.grid")} grids={options.grids} value={f.gridId || null} onChange={(gridId) => setF({ ...f, gridId })} error={fe.gridId} testId="dispute-grid" />
        <Field label={t("dispute.registeredAt")} error={fe.registeredAt}>
          <input type="datetime-local" className={inputClass} value={f.registeredAt} onChange={(e) => setF({ ...f, registeredAt: e.target.value })} />
        </Field>
        <Field label={t("dispute.risk")}>
          <select className={inputClass} value={f.risk} onChange={(e) => setF({ ...f, risk: e.target.value as typeof f.risk })} data-testid="dispute-risk">
            {RISKS.map((r) => <option key={r} value={r}>{t(`risks.${r}`)}</option>)}
          </select>
        </Field>
        <Field label={t("dispute.amount")} error={fe.amount}>
          <input className={inputClass} inputMode="decimal" value={f.amount} onChange={(e) => setF({ ...f, amount: e.target.value })} />
        </Field>
        <Field label={t("dispute.riskReason")} error={fe.riskReason} className="sm:col-span-2">
          <input className={inputClass} value={f.riskReason} onChange={(e) => setF({ ...f, riskReason: e.target.value })} data-testid="dispute-risk-reason" />
        </Field>
        <Field label={t("dispute.facts")} error={fe.facts} className="sm:col-span-2">
          <textarea className={inputClass} rows={4} value={f.facts} onChange={(e) => setF({ ...f, facts: e.target.value })} data-testid="dispute-facts" />
        </Field>
      </fieldset>
      <fieldset className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4">
        <legend className="px-1 font-medium">{t("dispute.parties")}</legend>
        <PartyEditor parties={parties} onChange={setParties} errors={fe} base="parties" />
      </fieldset>
      <FormError message={message} fieldErrors={fe} />
      <SubmitButton pending={pending} testId="save-dispute">{t("common.save")}</SubmitButton>
    </form>
  );
}
