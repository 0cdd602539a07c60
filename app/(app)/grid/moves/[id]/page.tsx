import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { MoveDecision, MoveWithdraw } from "@/components/people/move-decision";
import { MoveStatus } from "@/components/people/move-status";
import { Card, Facts, PageHeader, formatDateTime } from "@/components/people/ui";
import { getMoveRequest } from "@/lib/people/data";
import { orNotFound } from "@/lib/people/pages";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "迁移申请" };

export default async function MoveRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer();
  const [m, t, tp] = await Promise.all([orNotFound(getMoveRequest(viewer, id)), getTranslations("people.moves"), getTranslations("people")]);
  const r = m.record;
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span data-testid="move-title">{m.resident?.name ?? m.idMasked}</span>
            <MoveStatus status={m.status} label={t(`status.${m.status}`)} />
          </span>
        }
        subtitle={
          <Link href={`/grid/moves?box=${m.side === "holder" ? "incoming" : "outgoing"}`} className="text-brand-700">
            {tp("common.back")}
          </Link>
        }
      />
      <Card>
        <Facts
          items={[
            {
              label: t("fields.resident"),
              value: m.resident ? (
                <Link className="text-brand-700" href={`/grid/residents/${m.resident.id}`} data-testid="move-resident">
                  {m.resident.name}
                </Link>
              ) : (
                <span className="text-slate-500">{t("hiddenName")}</span>
              ),
            },
            { label: t("fields.idNumber"), value: <span className="font-mono">{m.idMasked}</span>, testId: "move-id" },
            { label: t("fields.from"), value: m.from, testId: "move-from" },
            { label: t("fields.to"), value: m.to, testId: "move-to" },
            { label: t("fields.requestedBy"), value: `${m.requestedBy ?? "—"} · ${formatDateTime(m.createdAt)}` },
            { label: t("fields.note"), value: m.note, testId: "move-note" },
            ...(m.status !== "PENDING"
              ? [
                  { label: t("fields.decidedBy"), value: `${m.decidedBy ?? m.requestedBy ?? "—"} · ${formatDateTime(m.decidedAt)}` },
                  { label: t("fields.decisionReason"), value: m.decisionReason, testId: "move-reason" },
                ]
              : []),
          ]}
        />
      </Card>
      {r && m.status === "PENDING" && (
        <Card title={t("fields.resident")} testId="move-record">
          <Facts
            items={[
              { label: t("fields.sexAge"), value: `${tp(`sex.${r.sex}`)} · ${tp("residents.ageYears", { age: r.age })}` },
              { label: t("fields.grid"), value: r.grid },
              { label: t("fields.house"), value: r.house ?? tp("residents.noHouse") },
              {
                label: t("fields.household"),
                value:
                  r.inHousehold
                    ? t("household", {
                        no: r.householdNo ?? t("householdNoNumber"),
                        relation: r.relationToHead ? tp(`relation.${r.relationToHead}`) : "—",
                        count: r.otherMembers,
                      })
                    : t("noHousehold"),
              },
            ]}
          />
          {r.deleted && <p className="mt-2 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">{t("deletedRecord")}</p>}
        </Card>
      )}
      {m.side === "holder" && <MoveDecision id={m.id} version={m.version} to={m.to} open={m.canDecide} />}
      {m.canWithdraw && <MoveWithdraw id={m.id} version={m.version} />}
    </div>
  );
}
