"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { decideResidentMoveAction, withdrawResidentMoveAction } from "@/lib/people/actions";
import { Field, FormError, inputClass, useSubmit } from "./form";

/**
 * The holder's approve / refuse (with remarks) on a pending move request. Rendered for the
 * holder's side whatever the status, so that the confirmation outlives the page's refresh
 * (which shows the request decided); `open` says whether there is anything to decide.
 */
export function MoveDecision({ id, version, to, open }: { id: string; version: number; to: string; open: boolean }) {
  const t = useTranslations("people.moves");
  const tc = useTranslations("people.common");
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const { pending, message, fieldErrors, submit, clearField } = useSubmit();
  const decide = (decision: "approve" | "refuse") =>
    submit(
      () => decideResidentMoveAction({ id, version, decision, reason: reason.trim() || null }),
      (d) => {
        setDone(d.status === "APPROVED" ? t("approved", { to }) : t("refused"));
        router.refresh();
      },
    );
  if (done)
    return (
      <p className="rounded bg-emerald-50 px-3 py-2 text-sm text-emerald-800" role="status" data-testid="move-done">
        {done}
      </p>
    );
  if (!open) return null;
  return (
    <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 sm:p-4" data-testid="move-decision">
      <p className="text-sm text-slate-600">{t("approveHint", { to })}</p>
      <Field label={t("reason")} error={fieldErrors.reason}>
        <textarea
          name="reason"
          rows={2}
          maxLength={200}
          className={inputClass}
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            clearField("reason");
          }}
        />
      </Field>
      <FormError message={message} />
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          disabled={pending}
          data-testid="move-approve"
          className="rounded bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
          onClick={() => decide("approve")}
        >
          {pending ? tc("saving") : t("approve")}
        </button>
        <button
          type="button"
          disabled={pending}
          data-testid="move-refuse"
          className="rounded border border-red-300 px-4 py-2 text-sm text-red-700 disabled:opacity-60"
          onClick={() => decide("refuse")}
        >
          {t("refuse")}
        </button>
      </div>
    </div>
  );
}

/** The requester takes back their own pending request. */
export function MoveWithdraw({ id, version }: { id: string; version: number }) {
  const t = useTranslations("people.moves");
  const router = useRouter();
  const { pending, message, submit } = useSubmit();
  return (
    <div className="space-y-2">
      <FormError message={message} />
      <button
        type="button"
        disabled={pending}
        data-testid="move-withdraw"
        className="rounded border border-slate-300 px-4 py-2 text-sm text-slate-700 disabled:opacity-60"
        onClick={() => {
          if (window.confirm(t("withdrawConfirm"))) submit(() => withdrawResidentMoveAction({ id, version }), () => router.refresh());
        }}
      >
        {t("withdraw")}
      </button>
    </div>
  );
}
