import { getTranslations } from "next-intl/server";
import { Badge, ButtonLink, Empty, fmt, PageHeader, Pager, Row, RowList } from "@/components/center/ui";
import { listMeetings } from "@/lib/center/data";
import { runsCenter } from "@/lib/center/permissions";
import { can } from "@/lib/permissions";
import { found } from "@/lib/center/pages";
import { requireViewer } from "@/lib/server/auth";

export default async function MeetingsPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const viewer = await requireViewer();
  const page = Math.max(1, Number((await searchParams).page) || 1);
  const [list, t] = await Promise.all([found(listMeetings(viewer, page)), getTranslations("center")]);
  return (
    <div className="space-y-3">
      <PageHeader title={t("meeting.title")} actions={can(viewer, "center.meetings.edit") && runsCenter(viewer) ? <ButtonLink href="/center/meetings/new" testId="new-meeting">{t("meeting.new")}</ButtonLink> : undefined} />
      {list.items.length === 0 ? (
        <Empty>{t("common.empty")}</Empty>
      ) : (
        <RowList testId="meeting-list">
          {list.items.map((m) => (
            <Row key={m.id} href={`/center/meetings/${m.id}`}>
              <span className="flex flex-wrap items-center gap-1.5 text-sm">
                <Badge tone="blue">{t(`meetingKinds.${m.kind}`)}</Badge>
                <span className="font-medium">{m.title}</span>
                <Badge tone={m.status === "HELD" ? "green" : m.status === "CANCELLED" ? "slate" : "amber"}>{t(`meetingStatus.${m.status}`)}</Badge>
                <span className="ml-auto text-xs text-slate-500">{fmt(m.scheduledAt)} · {m.place}</span>
              </span>
              <span className="block text-xs text-slate-500">{m.unit.name} · {t("meeting.count", { invites: m.invites, cases: m.cases, decisions: m.decisions })}</span>
            </Row>
          ))}
        </RowList>
      )}
      <Pager base="/center/meetings" params={{}} page={page} pages={list.pages} label={t("common.page", { page, pages: list.pages, total: list.total })} />
    </div>
  );
}
