import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AnswerWhistle } from "@/components/center/simple-forms";
import { Badge, Card, Facts, fmt, PageHeader } from "@/components/center/ui";
import { getWhistle } from "@/lib/center/data";
import { found } from "@/lib/center/pages";
import { requireViewer } from "@/lib/server/auth";

export default async function WhistlePage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const { id } = await params;
  const [w, t] = await Promise.all([found(getWhistle(viewer, id)), getTranslations("center")]);
  return (
    <div className="mx-auto max-w-3xl space-y-4" data-testid="whistle-detail" data-status={w.status}>
      <PageHeader
        title={`${t("whistle.title")} · ${w.department.name}`}
        subtitle={
          <span className="flex flex-wrap items-center gap-1.5">
            <Badge tone={w.status === "REPORTED" ? "green" : w.late ? "red" : "blue"}>{t(`whistleStatus.${w.status}`)}{w.late ? ` · ${t("common.late")}` : ""}</Badge>
            <span>{w.unit.name}</span>
          </span>
        }
      />
      <Card>
        <Facts
          items={[
            { label: t("whistle.case"), value: w.caseHref ? <Link className="text-brand-700 hover:underline" href={w.caseHref}>{w.caseLabel}</Link> : w.caseLabel },
            { label: t("whistle.reason"), value: w.reason },
            { label: t("whistle.blownAt"), value: fmt(w.blownAt) },
            { label: t("whistle.dueAt"), value: fmt(w.reportDueAt) },
            { label: t("whistle.reportedAt"), value: fmt(w.reportedAt) },
            { label: t("whistle.reportNote"), value: w.reportNote ?? "—" },
          ]}
        />
      </Card>
      {w.canAnswer && (
        <Card title={t("whistle.report")}>
          <AnswerWhistle id={w.id} version={w.version} />
        </Card>
      )}
    </div>
  );
}
