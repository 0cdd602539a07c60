"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { importDivisionsAction } from "@/lib/territory/actions";

const MAX_BYTES = 5_000_000;

export function ImportDivisionsForm() {
  const t = useTranslations("admin");
  const te = useTranslations("errors");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const file = new FormData(e.currentTarget).get("file");
    if (!(file instanceof File) || file.size === 0) return;
    if (file.size > MAX_BYTES) return setMessage({ ok: false, text: te("PAYLOAD_TOO_LARGE") });
    setPending(true);
    const result = await importDivisionsAction({ csv: await file.text() });
    setPending(false);
    setMessage(result.ok ? { ok: true, text: t("result", { ...result.data }) } : { ok: false, text: result.message });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3">
      <p className="text-sm text-slate-600">{t("importHelp")}</p>
      <label className="block text-sm">
        <span>{t("file")}</span>
        <input name="file" type="file" accept=".csv,text/csv" required className="mt-1 block w-full text-sm" />
      </label>
      <button type="submit" disabled={pending} className="rounded bg-brand-600 px-4 py-2 text-white disabled:opacity-60">{t("submit")}</button>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "text-green-700" : "text-red-700"}>
          {message.text}
        </p>
      )}
    </form>
  );
}
