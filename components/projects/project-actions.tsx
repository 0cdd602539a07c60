"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { closeProjectAction, deleteDraftAction, extendProjectAction, remindLateAction, startProjectAction } from "@/lib/projects/actions";
import { buttonClass, inputClass, secondaryButtonClass } from "./ui";

type Panel = "extend" | "close" | null;

/** The manager's buttons on a campaign: start, edit, delete, remind, extend, close, report. */
export function ProjectActions({
  id,
  version,
  endsOn,
  steps,
  canExport,
}: {
  id: string;
  version: number;
  endsOn: string;
  steps: { edit: boolean; start: boolean; remind: boolean; extend: boolean; close: boolean; remove: boolean };
  canExport: boolean;
}) {
  const t = useTranslations("projects.detail");
  const router = useRouter();
  const [pending, start] = useTransition();
  const [panel, setPanel] = useState<Panel>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [newEnd, setNewEnd] = useState(endsOn);
  const [note, setNote] = useState("");

  const run = (work: () => Promise<{ ok: true; text: string } | { ok: false; text: string }>, after?: () => void) =>
    start(async () => {
      setMessage(null);
      const r = await work();
      setMessage(r);
      if (r.ok) {
        setPanel(null);
        after?.();
        router.refresh();
      }
    });

  const startCampaign = () => {
    if (!window.confirm(t("startConfirm"))) return;
    run(async () => {
      const r = await startProjectAction({ id, version });
      return r.ok ? { ok: true, text: t("started", { tasks: r.data.tasks, items: r.data.items }) } : { ok: false, text: r.message };
    });
  };
  const remove = () => {
    if (!window.confirm(t("deleteConfirm"))) return;
    start(async () => {
      const r = await deleteDraftAction({ id, version });
      if (r.ok) router.push("/projects");
      else setMessage({ ok: false, text: r.message });
    });
  };
  const remind = () =>
    run(async () => {
      const r = await remindLateAction({ id });
      if (!r.ok) return { ok: false, text: r.message };
      return { ok: true, text: r.data.grids ? t("reminded", { grids: r.data.grids, users: r.data.users }) : t("remindNone") };
    });
  const extend = () =>
    run(async () => {
      const r = await extendProjectAction({ id, version, endsOn: newEnd });
      return r.ok ? { ok: true, text: t("extended", { date: newEnd }) } : { ok: false, text: r.fieldErrors?.endsOn ?? r.message };
    });
  const close = () => {
    if (!window.confirm(t("closeConfirm"))) return;
    run(async () => {
      const r = await closeProjectAction({ id, version, note });
      return r.ok ? { ok: true, text: t("closed") } : { ok: false, text: r.message };
    });
  };

  return (
    <div className="space-y-2" data-testid="project-actions">
      <div className="flex flex-wrap gap-2">
        {steps.start && (
          <button type="button" className={buttonClass} disabled={pending} onClick={startCampaign} data-testid="start-project">
            {t("start")}
          </button>
        )}
        {steps.edit && (
          <Link href={`/projects/${id}/edit`} className={secondaryButtonClass} data-testid="edit-project">
            {t("edit")}
          </Link>
        )}
        {steps.remind && (
          <button type="button" className={secondaryButtonClass} disabled={pending} onClick={remind} data-testid="remind-late">
            {t("remind")}
          </button>
        )}
        {steps.extend && (
          <button type="button" className={secondaryButtonClass} disabled={pending} onClick={() => setPanel(panel === "extend" ? null : "extend")} data-testid="extend-project">
            {t("extend")}
          </button>
        )}
        {canExport && (
          <a href={`/projects/${id}/report`} className={secondaryButtonClass} data-testid="export-report">
            {t("export")}
          </a>
        )}
        {steps.close && (
          <button type="button" className={secondaryButtonClass} disabled={pending} onClick={() => setPanel(panel === "close" ? null : "close")} data-testid="close-project">
            {t("close")}
          </button>
        )}
        {steps.remove && (
          <button type="button" className={`${secondaryButtonClass} text-red-700`} disabled={pending} onClick={remove} data-testid="delete-project">
            {t("delete")}
          </button>
        )}
      </div>
      {panel === "extend" && (
        <div className="flex flex-wrap items-end gap-2 rounded-md border border-slate-200 bg-slate-50 p-3">
          <label className="text-sm">
            {t("extendTo")}
            <input type="date" className={inputClass} value={newEnd} onChange={(e) => setNewEnd(e.target.value)} data-testid="extend-date" />
          </label>
          <button type="button" className={buttonClass} disabled={pending} onClick={extend} data-testid="extend-submit">
            {t("extendSubmit")}
          </button>
        </div>
      )}
      {panel === "close" && (
        <div className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3">
          <label className="block text-sm">
            {t("closeNote")}
            <textarea className={inputClass} rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="close-note" />
          </label>
          <button type="button" className={buttonClass} disabled={pending} onClick={close} data-testid="close-submit">
            {t("closeSubmit")}
          </button>
        </div>
      )}
      {message && (
        <p role="status" className={`rounded-md p-2 text-sm ${message.ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"}`} data-testid={message.ok ? "action-ok" : "action-error"}>
          {message.text}
        </p>
      )}
    </div>
  );
}
