import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SentimentForm } from "@/components/grid/sentiment-form";
import { Card, PageHeader } from "@/components/grid/ui";
import { gridOptions } from "@/lib/grid/data";
import { found } from "@/lib/grid/pages";
import { getSentiment } from "@/lib/grid/sentiments-data";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";
import { toCnInput } from "@/lib/visits/calendar";

export const metadata: Metadata = { title: "编辑民情" };

export default async function EditSentimentPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  if (!can(viewer.role, "sentiments.edit")) notFound();
  const { id } = await params;
  const [s, grids, t] = await Promise.all([found(getSentiment(viewer, id)), gridOptions(viewer), getTranslations("grid.sentiments")]);
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title={t("editTitle")} subtitle={s.grid.name} />
      <Card>
        <SentimentForm
          initial={{
            id: s.id,
            version: s.version,
            gridId: s.grid.id,
            kind: s.kind,
            content: s.content,
            recordedAt: toCnInput(s.recordedAt),
            resident: s.resident,
            place: s.place,
          }}
          grids={grids}
          now={toCnInput(new Date())}
        />
      </Card>
    </div>
  );
}
