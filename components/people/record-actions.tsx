"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionResult } from "@/lib/server/action";
import { FormError, inputClass, useSubmit } from "./form";

type Versioned = { id: string; version: number };

/**
 * Verify, delete (with a reason) and restore a record. The server decides what is
 * allowed; the buttons shown only follow the viewer's role and the record's state.
 */
export function RecordActions({
  id,
  version,
  deleted,
  verified,
  canEdit,
  canVerify,
  ownRecord,
  verify,
  remove,
  restore,
  afterDelete,
}: {
  id: string;
  version: number;
  deleted: boolean;
  verified: boolean;
  canEdit: boolean;
  canVerify: boolean;
  ownRecord: boolean;
  verify: (input: Versioned) => Promise<ActionResult<unknown>>;
  remove: (input: Versioned & { reason: string }) => Promise<ActionResult<unknown>>;
  restore: (input: Versioned) => Promise<ActionResult<unknown>>;
  afterDelete?: string;
}) {
  const t = useTranslations("people.common");
  const router = useRouter();
  const { pending, message, fieldErrors, submit } = useSubmit();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const done = () => router.refresh();
  return (
    <div className="space-y-2" data-testid="record-actions">
      <div className="flex flex-wrap gap-2">
        {canVerify && !deleted && !verified && (
          <button
            type="button"
            disabled={pending || ownRecord}
            title={ownRecord ? t("verifyHint") : undefined}
            data-testid="verify"
            className="rounded border border-emerald-600 px-3 py-1.5 text-sm text-emerald-700 disabled:opacity-50"
            onClick={() => submit(() => verify({ id, version }), done)}
          >
            {t("verify")}
          </button>
        )}
        {canEdit && !deleted && !asking && (
          <button type="button" data-testid="delete" className="rounded border border-red-300 px-3 py-1.5 text-sm text-red-700" onClick={() => setAsking(true)}>
            {t("delete")}
          </button>
        )}
        {canEdit && deleted && (
          <button
            type="button"
            disabled={pending}
            data-testid="restore"
            className="rounded border border-slate-300 px-3 py-1.5 text-sm text-slate-700"
            onClick={() => submit(() => restore({ id, version }), done)}
          >
            {t("restore")}
          </button>
        )}
      </div>
      {asking && (
        <form
          className="space-y-2 rounded border border-red-200 bg-red-50 p-3"
          onSubmit={(e) => {
            e.preventDefault();
            submit(
              () => remove({ id, version, reason }),
              () => {
                setAsking(false);
                if (afterDelete) router.push(afterDelete);
                else done();
              },
            );
          }}
        >
          <label className="block text-sm">
            <span className="text-slate-700">{t("deleteReason")}</span>
            <input className={`${inputClass} mt-1`} value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} data-testid="delete-reason" />
            <span className="mt-0.5 block text-xs text-slate-500">{fieldErrors.reason ?? t("deleteReasonHint")}</span>
          </label>
          <div className="flex gap-2">
            <button type="submit" disabled={pending} className="rounded bg-red-600 px-3 py-1.5 text-sm text-white disabled:opacity-60" data-testid="confirm-delete">
              {t("confirmDelete")}
            </button>
            <button type="button" className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm" onClick={() => setAsking(false)}>
              {t("cancel")}
            </button>
          </div>
        </form>
      )}
      <FormError message={message} />
    </div>
  );
}
