import { getTranslations } from "next-intl/server";

export async function ServiceBusy() {
  const t = await getTranslations("busy");
  return (
    <main className="mx-auto mt-24 max-w-md rounded-lg border border-amber-300 bg-amber-50 p-6 text-center" role="alert">
      <h1 className="text-lg font-semibold text-amber-900">{t("title")}</h1>
      <p className="mt-2 text-amber-800">{t("body")}</p>
      <a href="" className="mt-4 inline-block rounded bg-amber-600 px-4 py-2 text-white">
        {t("retry")}
      </a>
    </main>
  );
}
