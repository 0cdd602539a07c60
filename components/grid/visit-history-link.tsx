import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** A household's visit history and "log a visit" (/grid/visits/household/[id]), for other pages to link to. */
export async function VisitHistoryLink({ householdId }: { householdId: string }) {
  const t = await getTranslations("grid.visits");
  return (
    <Link href={`/grid/visits/household/${householdId}`} className="text-sm text-brand-700" data-testid="visit-history-link">
      {t("history")} ›
    </Link>
  );
}
