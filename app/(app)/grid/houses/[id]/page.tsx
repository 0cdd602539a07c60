import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { HistoryList } from "@/components/people/history";
import { RecordActions } from "@/components/people/record-actions";
import { Reveal } from "@/components/people/reveal";
import { Badge, ButtonLink, Card, Facts, PageHeader, TIER_TONE, formatDate, formatDateTime } from "@/components/people/ui";
import { deleteHouseAction, restoreHouseAction, revealLandlordPhoneAction, verifyHouseAction } from "@/lib/people/actions";
import { getHouse } from "@/lib/people/data";
import { orNotFound } from "@/lib/people/pages";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "房屋信息" };

export default async function HousePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer();
  const [h, t] = await Promise.all([orNotFound(getHouse(viewer, id)), getTranslations("people")]);
  const canEdit = can(viewer.role, "people.edit");
  const actual = h.occupantList.filter((o) => o.livesHere).length;
  const crowded = h.permittedOccupants != null && actual > h.permittedOccupants;
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span>{h.address}</span>
            <Badge tone={h.dataState === "VERIFIED" ? "green" : "slate"}>{t(`dataState.${h.dataState}`)}</Badge>
            {h.deletedAt && <Badge tone="red">{t("common.deleted")}</Badge>}
          </span>
        }
        subtitle={<Link href="/grid/houses" className="text-brand-700">{t("common.back")}</Link>}
        actions={canEdit && !h.deletedAt && <ButtonLink href={`/grid/houses/${h.id}/edit`} testId="edit">{t("common.edit")}</ButtonLink>}
      />
      {h.deletedAt && <p className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">{t("common.deletedNotice", { date: formatDate(h.deletedAt), reason: h.deleteReason ?? "" })}</p>}
      <Card>
        <Facts
          items={[
            { label: t("fields.grid"), value: h.grid.name },
            { label: t("fields.address"), value: [h.building, h.unitNo, h.room].filter(Boolean).join(" / ") },
            { label: t("fields.use"), value: t(`houseUse.${h.use}`) },
            { label: t("fields.tenure"), value: t(`tenure.${h.tenure}`) },
            { label: t("fields.landlordName"), value: h.landlordName },
            {
              label: t("fields.landlordPhone"),
              value: <Reveal masked={h.landlordPhoneMasked} canReveal={can(viewer.role, "people.reveal")} reveal={revealLandlordPhoneAction.bind(null, { id: h.id })} />,
            },
            {
              label: t("fields.occupants"),
              value: (
                <span className={crowded ? "text-red-700" : ""}>
                  {h.permittedOccupants != null ? t("houses.occupancy", { permitted: h.permittedOccupants, actual }) : actual}
                  {crowded && ` · ${t("houses.overcrowded", { actual, permitted: h.permittedOccupants! })}`}
                </span>
              ),
            },
            { label: t("fields.households"), value: h.households },
          ]}
        />
      </Card>
      <Card
        title={t("houses.householdsTitle")}
        actions={canEdit && !h.deletedAt && <Link className="text-sm text-brand-700" href={`/grid/households/new?gridId=${h.gridId}&houseId=${h.id}`}>{t("houses.addHousehold")}</Link>}
      >
        {h.householdList.length === 0 ? (
          <p className="text-sm text-slate-500">{t("houses.noHouseholds")}</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {h.householdList.map((hh) => (
              <li key={hh.id} className="flex flex-wrap items-center gap-2 py-1.5">
                <Link className="font-medium text-brand-700" href={`/grid/households/${hh.id}`}>{hh.head ?? t("households.noHead")}</Link>
                {hh.householdNo && <span className="font-mono text-xs text-slate-500">{hh.householdNo}</span>}
                <Badge tone={TIER_TONE[hh.visitTier]}>{t(`visitTierShort.${hh.visitTier}`)}</Badge>
                <span className="text-xs text-slate-500">{t("households.memberCount", { count: hh.memberCount })}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card
        title={h.tenure === "RENTED" ? t("houses.tenantsTitle") : t("houses.occupantsTitle")}
        actions={canEdit && !h.deletedAt && <Link className="text-sm text-brand-700" href={`/grid/residents/new?gridId=${h.gridId}&houseId=${h.id}`}>{t("residents.new")}</Link>}
      >
        {h.occupantList.length === 0 ? (
          <p className="text-sm text-slate-500">{t("houses.noOccupants")}</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {h.occupantList.map((o) => (
              <li key={o.id} className="flex flex-wrap items-center gap-2 py-1.5">
                <Link className="font-medium text-brand-700" href={`/grid/residents/${o.id}`}>{o.name}</Link>
                <span className="font-mono text-xs text-slate-500">{o.idMasked}</span>
                <Badge>{t(`residenceType.${o.residenceType}`)}</Badge>
                {o.state && o.state !== "TOGETHER" && <Badge tone="amber">{t(`state.${o.state}`)}</Badge>}
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
            verify={verifyHouseAction}
            remove={deleteHouseAction}
            restore={restoreHouseAction}
          />
        </div>
      </Card>
      <HistoryList items={h.history} />
    </div>
  );
}
