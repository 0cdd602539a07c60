"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import {
  applyJudicialAction,
  assignMediatorsAction,
  blowWhistleAction,
  changeRiskAction,
  closeDisputeAction,
  judicialResultAction,
  recordAgreementAction,
  recordFollowUpAction,
  recordSessionAction,
  referDisputeAction,
  uploadScanAction,
} from "@/lib/center/actions";
import type { FormOptions } from "@/lib/center/data";
import type { DisputeAction, StationMode } from "@/lib/center/permissions";
import { REFERRALS, RISKS } from "@/lib/center/schemas";
import { ActionPanel, StepForm, useStepErrors } from "./action-panel";
import { EventFields, type EventValue } from "./event-fields";
import { Field, inputClass, instantOf, localInput, newRequestKey } from "./form";

export interface DisputeForActions {
  id: string;
  version: number;
  title: string;
  facts: string;
  risk: string;
  mediators: string | null;
  committeeId: number | null;
  committees: { id: number; name: string }[];
  parties: { id: string; position: number; name: string }[];
  actions: DisputeAction[];
}

type PanelAction = DisputeAction | "whistle";

export function DisputeActions({ d, options, stations, canWhistle }: { d: DisputeForActions; options: Pick<FormOptions, "categories" | "grids">; stations: { departmentId: number; name: string; mode: StationMode }[]; canWhistle: boolean }) {
  const t = useTranslations("center");
  const actions: PanelAction[] = [...d.actions.filter((a) => a !== "scan"), ...(d.actions.includes("scan") ? (["scan"] as const) : []), ...(canWhistle ? (["whistle"] as const) : [])];
  return (
    <ActionPanel<PanelAction>
      actions={actions}
      label={(a) => t(`disputeActions.${a}`)}
      render={(a, close) => <StepFor action={a} d={d} options={options} stations={stations} close={close} />}
    />
  );
}

function Text({ label, name, value, onChange, rows = 0, testId }: { label: string; name: string; value: string; onChange: (v: string) => void; rows?: number; testId?: string }) {
  const errors = useStepErrors();
  return (
    <Field label={label} error={errors[name]}>
      {rows ? (
        <textarea className={inputClass} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId ?? `f-${name}`} />
      ) : (
        <input className={inputClass} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId ?? `f-${name}`} />
      )}
    </Field>
  );
}

/** A field error of the enclosing step form, for inputs without a Field of their own. */
export function StepError({ name }: { name: string }) {
  const error = useStepErrors()[name];
  return error ? <p className="text-xs text-red-700" data-testid="field-error">{error}</p> : null;
}

export function StepEventFields(props: Omit<React.ComponentProps<typeof EventFields>, "errors">) {
  return <EventFields {...props} errors={useStepErrors()} />;
}

function When({ label, name, value, onChange }: { label: string; name: string; value: string; onChange: (v: string) => void }) {
  const errors = useStepErrors();
  return (
    <Field label={label} error={errors[name]}>
      <input type="datetime-local" className={inputClass} value={value} onChange={(e) => onChange(e.target.value)} data-testid={`f-${name}`} />
    </Field>
  );
}

