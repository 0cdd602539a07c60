"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { importBoundariesAction } from "@/lib/admin/actions";
import { Field, Notice, useSubmit } from "./form";
import { buttonClass } from "./ui";

const MAX_BYTES = 230_000;

/** Grid boundaries from a GeoJSON FeatureCollection: all features are saved, or none. */
export function BoundaryImportForm() {
  const t = useTranslations("admin.territory");
  const te = useTranslations("errors");
  const router = useRouter();
  const { pending, message, submit, setMessage } = useSubmit();
  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const file = new FormData(e.currentTarget).get("file");
    if (!(file instanceof File) || file.size === 0) return;
    if (file.size > MAX_BYTES) return setMessage({ ok: false, text: t("geojsonTooLarge") });
    const geojson = await file.text();
    submit(() => importBoundariesAction({ geojson }), (r) => {
      router.refresh();
      const warnings = r.warnings.map((w) => `${w.code}: ${te(w.key as never, w.values as never)}`);
      return [t("geojsonDone", { updated: r.updated, created: r.created }), ...warnings].join(" ");
    });
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" data-testid="geojson-import">
      <p className="text-sm text-slate-600">{t("geojsonHelp")}</p>
      <Field label={t("geojsonFile")}>
        <input name="file" type="file" accept=".geojson,.json,application/geo+json,application/json" required className="block w-full text-sm" />
      </Field>
      <button type="submit" disabled={pending} className={buttonClass}>{t("geojsonSubmit")}</button>
      <Notice message={message} />
    </form>
  );
}
