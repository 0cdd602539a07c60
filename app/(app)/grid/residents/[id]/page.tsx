import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { HistoryList } from "@/components/people/history";
import { RecordActions } from "@/components/people/record-actions";
import { Reveal } from "@/components/people/reveal";
import { Badge, ButtonLink, CARE_TONE, Card, Facts, PageHeader, formatDate, formatDateTime } from "@/components/people/ui";
import { ethnicityName } from "@/lib/ethnicity";
import { deleteResidentAction, restoreResidentAction, revealResidentAction, verifyResidentAction } from "@/lib/people/actions";
import { getResident } from "@/lib/people/data";
import { orNotFound } from "@/lib/people/pages";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "居民信息" };

export default async function ResidentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer();
  const [r, t, locale] = await Promise.all([orNotFound(getResident(viewer, id)), getTranslations("people"), getLocale()]);
  const canReveal = can(viewer.role, "people.reveal");
  const canEdit = can(viewer.role, "people.edit");
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span data-testid="resident-title">{r.name}</span>
            <Badge tone={r.dataState === "VERIFIED" ? "green" : "slate"}>{t(`dataState.${r.dataState}`)}</Badge>
            {r.deletedAt && <Badge tone="red">{t("common.deleted")}</Badge>}
          </span>
        }
        subtitle={<Link href="/grid/residents" className="text-brand-700">{t("common.back")}</Link>}
        actions={canEdit && !r.deletedAt && <ButtonLink href={`/grid/residents/${r.id}/edit`} testId="edit">{t("common.edit")}</ButtonLink>}
      />
      {r.deletedAt && (
        <p className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">{t("common.deletedNotice", { date: formatDate(r.deletedAt), reason: r.deleteReason ?? "" })}</p>
      )}
      <Card>
        <Facts
          items={[
            { label: t("fields.idNumber"), value: <Reveal masked={r.idMasked} canReveal={canReveal} reveal={revealResidentAction.bind(null, { id: r.id, field: "idNumber" })} testId="id-number" /> },
            { label: t("fields.phone"), value: <Reveal masked={r.phoneMasked} canReveal={canReveal} reveal={revealResidentAction.bind(null, { id: r.id, field: "phone" })} testId="phone" /> },
            { label: t("fields.sex"), value: t(`sex.${r.sex}`) },
            { label: t("fields.age"), value: t("residents.ageYears", { age: r.age }) },
            { label: t("fields.ethnicity"), value: ethnicityName(r.ethnicity, locale) },
            { label: t("fields.residenceType"), value: t(`residenceType.${r.residenceType}`) },
            { label: t("fields.state"), value: r.state ? t(`state.${r.state}`) : "—", testId: "state" },
            { label: t("fields.employment"), value: r.employment },
            { label: t("fields.grid"), value: r.grid.name },
            {
              label: t("fields.household"),
              value: r.household ? (
                <Link className="text-brand-700" href={`/grid/households/${r.household.id}`}>
                  {r.household.householdNo ?? t("households.title")}
                  {r.relationToHead && ` · ${t(`relation.${r.relationToHead}`)}`}
                </Link>
              ) : (
                t("residents.noHousehold")
              ),
            },
            {
              label: t("fields.house"),
              value: r.house ? (
                <Link className="text-brand-700" href={`/grid/houses/${r.house.id}`}>
                  {r.house.address}
                </Link>
              ) : (
                t("residents.noHouse")
              ),
            },
            {
              label: t("fields.tags"),
              value: r.tags.length ? (
                <span className="flex flex-wrap gap-1">
                  {r.tags.map((g) => (
                    <Badge key={g.id} tone={CARE_TONE[g.careLevel as 1 | 2 | 3] ?? "blue"}>
                      {locale === "en" ? g.nameEn : g.name} · {t(`careLevel.${g.careLevel}` as never)}
                    </Badge>
                  ))}
                </span>
              ) : (
                t("residents.noTags")
              ),
            },
          ]}
        />
      </Card>
      <Card title={t("common.recordInfo")}>
        <Facts
          items={[
            { label: t("fields.createdBy"), value: `${r.createdByName ?? "—"} · ${formatDateTime(r.createdAt)}` },
            { label: t("fields.verifiedBy"), value: r.verifiedByName ? `${r.verifiedByName} · ${formatDateTime(r.verifiedAt)}` : "—" },
          ]}
        />
        <div className="mt-3">
          <RecordActions
            id={r.id}
            version={r.version}
            deleted={!!r.deletedAt}
            verified={r.dataState === "VERIFIED"}
            canEdit={canEdit}
            canVerify={can(viewer.role, "people.verify")}
            ownRecord={r.createdByViewer}
            verify={verifyResidentAction}
            remove={deleteResidentAction}
            restore={restoreResidentAction}
          />
        </div>
      </Card>
      {r.household && (
        <Card title={t("residents.householdMembers")}>
          {r.members.length === 0 ? (
            <p className="text-sm text-slate-500">{t("households.noMembers")}</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {r.members.map((m) => (
                <li key={m.id} className="flex justify-between py-1.5">
                  <Link href={`/grid/residents/${m.id}`} className="text-brand-700">
                    {m.name}
                  </Link>
                  <span className="text-slate-500">{m.relationToHead ? t(`relation.${m.relationToHead}`) : ""}</span>
                </li>
              ))}
            </ul>
          )}
          {canEdit && (
            <p className="mt-2 text-sm">
              <Link className="text-brand-700" href={`/grid/residents/new?householdId=${r.household.id}&gridId=${r.gridId}`}>
                {t("residents.addMember")}
              </Link>
            </p>
          )}
        </Card>
      )}
      <HistoryList items={r.history} />
    </div>
  );
}
