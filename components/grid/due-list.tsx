"use client";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { LogVisitForm } from "./log-visit-form";
import { Badge, Empty } from "./ui";

export interface DueHousehold {
  id: string;
  address: string | null;
  householdNo: string | null;
  visitTier: "KEY" | "ORDINARY" | "REASSURED";
  lastVisitAt: Date | null;
  nextVisitDue: Date;
  /** Whole days past the due day (0 = due today, negative = ahead). */
  daysOverdue: number;
  members: { id: string; name: string; relationToHead: string | null }[];
}

const TIER_TONE = { KEY: "red", ORDINARY: "blue", REASSURED: "green" } as const;

function Row({ h, canLog, open, onOpen, onClose, onLogged }: {
  h: DueHousehold;
  canLog: boolean;
  open: boolean;
  onOpen: () => void;
  onClose: () => void;
  onLogged: (address: string, nextDue: string | null) => void;
}) {
  const t = useTranslations("grid.visits");
  const format = useFormatter();
  const day = (d: Date) => format.dateTime(d, { month: "numeric", day: "numeric" });
  const head = h.members.find((m) => m.relationToHead === "HEAD") ?? h.members[0];
  const title = h.address ?? (h.householdNo ? t("householdNo", { no: h.householdNo }) : t("noAddress"));
  return (
    <li className="py-2.5" data-household-id={h.id}>
      <div className="flex items-start justify-between gap-2">
        <Link href={`/grid/visits/household/${h.id}`} className="min-w-0 flex-1">
          <span className="block truncate font-medium text-slate-900">{title}</span>
          <span className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-600">
            {head && <span>{head.name}</span>}
            <Badge tone={TIER_TONE[h.visitTier]}>{t(`tiers.${h.visitTier}`)}</Badge>
            {h.daysOverdue > 0 ? (
              <span className="font-medium text-red-700">{t("daysOverdue", { days: h.daysOverdue })}</span>
            ) : h.daysOverdue === 0 ? (
              <span className="font-medium text-amber-700">{t("dueToday")}</span>
            ) : (
              <span>{t("due", { date: day(h.nextVisitDue) })}</span>
            )}
            <span className="text-slate-500">{h.lastVisitAt ? t("lastVisit", { date: day(h.lastVisitAt) }) : t("neverVisited")}</span>
          </span>
        </Link>
        {canLog && !open && (
          <button type="button" onClick={onOpen} data-testid="log-visit-open" className="shrink-0 rounded bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
            {t("log")}
          </button>
        )}
      </div>
      {open && (
        <div className="mt-2">
          <LogVisitForm
            householdId={h.id}
            members={h.members.map((m) => ({ id: m.id, name: m.name }))}
            onCancel={onClose}
            onDone={(nextDue) => onLogged(title, nextDue)}
          />
        </div>
      )}
    </li>
  );
}

/** "My visits": overdue first, then due this week, then the next few; log a visit in place. */
export function DueList({ overdue, thisWeek, later, laterCount, canLog }: { overdue: DueHousehold[]; thisWeek: DueHousehold[]; later: DueHousehold[]; laterCount: number; canLog: boolean }) {
  const t = useTranslations("grid.visits");
  const format = useFormatter();
  const router = useRouter();
  const [openId, setOpenId] = useState<string | null>(null);
  const [flash, setFlash] = useState<string | null>(null);

  const onLogged = (address: string, nextDue: string | null) => {
    setOpenId(null);
    setFlash(`${address} · ${nextDue ? t("logged", { date: format.dateTime(new Date(nextDue), { dateStyle: "medium" }) }) : t("followUpEntry")}`);
    router.refresh();
  };

  const section = (key: "overdue" | "thisWeek" | "later", items: DueHousehold[], empty: string | null, extra?: React.ReactNode) => (
    <section aria-labelledby={`due-${key}`} className="rounded-lg border border-slate-200 bg-white p-3">
      <h2 id={`due-${key}`} className="mb-1 flex items-center gap-2 font-medium">
        {t(key)}
        <span className={`rounded-full px-2 text-xs ${key === "overdue" && items.length ? "bg-red-100 text-red-700" : "bg-slate-100 text-slate-600"}`} data-testid={`due-${key}-count`}>
          {key === "later" ? laterCount : items.length}
        </span>
      </h2>
      {items.length === 0 && empty ? (
        <p className="py-2 text-sm text-slate-500">{empty}</p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid={`due-${key}`}>
          {items.map((h) => (
            <Row key={h.id} h={h} canLog={canLog} open={openId === h.id} onOpen={() => (setOpenId(h.id), setFlash(null))} onClose={() => setOpenId(null)} onLogged={onLogged} />
          ))}
        </ul>
      )}
      {extra}
    </section>
  );

  if (!overdue.length && !thisWeek.length && !later.length) return <Empty>{t("noHouseholds")}</Empty>;
  return (
    <div className="space-y-3">
      {flash && (
        <p role="status" data-testid="visit-logged" className="rounded bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {flash}
        </p>
      )}
      {section("overdue", overdue, t("noneOverdue"))}
      {section("thisWeek", thisWeek, t("noneThisWeek"))}
      {later.length > 0 &&
        section(
          "later",
          later,
          null,
          laterCount > later.length ? <p className="pt-2 text-xs text-slate-500">{t("laterMore", { count: laterCount - later.length })}</p> : null,
        )}
    </div>
  );
}
