import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { GridPicker } from "@/components/grid/grid-picker";
import { AddTeamMember, TeamEntryActions } from "@/components/grid/team-editor";
import { TeamList } from "@/components/grid/team-list";
import { Card, PageHeader } from "@/components/grid/ui";
import { gridBoundary, ownGridId, pickGrids } from "@/lib/grid/data";
import { found, plainParams } from "@/lib/grid/pages";
import { gridTeam } from "@/lib/grid/team-data";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "网格团队" };

export default async function TeamPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const params = plainParams(await searchParams);
  const t = await getTranslations("grid.team");
  const gridId = Number(params.gridId) || ownGridId(viewer);
  if (!gridId) {
    const result = await found(pickGrids(viewer, { q: params.q, page: Number(params.page) || 0 }));
    return (
      <div className="mx-auto max-w-2xl">
        <PageHeader title={t("title")} />
        <GridPicker basePath="/grid/team" result={result} q={params.q} />
      </div>
    );
  }
  const [grid, team] = await Promise.all([found(gridBoundary(viewer, gridId)), found(gridTeam(viewer, gridId))]);
  const editable = can(viewer.role, "team.edit");
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageHeader
        title={t("title")}
        subtitle={<Link href={`/grid?gridId=${grid.id}`} className="text-brand-700">{grid.name}</Link>}
      />
      <Card>
        <TeamList
          team={team}
          actions={editable ? (m) => <TeamEntryActions assignmentId={m.assignmentId} memberId={m.memberId} name={m.name} phone={m.phone} note={m.note} /> : undefined}
        />
      </Card>
      {editable && (
        <Card title={t("add")}>
          <AddTeamMember gridId={grid.id} />
        </Card>
      )}
    </div>
  );
}
