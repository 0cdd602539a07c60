"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { addDecisionAction, addProblemAction, cancelMeetingAction, markOpenDayHeldAction, recordMinutesAction } from "@/lib/center/actions";
import type { FormOptions } from "@/lib/center/data";
import { ActionPanel, StepForm, useStepErrors } from "./action-panel";
import { StepEventFields } from "./dispute-actions";
import type { EventValue } from "./event-fields";
import { Field, inputClass, instantOf, localInput, newRequestKey } from "./form";

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

type MeetingStep = "minutes" | "decision" | "cancel";

export function MeetingActions({ m, options }: { m: { id: string; version: number; status: string; minutes: string | null; invites: { id: number; name: string }[] }; options: FormOptions }) {
  const t = useTranslations("center");
  const actions: MeetingStep[] = m.status === "CANCELLED" ? [] : m.status === "SCHEDULED" ? ["minutes", "decision", "cancel"] : ["minutes", "decision"];
  const label = (a: MeetingStep) => (a === "minutes" ? t("meeting.recordMinutes") : a === "decision" ? t("meeting.addDecision") : t("meeting.cancel"));
  return <ActionPanel<MeetingStep> actions={actions} label={label} render={(a, close) => <MeetingStepForm action={a} m={m} options={options} close={close} />} />;
}

function MeetingStepForm({ action, m, options, close }: { action: MeetingStep; m: { id: string; version: number; minutes: string | null; invites: { id: number; name: string }[] }; options: FormOptions; close: () => void }) {
  const t = useTranslations("center");
  const [minutes, setMinutes] = useState(m.minutes ?? "");
  const [text, setText] = useState("");
  const [departmentId, setDepartmentId] = useState(m.invites[0]?.id ?? options.departments[0]?.id ?? 0);
  const [dueAt, setDueAt] = useState(() => localInput(new Date(Date.now() + 7 * 86_400_000)));
  const [event, setEvent] = useState<EventValue>({ categoryId: 0, urgency: "NORMAL", gridId: 0 });
  const [requestKey, setRequestKey] = useState(newRequestKey);
  if (action === "minutes")
    return (
      <StepForm call={() => recordMinutesAction({ id: m.id, version: m.version, minutes })} onDone={close}>
        <Input label={t("meeting.minutes")} name="minutes" rows={5} value={minutes} onChange={setMinutes} />
      </StepForm>
    );
  if (action === "cancel") return <StepForm call={() => cancelMeetingAction({ id: m.id, version: m.version })} onDone={close}>{null}</StepForm>;
  const departments = [...m.invites, ...options.departments.filter((d) => !m.invites.some((i) => i.id === d.id))];
  return (
    <StepForm
      call={() => addDecisionAction({ meetingId: m.id, requestKey, text, departmentId: departmentId || null, dueAt: instantOf(dueAt), event })}
      onDone={() => {
        setRequestKey(newRequestKey());
        setText("");
      }}
    >
      <Input label={t("meeting.decision")} name="text" rows={3} value={text} onChange={setText} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t("meeting.department")}>
          <select className={inputClass} value={departmentId} onChange={(e) => setDepartmentId(Number(e.target.value))} data-testid="f-departmentId">
            <option value={0}>{t("common.none")}</option>
            {departments.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
          </select>
        </Field>
        <Input label={t("meeting.dueAt")} name="dueAt" type="datetime-local" value={dueAt} onChange={setDueAt} />
      </div>
      <StepEventFields options={options} value={event} onChange={setEvent} />
    </StepForm>
  );
}

type DayStep = "held" | "problem";

export function OpenDayActions({ d, options }: { d: { id: string; version: number; status: string; residentsHeard: number; summary: string | null; grids: { id: number; name: string }[] }; options: FormOptions }) {
  const t = useTranslations("center");
  return (
    <ActionPanel<DayStep>
      actions={["problem", "held"]}
      label={(a) => (a === "held" ? t("openDay.markHeld") : t("openDay.addProblem"))}
      render={(a, close) => <DayStepForm action={a} d={d} options={options} close={close} />}
    />
  );
}

function DayStepForm({ action, d, options, close }: { action: DayStep; d: { id: string; version: number; residentsHeard: number; summary: string | null; grids: { id: number; name: string }[] }; options: FormOptions; close: () => void }) {
  const t = useTranslations("center");
  const [heard, setHeard] = useState(String(d.residentsHeard || ""));
  const [summary, setSummary] = useState(d.summary ?? "");
  const [content, setContent] = useState("");
  const [raisedBy, setRaisedBy] = useState("");
  const [record, setRecord] = useState<"SENTIMENT" | "EVENT">("SENTIMENT");
  const [kind, setKind] = useState<"OPINION" | "REQUEST" | "SUGGESTION" | "COMPLAINT">("REQUEST");
  const [title, setTitle] = useState("");
  const [event, setEvent] = useState<EventValue>({ categoryId: 0, urgency: "NORMAL", gridId: d.grids[0]?.id ?? 0 });
  const [requestKey, setRequestKey] = useState(newRequestKey);
  if (action === "held")
    return (
      <StepForm call={() => markOpenDayHeldAction({ id: d.id, version: d.version, residentsHeard: Number(heard), summary: summary || null })} onDone={close}>
        <Input label={t("openDay.residentsHeard")} name="residentsHeard" type="number" value={heard} onChange={setHeard} />
        <Input label={t("openDay.summary")} name="summary" rows={3} value={summary} onChange={setSummary} />
      </StepForm>
    );
  const grids = { ...options, grids: d.grids };
  return (
    <StepForm
      call={() =>
        addProblemAction({
          openDayId: d.id,
          requestKey,
          content,
          raisedBy: raisedBy || null,
          record,
          gridId: event.gridId,
          sentimentKind: record === "SENTIMENT" ? kind : undefined,
          event: record === "EVENT" ? { categoryId: event.categoryId, urgency: event.urgency, title } : undefined,
        })
      }
      onDone={() => {
        setRequestKey(newRequestKey());
        setContent("");
        setRaisedBy("");
        setTitle("");
      }}
    >
      <Input label={t("openDay.content")} name="content" rows={3} value={content} onChange={setContent} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Input label={t("openDay.raisedBy")} name="raisedBy" value={raisedBy} onChange={setRaisedBy} />
        <Field label={t("openDay.record")}>
          <select className={inputClass} value={record} onChange={(e) => setRecord(e.target.value as typeof record)} data-testid="f-record">
            <option value="SENTIMENT">{t("openDay.asSentiment")}</option>
            <option value="EVENT">{t("openDay.asEvent")}</option>
          </select>
        </Field>
      </div>
      {record === "SENTIMENT" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t("openDay.kind")}>
            <select className={inputClass} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              {(["OPINION", "REQUEST", "SUGGESTION", "COMPLAINT"] as const).map((k) => <option key={k} value={k}>{t(`sentimentKinds.${k}`)}</option>)}
            </select>
          </Field>
          <Field label={t("openDay.grid")}>
            <select className={inputClass} value={event.gridId} onChange={(e) => setEvent({ ...event, gridId: Number(e.target.value) })}>
              {d.grids.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
            </select>
          </Field>
        </div>
      ) : (
        <>
          <Input label={t("event.title")} name="event.title" value={title} onChange={setTitle} />
          <StepEventFields options={grids} value={event} onChange={setEvent} />
        </>
      )}
    </StepForm>
  );
}
