import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Badge, Card, Facts, fmt, PageHeader } from "@/components/center/ui";
import { getIntake } from "@/lib/center/data";
import { found } from "@/lib/center/pages";
import { requireViewer } from "@/lib/server/auth";

export default async function IntakeDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const { id } = await params;
  const [r, t] = await Promise.all([found(getIntake(viewer, id)), getTranslations("center")]);
  return (
    <div className="mx-auto max-w-3xl space-y-4" data-testid="intake-detail">
      <PageHeader
        title={t("intake.detail")}
        subtitle={
          <span className="flex flex-wrap items-center gap-1.5">
            <Link href={`/center/visitors/${r.visitor.id}`} className="font-medium text-brand-700 hover:underline" data-testid="visitor-link">{r.visitor.name}</Link>
            <Badge>{t(`channels.${r.channel}`)}</Badge>
            {r.repeatCount > 0 && <Badge tone="amber">{t("repeat.badge", { count: r.repeatCount + 1 })}</Badge>}
          </span>
        }
      />
      <Card>
        <Facts
          items={[
            { label: t("intake.receivedAt"), value: fmt(r.receivedAt) },
            { label: t("common.center"), value: r.unit.name },
            { label: t("intake.matterType"), value: t(`matterTypes.${r.matterType}`) },
            { label: t("intake.topic"), value: t(`topics.${r.topic}`) },
            { label: t("intake.content"), value: r.content },
            { label: t("intake.handling"), value: t(`handlings.${r.handling}`) },
            ...(r.answer ? [{ label: r.handling === "LEGAL_CONSULTATION" ? t("intake.legalAdvice") : t("intake.answer"), value: r.answer }] : []),
            ...(r.consultant ? [{ label: t("intake.consultant"), value: r.consultant }] : []),
            ...(r.createdByName ? [{ label: t("common.registeredBy"), value: r.createdByName }] : []),
          ]}
        />
        <div className="mt-3 flex flex-wrap gap-3 text-sm">
          {r.disputeId && <Link className="text-brand-700 hover:underline" href={`/center/disputes/${r.disputeId}`}>{t("intake.openDispute")}</Link>}
          {r.petitionId && <Link className="text-brand-700 hover:underline" href={`/center/petitions/${r.petitionId}`}>{t("intake.openPetition")}</Link>}
          {r.eventId && <Link className="text-brand-700 hover:underline" href={`/dispatch/${r.eventId}`}>{t("intake.openEvent")}</Link>}
        </div>
      </Card>
    </div>
  );
}
