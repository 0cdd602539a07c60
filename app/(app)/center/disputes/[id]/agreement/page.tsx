import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AgreementSheet } from "@/components/center/agreement-sheet";
import { PrintButton } from "@/components/center/print-button";
import { getAgreementPrint } from "@/lib/center/data";
import { found } from "@/lib/center/pages";
import { requireViewer } from "@/lib/server/auth";

/** The agreement ready to print (the browser's print or "save as PDF"), with a server PDF beside it. */
export default async function AgreementPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const { id } = await params;
  const [a, t] = await Promise.all([found(getAgreementPrint(viewer, id)), getTranslations("center")]);
  return (
    <div className="space-y-3 bg-slate-100 py-2">
      <div className="no-print flex flex-wrap items-center gap-3 text-sm">
        <Link href={`/center/disputes/${a.id}`} className="text-brand-700 hover:underline">‹ {t("print.back")}</Link>
        <PrintButton label={t("print.printNow")} />
        <a href={`/center/disputes/${a.id}/agreement/pdf`} className="text-brand-700 hover:underline" data-testid="pdf-link">{t("dispute.pdf")}</a>
      </div>
      <AgreementSheet a={a} />
    </div>
  );
}
