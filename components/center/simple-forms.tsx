"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import {
  answerWhistleAction,
  createMeetingAction,
  createOpenDayAction,
  createScreeningAction,
  saveSettingsAction,
  setPostAction,
} from "@/lib/center/actions";
import type { FormOptions } from "@/lib/center/data";
import { DEADLINE_UNITS, MEETING_CASE_KINDS, MEETING_KINDS } from "@/lib/center/schemas";
import { StepForm, useStepErrors } from "./action-panel";
import { GridSelect } from "./event-fields";
import { Field, FormError, inputClass, instantOf, localInput, newRequestKey, SubmitButton, useSubmit } from "./form";

// The center's smaller forms: screening records, meetings, open days, stationed
// departments, a department's report to a whistle, and the county's deadlines.

export function ScreeningForm({ grids }: { grids: { id: number; name: string }[] }) {
  const t = useTranslations("center");
  const router = useRouter();
  const { pending, message, fieldErrors: fe, submit } = useSubmit();
  const [requestKey, setRequestKey] = useState(newRequestKey);
  const [f, setF] = useState({ gridId: 0, screenedOn: localInput().slice(0, 10), findings: "", found: "0" });
  return (
    <form
      className="grid gap-3 sm:grid-cols-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit(() => createScreeningAction({ requestKey, gridId: f.gridId, screenedOn: f.screenedOn, findings: f.findings, found: Number(f.found) }), () => {
          setRequestKey(newRequestKey());
          setF({ ...f, findings: "", found: "0" });
          router.refresh();
        });
      }}
      data-testid="screening-form"
    >
      <GridSelect label={t("dispute.grid")} grids={grids} value={f.gridId || null} onChange={(gridId) => setF({ ...f, gridId })} error={fe.gridId} testId="screening-grid" />
      <Field label={t("screening.screenedOn")} error={fe.screenedOn}>
        <input type="date" className={inputClass} value={f.screenedOn} onChange={(e) => setF({ ...f, screenedOn: e.target.value })} />
      </Field>
      <Field label={t("screening.found")} error={fe.found}>
        <input type="number" min={0} className={inputClass} value={f.found} onChange={(e) => setF({ ...f, found: e.target.value })} />
      </Field>
      <Field label={t("screening.findings")} error={fe.findings} className="sm:col-span-4">
        <textarea className={inputClass} rows={2} value={f.findings} onChange={(e) => setF({ ...f, findings: e.target.value })} data-testid="screening-findings" />
      </Field>
      <div className="sm:col-span-4">
        <FormError message={message} fieldErrors={fe} />
        <SubmitButton pending={pending} testId="save-screening">{t("screening.new")}</SubmitButton>
      </div>
    </form>
  );
}

