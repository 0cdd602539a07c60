import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Badge, ButtonLink, Empty, fmt, PageHeader, Pager, RowList } from "@/components/center/ui";
import { listIntake } from "@/lib/center/data";
import { intakeListSchema } from "@/lib/center/schemas";
import { can } from "@/lib/permissions";
import { found } from "@/lib/center/pages";
import { requireViewer } from "@/lib/server/auth";

export default async function IntakePage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const viewer = await requireViewer();
  const q = intakeListSchema.parse(await searchParams);
  const [list, t] = await Promise.all([found(listIntake(viewer, q)), getTranslations("center")]);
  const shift = (days: number) => new Date(Date.parse(`${list.day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  return (
    <div className="space-y-3">
      <PageHeader
        title={t("intake.title")}
        subtitle={t("intake.count", { day: list.day, count: list.total })}
        actions={can(viewer, "center.intake") ? <ButtonLink href="/center/intake/new" testId="new-intake">{t("intake.new")}</ButtonLink> : undefined}
      />
      <form className="flex flex-wrap items-center gap-2 text-sm" action="/center/intake">
        <Link href={`/center/intake?day=${shift(-1)}`} className="rounded border border-slate-300 bg-white px-2 py-1">‹</Link>
        <input type="date" name="day" defaultValue={list.day} className="rounded border border-slate-300 bg-white px-2 py-1" aria-label={t("intake.day")} />
        <button className="rounded border border-slate-300 bg-white px-2 py-1">{t("common.search")}</button>
        <Link href={`/center/intake?day=${shift(1)}`} className="rounded border border-slate-300 bg-white px-2 py-1">›</Link>
        <span className="flex flex-wrap gap-1">
          {Object.entries(list.byHandling).map(([h, n]) => (
            <Badge key={h}>{t(`handlings.${h as "ANSWERED"}`)} {n}</Badge>
          ))}
        </span>
      </form>
      {list.items.length === 0 ? (
        <Empty>{t("common.empty")}</Empty>
      ) : (
        <RowList testId="intake-list">
          {list.items.map((i) => (
            // The record and the visitor's history are separate links (one click each).
            <li key={i.id} className="px-3 py-2.5 hover:bg-brand-50">
              <span className="flex flex-wrap items-center gap-1.5 text-sm">
                <Link href={`/center/visitors/${i.visitor.id}`} className="font-medium text-brand-700 hover:underline" data-testid="intake-visitor">{i.visitor.name}</Link>
                <Badge>{t(`channels.${i.channel}`)}</Badge>
                <Badge>{t(`topics.${i.topic}`)}</Badge>
                <Badge tone="blue">{t(`handlings.${i.handling}`)}</Badge>
                {i.repeatCount > 0 && <Badge tone="amber">{t("repeat.badge", { count: i.repeatCount + 1 })}</Badge>}
                <span className="ml-auto text-xs text-slate-500">{fmt(i.receivedAt)} · {i.unit.name}</span>
              </span>
              <Link href={`/center/intake/${i.id}`} className="mt-0.5 block text-sm text-slate-600 hover:underline" data-testid="intake-record">{i.content}</Link>
            </li>
          ))}
        </RowList>
      )}
      <Pager base="/center/intake" params={{ day: q.day }} page={q.page ?? 1} pages={list.pages} label={t("common.page", { page: q.page ?? 1, pages: list.pages, total: list.total })} />
    </div>
  );
}
