import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { VisitHistoryLink } from "@/components/grid/visit-history-link";
import { HistoryList } from "@/components/people/history";
import { RecordActions } from "@/components/people/record-actions";
import { Badge, ButtonLink, CARE_TONE, Card, Facts, PageHeader, TIER_TONE, formatDate, formatDateTime } from "@/components/people/ui";
import { deleteHouseholdAction, restoreHouseholdAction, verifyHouseholdAction } from "@/lib/people/actions";
import { getHousehold } from "@/lib/people/data";
import { orNotFound } from "@/lib/people/pages";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "家庭信息" };

export default async function HouseholdPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer();
  const [h, t, locale] = await Promise.all([orNotFound(getHousehold(viewer, id)), getTranslations("people"), getLocale()]);
  const canEdit = can(viewer.role, "people.edit");
  const overdue = h.nextVisitDue.getTime() < Date.now();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span>{h.head?.name ?? t("households.noHead")}</span>
            {h.householdNo && <span className="font-mono text-base text-slate-500">{h.householdNo}</span>}
            <Badge tone={TIER_TONE[h.visitTier]}>{t(`visitTierShort.${h.visitTier}`)}</Badge>
            <Badge tone={h.dataState === "VERIFIED" ? "green" : "slate"}>{t(`dataState.${h.dataState}`)}</Badge>
            {h.deletedAt && <Badge tone="red">{t("common.deleted")}</Badge>}
          </span>
        }
        subtitle={<Link href="/grid/households" className="text-brand-700">{t("common.back")}</Link>}
        actions={canEdit && !h.deletedAt && <ButtonLink href={`/grid/households/${h.id}/edit`} testId="edit">{t("common.edit")}</ButtonLink>}
      />
      {h.deletedAt && <p className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">{t("common.deletedNotice", { date: formatDate(h.deletedAt), reason: h.deleteReason ?? "" })}</p>}
      <Card>
        <Facts
          items={[
            { label: t("fields.householdNo"), value: h.householdNo },
            { label: t("fields.grid"), value: h.grid.name },
            { label: t("fields.address"), value: h.house ? <Link className="text-brand-700" href={`/grid/houses/${h.house.id}`}>{h.house.address}</Link> : t("households.noHouse") },
            { label: t("fields.visitTier"), value: t(`visitTier.${h.visitTier}`) },
            { label: t("fields.lastVisitAt"), value: h.lastVisitAt ? formatDate(h.lastVisitAt) : t("households.never") },
            { label: t("fields.nextVisitDue"), value: <span className={overdue ? "text-red-700" : ""}>{formatDate(h.nextVisitDue)}{overdue ? ` · ${t("households.overdue")}` : ""}</span> },
          ]}
        />
        {/* grid module (visits): the household's visit history and "log a visit" */}
        <div className="mt-2"><VisitHistoryLink householdId={h.id} /></div>
      </Card>
      <Card
        title={`${t("households.membersTitle")} (${h.members.length})`}
        actions={canEdit && !h.deletedAt && <Link className="text-sm text-brand-700" href={`/grid/residents/new?householdId=${h.id}&gridId=${h.gridId}${h.houseId ? `&houseId=${h.houseId}` : ""}`}>{t("residents.addMember")}</Link>}
      >
        {h.members.length === 0 ? (
          <p className="text-sm text-slate-500">{t("households.noMembers")}</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="members">
            {h.members.map((m) => (
              <li key={m.id} className="py-2">
                <div className="flex flex-wrap items-center gap-2">
                  <Link href={`/grid/residents/${m.id}`} className="font-medium text-brand-700">{m.name}</Link>
                  <span className="text-xs text-slate-500">
                    {m.relationToHead ? t(`relation.${m.relationToHead}`) : ""} · {t(`sex.${m.sex}`)} · {t("residents.ageYears", { age: m.age })}
                  </span>
                  {m.state && m.state !== "TOGETHER" && <Badge tone="amber">{t(`state.${m.state}`)}</Badge>}
                  {m.tags.map((g) => (
                    <Badge key={g.id} tone={CARE_TONE[g.careLevel as 1 | 2 | 3] ?? "blue"}>{locale === "en" ? g.nameEn : g.name}</Badge>
                  ))}
                </div>
                <div className="font-mono text-xs text-slate-500">{m.idMasked}</div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t("common.recordInfo")}>
        <Facts
          items={[
            { label: t("fields.createdBy"), value: `${h.createdByName ?? "—"} · ${formatDateTime(h.createdAt)}` },
            { label: t("fields.verifiedBy"), value: h.verifiedByName ? `${h.verifiedByName} · ${formatDateTime(h.verifiedAt)}` : "—" },
          ]}
        />
        <div className="mt-3">
          <RecordActions
            id={h.id}
            version={h.version}
            deleted={!!h.deletedAt}
            verified={h.dataState === "VERIFIED"}
            canEdit={canEdit}
            canVerify={can(viewer.role, "people.verify")}
            ownRecord={h.createdByViewer}
            verify={verifyHouseholdAction}
            remove={deleteHouseholdAction}
            restore={restoreHouseholdAction}
          />
        </div>
      </Card>
      <HistoryList items={h.history} />
    </div>
  );
}
