"use client";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { requestResidentMoveAction } from "@/lib/people/actions";
import { Field, FormError, GridSelect, inputClass, useSubmit, type GridOption } from "./form";

/**
 * Shown on the resident form when the ID number typed is registered in a grid outside the
 * viewer's territory: ask the holder for the record instead of entering the person twice.
 * Nothing more about the record is shown than the duplicate check said (where it is held).
 */
export function MoveRequestPanel({ idNumber, place, grids, gridId }: { idNumber: string; place: string; grids: GridOption[]; gridId: number }) {
  const t = useTranslations("people");
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const [target, setTarget] = useState(gridId);
  const [sent, setSent] = useState<string | null>(null);
  const { pending, message, fieldErrors, submit, clearField } = useSubmit();

  if (sent)
    return (
      <p className="rounded bg-emerald-50 px-3 py-2 text-sm text-emerald-800" role="status" data-testid="move-sent">
        {t("moves.request.sent")}{" "}
        <Link className="font-medium text-brand-700 underline" href={`/grid/moves/${sent}`}>
          {t("moves.request.view")}
        </Link>
      </p>
    );
  return (
    <div className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="duplicate" role="alert">
      <p>{t("residents.elsewhere", { place })}</p>
      {!open ? (
        <button type="button" className="mt-2 rounded border border-amber-400 bg-white px-3 py-1.5 text-sm font-medium text-amber-900" onClick={() => setOpen(true)} data-testid="move-request-open">
          {t("moves.request.button")}
        </button>
      ) : (
        // Not a nested <form>: this sits inside the resident form.
        <div className="mt-2 space-y-2" data-testid="move-request">
          <p className="font-medium">{t("moves.request.title")}</p>
          {grids.length > 1 && (
            <Field label={t("moves.request.grid")} error={fieldErrors.toGridId}>
              <GridSelect grids={grids} value={target} name="toGridId" onChange={setTarget} />
            </Field>
          )}
          <Field label={t("moves.request.note")} error={fieldErrors.note}>
            <textarea
              name="moveNote"
              className={inputClass}
              rows={2}
              maxLength={200}
              value={note}
              placeholder={t("moves.request.notePlaceholder")}
              onChange={(e) => {
                setNote(e.target.value);
                clearField("note");
              }}
            />
          </Field>
          <FormError message={message} />
          <button
            type="button"
            disabled={pending}
            data-testid="move-request-submit"
            className="rounded bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
            onClick={() => submit(() => requestResidentMoveAction({ idNumber, toGridId: target, note }), (d) => setSent(d.id))}
          >
            {pending ? t("common.saving") : t("moves.request.submit")}
          </button>
        </div>
      )}
    </div>
  );
}
