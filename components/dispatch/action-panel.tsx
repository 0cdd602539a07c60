"use client";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useRef, useState, useTransition } from "react";
import * as A from "@/lib/dispatch/actions";
import type { ActionResult } from "@/lib/server/action";
import type { EventAction } from "@/lib/dispatch/workflow";
import { isoToLocalInput, localInputToIso, newRequestKey, shrinkPhoto } from "./client-utils";

export interface PanelTask {
  id: string;
  version: number;
  department: string;
  departmentEn: string;
  isLead: boolean;
  dueAt: Date;
  extensionUntil: Date | null;
}

export interface ActionPanelProps {
  eventId: string;
  version: number;
  state: string;
  urgency: string;
  actions: { action: EventAction; taskId?: string }[];
  tasks: PanelTask[];
  departments: { id: number; name: string; nameEn: string }[];
  defaultDepartmentId: number | null;
  /** Co-departments the list of powers and responsibilities proposes. */
  defaultCoDepartmentIds?: number[];
  /** The level the list names for this matter (where a refusal sends it), or null. */
  routeLevel?: string | null;
  duplicates: { no: number; title: string }[];
  leadResult: string | null;
}

const input = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base sm:text-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600";
const DANGER = new Set<EventAction>(["reject", "merge", "taskReturn", "returnToDept", "reopen", "refuse"]);

type Fields = {
  comment: string;
  reply: string;
  direct: boolean;
  intoNo: string;
  lead: string;
  co: number[];
  dueAt: string;
  until: string;
  approve: boolean;
  rating: number;
  grade: number;
  photos: File[];
};

