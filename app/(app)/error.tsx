"use client";
import { useTranslations } from "next-intl";

// Errors escaping a page: by the time one lands here it is either the database being
// unreachable mid-render or a bug; both get the same calm "busy, retry" answer.
export default function AppError({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations("busy");
  return (
    <div className="mx-auto mt-16 max-w-md rounded-lg border border-amber-300 bg-amber-50 p-6 text-center" role="alert">
      <h1 className="text-lg font-semibold text-amber-900">{t("title")}</h1>
      <p className="mt-2 text-amber-800">{t("body")}</p>
      <button type="button" onClick={reset} className="mt-4 rounded bg-amber-600 px-4 py-2 text-white">{t("retry")}</button>
    </div>
  );
}