export function MeetingForm({ options, cases }: { options: FormOptions; cases: { kind: (typeof MEETING_CASE_KINDS)[number]; id: string; label: string }[] }) {
  const t = useTranslations("center");
  const router = useRouter();
  const { pending, message, fieldErrors: fe, submit } = useSubmit();
  const [requestKey] = useState(newRequestKey);
  const [f, setF] = useState({ kind: "CONSULTATION" as (typeof MEETING_KINDS)[number], title: "", scheduledAt: localInput(new Date(Date.now() + 86_400_000)), place: "", agenda: "" });
  const [departments, setDepartments] = useState<number[]>([]);
  const [picked, setPicked] = useState<string[]>([]);
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit(
          () =>
            createMeetingAction({
              requestKey,
              ...f,
              agenda: f.agenda || null,
              scheduledAt: instantOf(f.scheduledAt),
              departmentIds: departments,
              cases: picked.map((k) => ({ kind: k.split(":")[0] as "DISPUTE", targetId: k.split(":")[1] })),
            }),
          (r) => router.push(`/center/meetings/${r.id}`),
        );
      }}
      data-testid="meeting-form"
    >
      <fieldset className="grid gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 sm:p-4">
        <Field label={t("meeting.kind")}>
          <select className={inputClass} value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as typeof f.kind })}>
            {MEETING_KINDS.map((k) => <option key={k} value={k}>{t(`meetingKinds.${k}`)}</option>)}
          </select>
        </Field>
        <Field label={t("meeting.scheduledAt")} error={fe.scheduledAt}>
          <input type="datetime-local" className={inputClass} value={f.scheduledAt} onChange={(e) => setF({ ...f, scheduledAt: e.target.value })} />
        </Field>
        <Field label={t("meeting.caseTitle")} error={fe.title}>
          <input className={inputClass} value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} data-testid="meeting-title" />
        </Field>
        <Field label={t("meeting.place")} error={fe.place}>
          <input className={inputClass} value={f.place} onChange={(e) => setF({ ...f, place: e.target.value })} data-testid="meeting-place" />
        </Field>
        <Field label={t("meeting.agenda")} className="sm:col-span-2">
          <textarea className={inputClass} rows={2} value={f.agenda} onChange={(e) => setF({ ...f, agenda: e.target.value })} />
        </Field>
      </fieldset>
      <fieldset className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4">
        <legend className="px-1 font-medium">{t("meeting.departments")}</legend>
        <div className="grid grid-cols-2 gap-1 text-sm sm:grid-cols-3">
          {options.departments.map((d) => (
            <label key={d.id} className="flex items-center gap-1">
              <input type="checkbox" checked={departments.includes(d.id)} onChange={(e) => setDepartments(e.target.checked ? [...departments, d.id] : departments.filter((x) => x !== d.id))} />
              {d.name}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4">
        <legend className="px-1 font-medium">{t("meeting.cases")}</legend>
        <div className="max-h-64 space-y-1 overflow-auto text-sm">
          {cases.map((c) => {
            const key = `${c.kind}:${c.id}`;
            return (
              <label key={key} className="flex items-center gap-1">
                <input type="checkbox" checked={picked.includes(key)} onChange={(e) => setPicked(e.target.checked ? [...picked, key] : picked.filter((x) => x !== key))} />
                <span className="text-xs text-slate-500">{t(`meeting.caseKinds.${c.kind}`)}</span> {c.label}
              </label>
            );
          })}
        </div>
      </fieldset>
      <FormError message={message} fieldErrors={fe} />
      <SubmitButton pending={pending} testId="save-meeting">{t("common.save")}</SubmitButton>
    </form>
  );
}

export function OpenDayForm({ communities }: { communities: { id: number; name: string }[] }) {
  const t = useTranslations("center");
  const router = useRouter();
  const { pending, message, fieldErrors: fe, submit } = useSubmit();
  const [requestKey] = useState(newRequestKey);
  const [f, setF] = useState({ unitId: communities[0]?.id ?? 0, heldOn: localInput(new Date(Date.now() + 3 * 86_400_000)), place: "", officials: "" });
  return (
    <form
      className="grid gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 sm:p-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit(() => createOpenDayAction({ requestKey, ...f, heldOn: instantOf(f.heldOn) }), (r) => router.push(`/center/open-days/${r.id}`));
      }}
      data-testid="openday-form"
    >
      <Field label={t("openDay.community")} error={fe.unitId}>
        <select className={inputClass} value={f.unitId} onChange={(e) => setF({ ...f, unitId: Number(e.target.value) })}>
          {communities.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
      </Field>
      <Field label={t("openDay.heldOn")} error={fe.heldOn}>
        <input type="datetime-local" className={inputClass} value={f.heldOn} onChange={(e) => setF({ ...f, heldOn: e.target.value })} />
      </Field>
      <Field label={t("openDay.place")} error={fe.place}>
        <input className={inputClass} value={f.place} onChange={(e) => setF({ ...f, place: e.target.value })} />
      </Field>
      <Field label={t("openDay.officials")} error={fe.officials}>
        <input className={inputClass} value={f.officials} onChange={(e) => setF({ ...f, officials: e.target.value })} />
      </Field>
      <div className="sm:col-span-2">
        <FormError message={message} fieldErrors={fe} />
        <SubmitButton pending={pending}>{t("common.save")}</SubmitButton>
      </div>
    </form>
  );
}

