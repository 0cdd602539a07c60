"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  deleteFacilityAction,
  deletePlaceAction,
  deleteSentimentAction,
  followUpSentimentAction,
  verifyFacilityAction,
  verifyPlaceAction,
  verifySentimentAction,
} from "@/lib/grid/actions";
import { FOLLOW_UP_STATUSES } from "@/lib/grid/dictionary";
import { Field, FormError, inputClass, SubmitButton, useSubmit } from "./form";

type Kind = "place" | "facility" | "sentiment";

const VERIFY = { place: verifyPlaceAction, facility: verifyFacilityAction, sentiment: verifySentimentAction };
const REMOVE = { place: deletePlaceAction, facility: deleteFacilityAction, sentiment: deleteSentimentAction };
const LIST = { place: "/grid/places", facility: "/grid/facilities", sentiment: "/grid/sentiments" };

/** Confirms a record entered by someone else. */
export function VerifyButton({ kind, id, version }: { kind: Kind; id: string; version: number }) {
  const t = useTranslations("grid.record");
  const router = useRouter();
  const { pending, message, submit } = useSubmit();
  return (
    <div className="space-y-2">
      <FormError message={message} />
      <button
        type="button"
        disabled={pending}
        data-testid="verify-button"
        onClick={() => submit(() => VERIFY[kind]({ id, version }), () => router.refresh())}
        className="rounded border border-emerald-600 bg-white px-3 py-2 text-sm font-medium text-emerald-700 hover:bg-emerald-50 disabled:opacity-60"
      >
        {pending ? t("verifying") : t("verify")}
      </button>
    </div>
  );
}

/** Soft delete, after asking for the reason. */
export function DeleteRecord({ kind, id, version }: { kind: Kind; id: string; version: number }) {
  const t = useTranslations("grid.record");
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const { pending, message, fieldErrors, submit } = useSubmit();
  if (!open)
    return (
      <button type="button" data-testid="delete-open" onClick={() => setOpen(true)} className="rounded border border-red-300 bg-white px-3 py-2 text-sm text-red-700 hover:bg-red-50">
        {t("delete")}
      </button>
    );
  return (
    <form
      className="w-full space-y-2 rounded border border-red-200 bg-red-50/40 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit(
          () => REMOVE[kind]({ id, version, reason }),
          () => {
            router.push(LIST[kind]);
            router.refresh();
          },
        );
      }}
    >
      <FormError message={message} />
      <Field label={t("deleteReason")} error={fieldErrors.reason} hint={t("deleteHint")}>
        <input className={inputClass} name="reason" maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
      </Field>
      <div className="flex gap-2">
        <SubmitButton pending={pending} className="bg-red-600 hover:bg-red-700" testId="delete-confirm">
          {t("deleteConfirm")}
        </SubmitButton>
        <button type="button" onClick={() => setOpen(false)} className="rounded border border-slate-300 bg-white px-3 py-2 text-sm text-slate-700">
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}

/** Moves a sentiment entry's follow-up along, with a note. */
export function FollowUpForm({ id, version, status, note }: { id: string; version: number; status: string; note: string | null }) {
  const t = useTranslations("grid.sentiments");
  const router = useRouter();
  const [value, setValue] = useState(FOLLOW_UP_STATUSES.includes(status as never) ? status : "OPEN");
  const [text, setText] = useState(note ?? "");
  const { pending, message, fieldErrors, submit } = useSubmit();
  return (
    <form
      className="space-y-2"
      data-testid="follow-up-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit(() => followUpSentimentAction({ id, version, status: value as (typeof FOLLOW_UP_STATUSES)[number], note: text }), () => router.refresh());
      }}
    >
      <FormError message={message} />
      <div className="flex flex-wrap gap-2">
        {FOLLOW_UP_STATUSES.map((s) => (
          <label key={s} className={`cursor-pointer rounded border px-3 py-1.5 text-sm ${value === s ? "border-brand-600 bg-brand-50 text-brand-700" : "border-slate-300 bg-white text-slate-700"}`}>
            <input type="radio" name="status" value={s} checked={value === s} onChange={() => setValue(s)} className="sr-only" />
            {t(`statuses.${s}`)}
          </label>
        ))}
      </div>
      <Field label={t("fields.followUpNote")} error={fieldErrors.note}>
        <textarea className={`${inputClass} min-h-20`} name="note" maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
      </Field>
      <SubmitButton pending={pending} testId="follow-up-submit">
        {t("saveFollowUp")}
      </SubmitButton>
    </form>
  );
}
