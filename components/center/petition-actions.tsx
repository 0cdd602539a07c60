"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import {
  closePetitionAction,
  decidePetitionAction,
  dispatchPetitionAction,
  extendPetitionAction,
  replyPetitionAction,
  requestReviewAction,
  reviewResultAction,
  satisfactionAction,
} from "@/lib/center/actions";
import type { FormOptions } from "@/lib/center/data";
import type { PetitionAction, StationMode } from "@/lib/center/permissions";
import { SATISFACTIONS } from "@/lib/center/schemas";
import { ActionPanel, StepForm, useStepErrors } from "./action-panel";
import { StepEventFields, WhistleForm } from "./dispute-actions";
import type { EventValue } from "./event-fields";
import { Field, inputClass, instantOf, localInput, newRequestKey } from "./form";

type PanelAction = PetitionAction | "whistle";

export function PetitionActions({ p, options, stations, canWhistle }: { p: { id: string; version: number; actions: PetitionAction[]; gridId: number | null; extensionMaxDays: number }; options: Pick<FormOptions, "categories" | "grids">; stations: { departmentId: number; name: string; mode: StationMode }[]; canWhistle: boolean }) {
  const t = useTranslations("center");
  const actions: PanelAction[] = [...p.actions, ...(canWhistle ? (["whistle"] as const) : [])];
  return <ActionPanel<PanelAction> actions={actions} label={(a) => t(`petitionActions.${a}`)} render={(a, close) => <Step action={a} p={p} options={options} stations={stations} close={close} />} />;
}

function Input({ label, name, value, onChange, rows = 0, type = "text" }: { label: string; name: string; value: string; onChange: (v: string) => void; rows?: number; type?: string }) {
  const errors = useStepErrors();
  return (
    <Field label={label} error={errors[name]}>
      {rows ? (
        <textarea className={inputClass} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} data-testid={`f-${name}`} />
      ) : (
        <input type={type} className={inputClass} value={value} onChange={(e) => onChange(e.target.value)} data-testid={`f-${name}`} />
      )}
    </Field>
  );
}

function Step({ action, p, options, stations, close }: { action: PanelAction; p: { id: string; version: number; gridId: number | null; extensionMaxDays: number }; options: Pick<FormOptions, "categories" | "grids">; stations: { departmentId: number; name: string; mode: StationMode }[]; close: () => void }) {
  const t = useTranslations("center");
  const step = { id: p.id, version: p.version };
  const [now] = useState(() => localInput());
  const [v, setV] = useState<Record<string, string>>({});
  const get = (k: string, d = "") => v[k] ?? d;
  const set = (k: string) => (x: string) => setV((o) => ({ ...o, [k]: x }));
  const [accept, setAccept] = useState(true);
  const [event, setEvent] = useState<EventValue>({ categoryId: 0, urgency: "NORMAL", gridId: p.gridId ?? 0 });
  const [requestKey] = useState(newRequestKey);
  switch (action) {
    case "decide":
      return (
        <StepForm call={() => decidePetitionAction({ ...step, accept, decidedAt: instantOf(get("decidedAt", now)), reason: get("reason") || null })} onDone={close}>
          <div className="flex gap-4 text-sm">
            <label className="flex items-center gap-1"><input type="radio" checked={accept} onChange={() => setAccept(true)} data-testid="f-accept" /> {t("petitionActions.accept")}</label>
            <label className="flex items-center gap-1"><input type="radio" checked={!accept} onChange={() => setAccept(false)} data-testid="f-reject" /> {t("petitionActions.reject")}</label>
          </div>
          <Input label={t("petition.decidedAt")} name="decidedAt" type="datetime-local" value={get("decidedAt", now)} onChange={set("decidedAt")} />
          {!accept && <Input label={t("petition.notAccepted")} name="reason" rows={2} value={get("reason")} onChange={set("reason")} />}
        </StepForm>
      );
    case "dispatch":
      return (
        <StepForm call={() => dispatchPetitionAction({ ...step, requestKey, ...event })} onDone={close}>
          <StepEventFields options={options} value={event} onChange={setEvent} prefix="" />
        </StepForm>
      );
    case "extend":
      return (
        <StepForm call={() => extendPetitionAction({ ...step, days: Number(get("days", String(p.extensionMaxDays))), reason: get("reason") })} onDone={close}>
          <Input label={t("petitionActions.days", { max: p.extensionMaxDays })} name="days" type="number" value={get("days", String(p.extensionMaxDays))} onChange={set("days")} />
          <Input label={t("petitionActions.reason")} name="reason" rows={2} value={get("reason")} onChange={set("reason")} />
        </StepForm>
      );
    case "reply":
      return (
        <StepForm call={() => replyPetitionAction({ ...step, text: get("text"), repliedAt: instantOf(get("repliedAt", now)) })} onDone={close}>
          <Input label={t("petitionActions.text")} name="text" rows={5} value={get("text")} onChange={set("text")} />
          <Input label={t("petition.repliedAt")} name="repliedAt" type="datetime-local" value={get("repliedAt", now)} onChange={set("repliedAt")} />
        </StepForm>
      );
    case "satisfaction":
      return (
        <StepForm call={() => satisfactionAction({ ...step, satisfaction: get("satisfaction", "SATISFIED") as "SATISFIED" })} onDone={close}>
          <Field label={t("petition.satisfaction")}>
            <select className={inputClass} value={get("satisfaction", "SATISFIED")} onChange={(e) => set("satisfaction")(e.target.value)} data-testid="f-satisfaction">
              {SATISFACTIONS.map((s) => <option key={s} value={s}>{t(`satisfaction.${s}`)}</option>)}
            </select>
          </Field>
        </StepForm>
      );
    case "review":
      return (
        <StepForm call={() => requestReviewAction({ ...step, reviewBody: get("reviewBody"), requestedAt: instantOf(get("requestedAt", now)) })} onDone={close}>
          <Input label={t("petition.reviewBody")} name="reviewBody" value={get("reviewBody")} onChange={set("reviewBody")} />
          <Input label={t("petition.reviewRequestedAt")} name="requestedAt" type="datetime-local" value={get("requestedAt", now)} onChange={set("requestedAt")} />
        </StepForm>
      );
    case "reviewResult":
      return (
        <StepForm call={() => reviewResultAction({ ...step, result: get("result"), reviewedAt: instantOf(get("reviewedAt", now)) })} onDone={close}>
          <Input label={t("petition.reviewResult")} name="result" rows={3} value={get("result")} onChange={set("result")} />
          <Input label={t("common.date")} name="reviewedAt" type="datetime-local" value={get("reviewedAt", now)} onChange={set("reviewedAt")} />
        </StepForm>
      );
    case "close":
      return <StepForm call={() => closePetitionAction(step)} onDone={close}>{null}</StepForm>;
    case "whistle":
      return <WhistleForm caseKind="PETITION" caseId={p.id} stations={stations} onDone={close} />;
  }
}