/** Only what the viewer may do now (computed by the state machine on the server). */
export function ActionPanel(props: ActionPanelProps) {
  const t = useTranslations("dispatch");
  const locale = useLocale();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [open, setOpen] = useState<{ action: EventAction; taskId?: string } | null>(null);
  const [message, setMessage] = useState<{ kind: "ok" | "error" | "stale"; text: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const requestKey = useRef(newRequestKey());
  const empty = (): Fields => ({
    comment: "",
    reply: "",
    direct: false,
    intoNo: props.duplicates[0] ? String(props.duplicates[0].no) : "",
    lead: props.defaultDepartmentId && props.departments.some((d) => d.id === props.defaultDepartmentId) ? String(props.defaultDepartmentId) : "",
    co: (props.defaultCoDepartmentIds ?? []).filter((c) => c !== props.defaultDepartmentId && props.departments.some((d) => d.id === c)),
    dueAt: "",
    until: "",
    approve: true,
    rating: 5,
    grade: 1,
    photos: [],
  });
  const [f, setF] = useState<Fields>(empty);
  const set = <K extends keyof Fields>(k: K, v: Fields[K]) => setF((x) => ({ ...x, [k]: v }));

  // After the viewer's last possible action the panel stays to show its confirmation.
  if (props.actions.length === 0 && !message) return null;
  const taskOf = (id?: string) => props.tasks.find((x) => x.id === id);
  const deptName = (d: { name: string; nameEn: string }) => (locale === "en" ? d.nameEn : d.name);
  const label = (a: { action: EventAction; taskId?: string }) => {
    const task = taskOf(a.taskId);
    return task && props.tasks.length > 1 ? `${t(`actions.${a.action}`)}（${deptName({ name: task.department, nameEn: task.departmentEn })}）` : t(`actions.${a.action}`);
  };

  const choose = (a: { action: EventAction; taskId?: string }) => {
    setOpen(a);
    setMessage(null);
    setErrors({});
    const next = empty();
    if (a.action === "pass" && props.leadResult) next.reply = props.leadResult;
    if (a.action === "reopen") next.rating = 1;
    setF(next);
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!open) return;
    const { action, taskId } = open;
    const task = taskOf(taskId);
    const id = props.eventId;
    const version = props.version;
    const photos = () => Promise.all(f.photos.map(shrinkPhoto));
    const opt = <T,>(v: T | "" | undefined) => (v === "" || v === undefined ? undefined : v);
    start(async () => {
      let r: ActionResult<unknown>;
      const key = requestKey.current;
      switch (action) {
        case "escalate": r = await A.escalateAction({ id, version, comment: f.comment, ...(f.direct ? { direct: true } : {}) }); break;
        case "refuse": r = await A.refuseAction({ id, version, reason: f.comment }); break;
        case "closeLocal": r = await A.closeLocalAction({ id, version, reply: f.reply, photos: await photos() }); break;
        case "accept": r = await A.acceptAction({ id, version, ...(f.comment ? { comment: f.comment } : {}) }); break;
        case "reject": r = await A.rejectAction({ id, version, reply: f.reply }); break;
        case "merge": r = await A.mergeAction({ id, version, intoNo: Number(f.intoNo) || 0, ...(f.comment ? { comment: f.comment } : {}) }); break;
        case "dispatch":
          r = await A.dispatchAction({ id, version, leadDepartmentId: Number(f.lead) || 0, coDepartmentIds: f.co.filter((c) => String(c) !== f.lead), ...(opt(localInputToIso(f.dueAt)) ? { dueAt: localInputToIso(f.dueAt) } : {}), ...(f.comment ? { comment: f.comment } : {}) });
          break;
        case "taskAccept": r = await A.taskAcceptAction({ taskId: task!.id, version: task!.version, ...(f.comment ? { comment: f.comment } : {}) }); break;
        case "taskReturn": r = await A.taskReturnAction({ taskId: task!.id, version: task!.version, comment: f.comment }); break;
        case "taskProgress": r = await A.taskProgressAction({ taskId: task!.id, requestKey: key, comment: f.comment, photos: await photos() }); break;
        case "taskComplete": r = await A.taskCompleteAction({ taskId: task!.id, version: task!.version, result: f.reply, photos: await photos() }); break;
        case "requestExtension": r = await A.requestExtensionAction({ taskId: task!.id, version: task!.version, until: localInputToIso(f.until) ?? "", comment: f.comment }); break;
        case "decideExtension": r = await A.decideExtensionAction({ taskId: task!.id, version: task!.version, approve: f.approve, ...(f.comment ? { comment: f.comment } : {}) }); break;
        case "pass": r = await A.passAction({ id, version, reply: f.reply, ...(f.comment ? { comment: f.comment } : {}) }); break;
        case "returnToDept": r = await A.returnToDeptAction({ id, version, comment: f.comment, ...(localInputToIso(f.dueAt) ? { dueAt: localInputToIso(f.dueAt) } : {}) }); break;
        case "close": r = await A.closeAction({ id, version, rating: f.rating, ...(f.comment ? { comment: f.comment } : {}) }); break;
        case "reopen": r = await A.reopenAction({ id, version, rating: f.rating, comment: f.comment }); break;
        case "urge": r = await A.urgeAction({ id, requestKey: key, comment: f.comment }); break;
        case "supervise": r = await A.superviseAction({ id, requestKey: key, grade: f.grade, comment: f.comment }); break;
        case "instruct": r = await A.instructAction({ id, requestKey: key, comment: f.comment }); break;
        case "note": r = await A.noteAction({ id, requestKey: key, comment: f.comment }); break;
        default: return;
      }
      if (r.ok) {
        requestKey.current = newRequestKey();
        setOpen(null);
        setMessage({ kind: "ok", text: t("panel.done", { action: t(`actions.${action}`) }) });
        router.refresh();
        return;
      }
      // A stale view: keep what was typed, show what happened, load the latest state.
      if (r.code === "STALE") {
        setMessage({ kind: "stale", text: r.message });
        router.refresh();
        return;
      }
      setMessage({ kind: "error", text: r.message });
      setErrors(r.fieldErrors ?? {});
    });
  };

  const err = (k: string) => errors[k] && <p className="mt-1 text-sm text-red-700">{errors[k]}</p>;
  const text = (k: "comment" | "reply", labelKey: string, required = true) => (
    <div>
      <label className="block text-sm font-medium" htmlFor={`f-${k}`}>
        {t(`fields.${labelKey}` as never)}
        {!required && <span className="ml-1 text-xs font-normal text-slate-500">{t("panel.optional")}</span>}
      </label>
      <textarea id={`f-${k}`} name={k} rows={3} maxLength={2000} className={input} value={f[k]} onChange={(e) => set(k, e.target.value)} />
      {err(k === "reply" && (open?.action === "taskComplete") ? "result" : k)}
    </div>
  );
  const photoField = (
    <div>
      <label className="block text-sm font-medium" htmlFor="f-photos">{t("fields.photos")}</label>
      <input id="f-photos" type="file" accept="image/jpeg,image/png,image/webp" multiple className="mt-1 block w-full text-sm" onChange={(e) => set("photos", Array.from(e.target.files ?? []).slice(0, 4))} />
      {err("photos")}
    </div>
  );
  const task = taskOf(open?.taskId);

  const body = () => {
    switch (open?.action) {
      case "escalate":
        return (
          <>
            {text("comment", "escalateReason")}
            {props.urgency !== "NORMAL" && props.state !== "AT_TOWNSHIP" && (
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={f.direct} onChange={(e) => set("direct", e.target.checked)} />
                {t("fields.direct")}
              </label>
            )}
          </>
        );
      case "refuse":
        return (
          <>
            <p className="text-sm text-slate-600" data-testid="refuse-hint">{t(props.routeLevel === "COUNTY" ? "panel.refuseToCenter" : "panel.refuseToTownship")}</p>
            {text("comment", "refuseReason")}
            {err("reason")}
          </>
        );
      case "closeLocal":
        return (<>{text("reply", "result")}{photoField}</>);
      case "accept":
      case "taskAccept":
        return text("comment", "comment", false);
      case "reject":
        return text("reply", "rejectReason");
      case "merge":
        return (
          <>
            <div>
              <label className="block text-sm font-medium" htmlFor="f-into">{t("fields.intoNo")}</label>
              <input id="f-into" inputMode="numeric" className={input} value={f.intoNo} onChange={(e) => set("intoNo", e.target.value.replace(/\D/g, ""))} />
              {props.duplicates.length > 0 && <p className="mt-1 text-xs text-slate-500">{t("panel.duplicateHint", { list: props.duplicates.map((d) => `#${d.no} ${d.title}`).join("；") })}</p>}
              {err("intoNo")}
            </div>
            {text("comment", "comment", false)}
          </>
        );
      case "dispatch":
        return (
          <>
            <div>
              <label className="block text-sm font-medium" htmlFor="f-lead">{t("fields.leadDepartment")}</label>
              <select id="f-lead" name="lead" className={input} value={f.lead} onChange={(e) => set("lead", e.target.value)}>
                <option value="">{t("panel.chooseDepartment")}</option>
                {props.departments.map((d) => (
                  <option key={d.id} value={d.id}>{deptName(d)}</option>
                ))}
              </select>
              {err("leadDepartmentId")}
            </div>
            <fieldset>
              <legend className="text-sm font-medium">{t("fields.coDepartments")}</legend>
              <div className="mt-1 grid grid-cols-2 gap-1 text-sm sm:grid-cols-3">
                {props.departments.filter((d) => String(d.id) !== f.lead).map((d) => (
                  <label key={d.id} className="flex items-center gap-1">
                    <input type="checkbox" checked={f.co.includes(d.id)} onChange={(e) => set("co", e.target.checked ? [...f.co, d.id] : f.co.filter((x) => x !== d.id))} />
                    {deptName(d)}
                  </label>
                ))}
              </div>
              {err("coDepartmentIds")}
            </fieldset>
            <div>
              <label className="block text-sm font-medium" htmlFor="f-due">{t("fields.dueAt")}</label>
              <input id="f-due" type="datetime-local" className={input} value={f.dueAt} onChange={(e) => set("dueAt", e.target.value)} />
              <p className="mt-1 text-xs text-slate-500">{t("panel.dueDefault")}</p>
              {err("dueAt")}
            </div>
            {text("comment", "dispatchNote", false)}
          </>
        );
      case "taskReturn":
        return text("comment", "returnReason");
      case "taskProgress":
        return (<>{text("comment", "progress")}{photoField}</>);
      case "taskComplete":
        return (<>{text("reply", "result")}{photoField}</>);
      case "requestExtension":
        return (
          <>
            <div>
              <label className="block text-sm font-medium" htmlFor="f-until">{t("fields.until")}</label>
              <input id="f-until" type="datetime-local" className={input} value={f.until} min={isoToLocalInput(task?.dueAt)} onChange={(e) => set("until", e.target.value)} />
              {err("until")}
            </div>
            {text("comment", "extensionReason")}
          </>
        );
      case "decideExtension":
        return (
          <>
            {task?.extensionUntil && <p className="text-sm">{t("panel.extensionAsked", { department: deptName({ name: task.department, nameEn: task.departmentEn }), time: new Date(task.extensionUntil).toLocaleString(locale) })}</p>}
            <div className="flex gap-4 text-sm">
              <label className="flex items-center gap-1"><input type="radio" checked={f.approve} onChange={() => set("approve", true)} />{t("panel.approve")}</label>
              <label className="flex items-center gap-1"><input type="radio" checked={!f.approve} onChange={() => set("approve", false)} />{t("panel.refuse")}</label>
            </div>
            {text("comment", "comment", false)}
          </>
        );
      case "pass":
        return (<>{text("reply", "replyToReporter")}{text("comment", "comment", false)}</>);
      case "returnToDept":
        return (
          <>
            {text("comment", "returnReason")}
            <div>
              <label className="block text-sm font-medium" htmlFor="f-due2">{t("fields.dueAt")}</label>
              <input id="f-due2" type="datetime-local" className={input} value={f.dueAt} onChange={(e) => set("dueAt", e.target.value)} />
              {err("dueAt")}
            </div>
          </>
        );
      case "close":
      case "reopen":
        return (
          <>
            <fieldset>
              <legend className="text-sm font-medium">{t("fields.rating")}</legend>
              <div className="mt-1 flex gap-1" role="radiogroup">
                {(open.action === "reopen" ? [1, 2] : [1, 2, 3, 4, 5]).map((n) => (
                  <label key={n} className={`flex h-11 w-11 cursor-pointer items-center justify-center rounded-md border text-lg ${f.rating === n ? "border-amber-500 bg-amber-50" : "border-slate-300 bg-white"}`} data-testid={`rating-${n}`}>
                    <input type="radio" name="rating" className="sr-only" checked={f.rating === n} onChange={() => set("rating", n)} />
                    {n}★
                  </label>
                ))}
              </div>
              {err("rating")}
            </fieldset>
            {text("comment", open.action === "reopen" ? "reopenReason" : "feedbackNote", open.action === "reopen")}
          </>
        );
      case "supervise":
        return (
          <>
            <fieldset>
              <legend className="text-sm font-medium">{t("fields.grade")}</legend>
              <div className="mt-1 flex flex-wrap gap-3 text-sm">
                {[1, 2, 3].map((g) => (
                  <label key={g} className="flex items-center gap-1"><input type="radio" checked={f.grade === g} onChange={() => set("grade", g)} />{t(`grades.${g}` as never)}</label>
                ))}
              </div>
            </fieldset>
            {text("comment", "superviseNote")}
          </>
        );
      case "urge":
        return text("comment", "urgeNote");
      case "instruct":
        return text("comment", "instruction");
      case "note":
        return text("comment", "internalNote");
      default:
        return null;
    }
  };

  return (
    <section aria-labelledby="actions-title" className="rounded-lg border border-brand-100 bg-white p-3 shadow-sm" data-testid="action-panel">
      <h2 id="actions-title" className="mb-2 font-medium">{t("panel.title")}</h2>
      <div className="flex flex-wrap gap-2">
        {props.actions.map((a) => (
          <button
            key={`${a.action}-${a.taskId ?? ""}`}
            type="button"
            data-testid={`action-${a.action}`}
            onClick={() => choose(a)}
            className={`rounded-md px-3 py-2 text-sm font-medium ${open?.action === a.action && open.taskId === a.taskId ? "bg-brand-700 text-white" : DANGER.has(a.action) ? "bg-white text-red-700 ring-1 ring-red-200 hover:bg-red-50" : "bg-brand-50 text-brand-900 ring-1 ring-brand-100 hover:bg-brand-100"}`}
          >
            {label(a)}
          </button>
        ))}
      </div>
      {message && (
        <div role="alert" data-testid={`panel-${message.kind}`} className={`mt-3 rounded-md p-3 text-sm ${message.kind === "ok" ? "bg-emerald-50 text-emerald-900" : message.kind === "stale" ? "bg-amber-50 text-amber-900" : "bg-red-50 text-red-800"}`}>
          {message.text}
        </div>
      )}
      {open && (
        <form onSubmit={submit} className="mt-3 space-y-3 border-t border-slate-100 pt-3" data-testid="action-form" noValidate>
          {body()}
          <div className="flex gap-2">
            <button type="submit" disabled={pending} className="flex-1 rounded-md bg-brand-600 px-4 py-2.5 font-medium text-white hover:bg-brand-700 disabled:opacity-60 sm:flex-none" data-testid="action-submit">
              {pending ? t("panel.submitting") : t("panel.confirm", { action: t(`actions.${open.action}`) })}
            </button>
            <button type="button" onClick={() => setOpen(null)} className="rounded-md px-4 py-2.5 text-slate-600 ring-1 ring-slate-200">{t("panel.cancel")}</button>
          </div>
        </form>
      )}
    </section>
  );
}