export function PostEditor({ unitId, departments, current }: { unitId: number; departments: { id: number; name: string }[]; current: { departmentId: number; mode: string; note: string | null; fromAdmin: boolean }[] }) {
  const t = useTranslations("center");
  const router = useRouter();
  const { pending, message, fieldErrors: fe, submit } = useSubmit();
  const [f, setF] = useState({ departmentId: departments[0]?.id ?? 0, mode: "ON_CALL", note: "" });
  const send = (departmentId: number, mode: string | null, note: string | null) =>
    submit(() => setPostAction({ unitId, departmentId, mode: mode as "ON_CALL" | null, note }), () => router.refresh());
  return (
    <div className="space-y-3">
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm" data-testid="post-list">
        {current.map((c) => (
          <li key={c.departmentId} className="flex flex-wrap items-center gap-2 px-3 py-2">
            <span className="font-medium">{departments.find((d) => d.id === c.departmentId)?.name}</span>
            <select className="rounded border border-slate-300 px-2 py-1" value={c.mode} onChange={(e) => send(c.departmentId, e.target.value, c.note)} disabled={pending} aria-label={t("stations.mode")}>
              {(["PERMANENT", "ROTATING", "ON_CALL"] as const).map((m) => <option key={m} value={m}>{t(`stationModes.${m}`)}</option>)}
            </select>
            {c.note && <span className="text-xs text-slate-500">{c.note}</span>}
            {c.fromAdmin ? (
              <span className="ml-auto text-xs text-slate-500">{t("stations.fromAdmin")}</span>
            ) : (
              <button type="button" className="ml-auto text-xs text-red-700 hover:underline" disabled={pending} onClick={() => send(c.departmentId, null, null)}>
                {t("stations.remove")}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        className="grid gap-2 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-4"
        onSubmit={(e) => {
          e.preventDefault();
          send(f.departmentId, f.mode, f.note || null);
        }}
      >
        <Field label={t("stations.department")}>
          <select className={inputClass} value={f.departmentId} onChange={(e) => setF({ ...f, departmentId: Number(e.target.value) })} data-testid="post-department">
            {departments.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
          </select>
        </Field>
        <Field label={t("stations.mode")}>
          <select className={inputClass} value={f.mode} onChange={(e) => setF({ ...f, mode: e.target.value })} data-testid="post-mode">
            {(["PERMANENT", "ROTATING", "ON_CALL"] as const).map((m) => <option key={m} value={m}>{t(`stationModes.${m}`)}</option>)}
          </select>
        </Field>
        <Field label={t("stations.note")}>
          <input className={inputClass} value={f.note} onChange={(e) => setF({ ...f, note: e.target.value })} />
        </Field>
        <div className="flex items-end">
          <SubmitButton pending={pending} testId="save-post">{t("stations.add")}</SubmitButton>
        </div>
      </form>
      <FormError message={message} fieldErrors={fe} />
    </div>
  );
}

export function AnswerWhistle({ id, version }: { id: string; version: number }) {
  const t = useTranslations("center");
  const [note, setNote] = useState("");
  return (
    <StepForm call={() => answerWhistleAction({ id, version, note })} onDone={() => undefined} submitLabel={t("whistle.report")}>
      <NoteField label={t("whistle.reportNote")} value={note} onChange={setNote} />
    </StepForm>
  );
}

function NoteField({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  const errors = useStepErrors();
  return (
    <Field label={label} error={errors.note}>
      <textarea className={inputClass} rows={3} value={value} onChange={(e) => onChange(e.target.value)} data-testid="f-note" />
    </Field>
  );
}

type Deadlines = { version: number; acceptAmount: number; acceptUnit: string; handleAmount: number; handleUnit: string; extensionMaxDays: number; judicialDays: number; whistleAmount: number; whistleUnit: string; nearDays: number };

export function SettingsForm({ value, editable }: { value: Deadlines; editable: boolean }) {
  const t = useTranslations("center");
  const router = useRouter();
  const { pending, message, fieldErrors: fe, submit } = useSubmit();
  const [f, setF] = useState(() => Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)])) as Record<keyof Deadlines, string>);
  const [saved, setSaved] = useState(false);
  const num = (k: keyof Deadlines) => (
    <input type="number" className={inputClass} value={f[k]} disabled={!editable} onChange={(e) => setF({ ...f, [k]: e.target.value })} data-testid={`s-${k}`} />
  );
  const unit = (k: keyof Deadlines) => (
    <select className={inputClass} value={f[k]} disabled={!editable} onChange={(e) => setF({ ...f, [k]: e.target.value })} data-testid={`s-${k}`}>
      {DEADLINE_UNITS.map((u) => <option key={u} value={u}>{t(`units.${u}`)}</option>)}
    </select>
  );
  const pair = (label: string, a: keyof Deadlines, u: keyof Deadlines) => (
    <Field label={label} error={fe[a] ?? fe[u]}>
      <div className="grid grid-cols-2 gap-2">{num(a)}{unit(u)}</div>
    </Field>
  );
  return (
    <form
      className="grid gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 sm:p-4"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        const n = (k: keyof Deadlines) => Number(f[k]);
        submit(
          () =>
            saveSettingsAction({
              version: n("version"),
              acceptAmount: n("acceptAmount"),
              acceptUnit: f.acceptUnit as "DAY",
              handleAmount: n("handleAmount"),
              handleUnit: f.handleUnit as "DAY",
              extensionMaxDays: n("extensionMaxDays"),
              judicialDays: n("judicialDays"),
              whistleAmount: n("whistleAmount"),
              whistleUnit: f.whistleUnit as "DAY",
              nearDays: n("nearDays"),
            }),
          (r) => {
            setF({ ...f, version: String(r.version) });
            setSaved(true);
            router.refresh();
          },
        );
      }}
      data-testid="settings-form"
    >
      {pair(t("settings.accept"), "acceptAmount", "acceptUnit")}
      {pair(t("settings.handle"), "handleAmount", "handleUnit")}
      <Field label={t("settings.extensionMaxDays")} error={fe.extensionMaxDays}>{num("extensionMaxDays")}</Field>
      <Field label={t("settings.judicialDays")} error={fe.judicialDays}>{num("judicialDays")}</Field>
      {pair(t("settings.whistle"), "whistleAmount", "whistleUnit")}
      <Field label={t("settings.nearDays")} error={fe.nearDays}>{num("nearDays")}</Field>
      {editable && (
        <div className="sm:col-span-2">
          <FormError message={message} fieldErrors={fe} />
          {saved && <p className="text-sm text-emerald-700" data-testid="saved">{t("common.saved")}</p>}
          <SubmitButton pending={pending} testId="save-settings">{t("common.save")}</SubmitButton>
        </div>
      )}
    </form>
  );
}
