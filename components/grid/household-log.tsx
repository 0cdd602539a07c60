"use client";
import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { LogVisitForm, type Member } from "./log-visit-form";

/** The household page's "log a visit": a button that opens the form in place. */
export function HouseholdLog({ householdId, members }: { householdId: string; members: Member[] }) {
  const t = useTranslations("grid.visits");
  const format = useFormatter();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      {flash && (
        <p role="status" data-testid="visit-logged" className="rounded bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {flash}
        </p>
      )}
      {open ? (
        <LogVisitForm
          householdId={householdId}
          members={members}
          onCancel={() => setOpen(false)}
          onDone={(nextDue) => {
            setOpen(false);
            setFlash(nextDue ? t("logged", { date: format.dateTime(new Date(nextDue), { dateStyle: "medium" }) }) : t("followUpEntry"));
            router.refresh();
          }}
        />
      ) : (
        <button type="button" data-testid="log-visit-open" onClick={() => (setOpen(true), setFlash(null))} className="rounded bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          {t("log")}
        </button>
      )}
    </div>
  );
}