function StepFor({ action, d, options, stations, close }: { action: PanelAction; d: DisputeForActions; options: Pick<FormOptions, "categories" | "grids">; stations: { departmentId: number; name: string; mode: StationMode }[]; close: () => void }) {
  const t = useTranslations("center");
  const step = { id: d.id, version: d.version };
  const [now] = useState(() => localInput());
  const [text, setText] = useState<Record<string, string>>({});
  const v = (k: string, fallback = "") => text[k] ?? fallback;
  const set = (k: string) => (value: string) => setText((x) => ({ ...x, [k]: value }));
  const [flag, setFlag] = useState(true);
  const [judicial, setJudicial] = useState(false);
  const [ids, setIds] = useState<string[]>(() => d.parties.map((p) => p.id));
  const [event, setEvent] = useState<EventValue>({ categoryId: 0, urgency: "NORMAL", gridId: 0 });
  const [requestKey] = useState(newRequestKey);
  const [files, setFiles] = useState<File[]>([]);
  const select = (name: string, values: readonly string[], label: (x: string) => string, fallback: string) => (
    <select className={inputClass} value={v(name, fallback)} onChange={(e) => set(name)(e.target.value)} data-testid={`f-${name}`}>
      {values.map((x) => (
        <option key={x} value={x}>
          {label(x)}
        </option>
      ))}
    </select>
  );

  switch (action) {
    case "assign":
      return (
        <StepForm call={() => assignMediatorsAction({ ...step, committeeId: Number(v("committeeId", String(d.committeeId ?? d.committees[0]?.id ?? ""))) || null, newCommittee: v("newCommittee") || null, mediators: v("mediators", d.mediators ?? "") })} onDone={close}>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label={t("dispute.committee")}>
              <select className={inputClass} value={v("committeeId", String(d.committeeId ?? d.committees[0]?.id ?? ""))} onChange={(e) => set("committeeId")(e.target.value)} data-testid="f-committeeId">
                <option value="">{t("disputeActions.committeeNone")}</option>
                {d.committees.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </select>
            </Field>
            <Text label={t("disputeActions.newCommittee")} name="newCommittee" value={v("newCommittee")} onChange={set("newCommittee")} />
          </div>
          <Text label={t("dispute.mediators")} name="mediators" value={v("mediators", d.mediators ?? "")} onChange={set("mediators")} />
        </StepForm>
      );
    case "session":
      return (
        <StepForm call={() => recordSessionAction({ ...step, heldAt: instantOf(v("heldAt", now)), place: v("place") || null, present: v("present"), notes: v("notes") })} onDone={close}>
          <div className="grid gap-3 sm:grid-cols-2">
            <When label={t("dispute.heldAt")} name="heldAt" value={v("heldAt", now)} onChange={set("heldAt")} />
            <Text label={t("dispute.place")} name="place" value={v("place")} onChange={set("place")} />
          </div>
          <Text label={t("dispute.present")} name="present" value={v("present")} onChange={set("present")} />
          <Text label={t("dispute.notes")} name="notes" rows={4} value={v("notes")} onChange={set("notes")} />
        </StepForm>
      );
    case "agree":
      return (
        <StepForm
          call={() => recordAgreementAction({ ...step, partyIds: ids, facts: v("facts", d.facts), terms: v("terms"), performance: v("performance"), agreedAt: instantOf(v("agreedAt", now)), judicialRequested: judicial })}
          onDone={close}
        >
          <fieldset>
            <legend className="text-sm text-slate-700">{t("dispute.signedBy")}</legend>
            <div className="mt-1 flex flex-wrap gap-3 text-sm">
              {d.parties.map((p) => (
                <label key={p.id} className="flex items-center gap-1">
                  <input type="checkbox" checked={ids.includes(p.id)} onChange={(e) => setIds(e.target.checked ? [...ids, p.id] : ids.filter((x) => x !== p.id))} data-testid={`f-party-${p.position}`} />
                  {p.name}
                </label>
              ))}
            </div>
            <StepError name="partyIds" />
          </fieldset>
          <Text label={t("dispute.facts")} name="facts" rows={3} value={v("facts", d.facts)} onChange={set("facts")} />
          <Text label={t("dispute.terms")} name="terms" rows={5} value={v("terms")} onChange={set("terms")} />
          <Text label={t("dispute.performance")} name="performance" rows={2} value={v("performance")} onChange={set("performance")} />
          <When label={t("dispute.agreedAt")} name="agreedAt" value={v("agreedAt", now)} onChange={set("agreedAt")} />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={judicial} onChange={(e) => setJudicial(e.target.checked)} data-testid="f-judicialRequested" />
            {t("dispute.judicialRequested")}
          </label>
        </StepForm>
      );
    case "refer": {
      const referral = v("referral", "COURT") as (typeof REFERRALS)[number];
      return (
        <StepForm
          call={() =>
            referDisputeAction({ ...step, referral, referralBody: v("referralBody") || null, note: v("note"), ...(referral === "DISPATCH" ? { requestKey, event } : {}) })
          }
          onDone={close}
        >
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label={t("dispute.referralTo")}>{select("referral", REFERRALS, (x) => t(`referrals.${x as "COURT"}`), "COURT")}</Field>
            <Text label={t("dispute.referralBody")} name="referralBody" value={v("referralBody")} onChange={set("referralBody")} />
          </div>
          {referral === "DISPATCH" && <StepEventFields options={options} value={event} onChange={setEvent} />}
          <Text label={t("dispute.referralNote")} name="note" rows={3} value={v("note")} onChange={set("note")} />
        </StepForm>
      );
    }
    case "scan":
      return (
        <StepForm call={() => uploadScanAction({ id: d.id, files })} onDone={close}>
          <Field label={t("disputeActions.files")}>
            <input type="file" multiple accept="application/pdf,image/jpeg,image/png,image/webp" onChange={(e) => setFiles(Array.from(e.target.files ?? []))} data-testid="f-files" />
          </Field>
          <StepError name="files" />
        </StepForm>
      );
    case "followUp":
      return (
        <StepForm call={() => recordFollowUpAction({ ...step, visitedAt: instantOf(v("visitedAt", now)), fulfilled: flag, note: v("note") })} onDone={close}>
          <When label={t("dispute.visitedAt")} name="visitedAt" value={v("visitedAt", now)} onChange={set("visitedAt")} />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={flag} onChange={(e) => setFlag(e.target.checked)} data-testid="f-fulfilled" />
            {t("dispute.fulfilled")}
          </label>
          <Text label={t("disputeActions.note")} name="note" rows={3} value={v("note")} onChange={set("note")} />
        </StepForm>
      );
    case "judicialApply":
      return (
        <StepForm call={() => applyJudicialAction({ ...step, appliedAt: instantOf(v("appliedAt", now)), court: v("court") })} onDone={close}>
          <div className="grid gap-3 sm:grid-cols-2">
            <When label={t("dispute.judicialAppliedAt")} name="appliedAt" value={v("appliedAt", now)} onChange={set("appliedAt")} />
            <Text label={t("disputeActions.court")} name="court" value={v("court")} onChange={set("court")} />
          </div>
        </StepForm>
      );
    case "judicialResult":
      return (
        <StepForm call={() => judicialResultAction({ ...step, result: v("result", "CONFIRMED") as "CONFIRMED", resultAt: instantOf(v("resultAt", now)), note: v("note") || null })} onDone={close}>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label={t("disputeActions.result")}>{select("result", ["CONFIRMED", "REJECTED"], (x) => t(`judicial.${x as "CONFIRMED"}`), "CONFIRMED")}</Field>
            <When label={t("disputeActions.resultAt")} name="resultAt" value={v("resultAt", now)} onChange={set("resultAt")} />
          </div>
          <Text label={t("disputeActions.note")} name="note" value={v("note")} onChange={set("note")} />
        </StepForm>
      );
    case "risk":
      return (
        <StepForm call={() => changeRiskAction({ ...step, risk: v("risk", d.risk) as "RED", reason: v("reason") })} onDone={close}>
          <Field label={t("dispute.risk")}>{select("risk", RISKS, (x) => t(`risks.${x as "RED"}`), d.risk)}</Field>
          <Text label={t("disputeActions.reason")} name="reason" value={v("reason")} onChange={set("reason")} />
        </StepForm>
      );
    case "close":
      return (
        <StepForm call={() => closeDisputeAction({ ...step, note: v("note") || null })} onDone={close}>
          <Text label={t("dispute.closeNote")} name="note" rows={2} value={v("note")} onChange={set("note")} />
        </StepForm>
      );
    case "whistle":
      return <WhistleForm caseKind="DISPUTE" caseId={d.id} stations={stations} onDone={close} />;
  }
}

export function WhistleForm({ caseKind, caseId, stations, onDone }: { caseKind: "DISPUTE" | "PETITION"; caseId: string; stations: { departmentId: number; name: string; mode: StationMode }[]; onDone: () => void }) {
  const t = useTranslations("center");
  const [requestKey] = useState(newRequestKey);
  const [departmentId, setDepartmentId] = useState(stations[0]?.departmentId ?? 0);
  const [reason, setReason] = useState("");
  return (
    <StepForm call={() => blowWhistleAction({ requestKey, departmentId, caseKind, caseId, reason })} onDone={onDone} submitLabel={t("whistle.blow")}>
      <Field label={t("whistle.department")}>
        <select className={inputClass} value={departmentId} onChange={(e) => setDepartmentId(Number(e.target.value))} data-testid="f-departmentId">
          {stations.map((s) => (
            <option key={s.departmentId} value={s.departmentId}>
              {s.name}（{t(`stationModes.${s.mode}`)}）
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("whistle.reason")}>
        <textarea className={inputClass} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="f-reason" />
      </Field>
    </StepForm>
  );
}
