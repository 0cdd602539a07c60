"use client";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { exportAction } from "@/lib/people/actions";
import type { ExportInput } from "@/lib/people/schemas";

/**
 * Exports the list as it is filtered on screen. Small lists download at once; large ones
 * become a background job the imports page follows.
 */
export function ExportButton({ request }: { request: ExportInput }) {
  const t = useTranslations("people.common");
  const [pending, start] = useTransition();
  const [note, setNote] = useState<{ ok: boolean; text: string; queued?: boolean } | null>(null);
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <button
        type="button"
        disabled={pending}
        data-testid="export"
        className="inline-flex items-center rounded border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60"
        onClick={() =>
          start(async () => {
            setNote(null);
            const r = await exportAction(request);
            if (!r.ok) return setNote({ ok: false, text: r.message });
            if (r.data.fileId) window.location.assign(`/api/files/${r.data.fileId}`);
            else setNote({ ok: true, text: t("exportQueued"), queued: true });
          })
        }
      >
        {pending ? t("exporting") : t("export")}
      </button>
      {note && (
        <span role={note.ok ? "status" : "alert"} className={`max-w-xs text-right text-xs ${note.ok ? "text-slate-600" : "text-red-700"}`}>
          {note.queued ? <Link href="/grid/imports" className="text-brand-700">{note.text}</Link> : note.text}
        </span>
      )}
    </span>
  );
}
