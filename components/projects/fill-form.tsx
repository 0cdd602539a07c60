"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useRef, useState, useTransition } from "react";
import { newRequestKey, shrinkPhoto } from "@/components/dispatch/client-utils";
import { submitFormAction } from "@/lib/projects/actions";
import { validateSubmission, visibleKeys, type TemplateField } from "@/lib/projects/templates";
import { FormRenderer, type RendererContext } from "./form-renderer";
import { buttonClass } from "./ui";

/** The worker's form for one record (or a free entry): checked in the browser first, then by the server. */
export function FillForm({
  taskId,
  itemId,
  version,
  initial,
  context,
}: {
  taskId: string;
  itemId: string | null;
  version: { id: string; no: number; fields: TemplateField[] };
  initial: Record<string, unknown>;
  context: RendererContext;
}) {
  const t = useTranslations("projects");
  const router = useRouter();
  const [pending, start] = useTransition();
  const [values, setValues] = useState<Record<string, unknown>>(initial);
  const [photos, setPhotos] = useState<Record<string, File[]>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  // One key per filled-in form: a double tap or a retry after a lost answer saves once.
  const requestKey = useRef(newRequestKey());

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const shown = visibleKeys(version.fields, values);
    const answers = Object.fromEntries(Object.entries(values).filter(([k, v]) => shown.has(k) && v !== undefined && v !== ""));
    // The browser's check uses the same rules as the server; photos count with the new files.
    const withPhotos: Record<string, unknown> = { ...answers };
    for (const f of version.fields)
      if (f.type === "photo") withPhotos[f.key] = [...((answers[f.key] as string[] | undefined) ?? []), ...(photos[f.key] ?? []).map((_, i) => `+${i}`)];
    const local = validateSubmission(version.fields, withPhotos);
    if (Object.keys(local.errors).length) {
      setErrors(Object.fromEntries(Object.entries(local.errors).map(([k, code]) => [k, t(`problems.${code}` as never)])));
      setMessage(t("fill.fixBelow", { count: Object.keys(local.errors).length }));
      document.querySelector(`[data-field="${Object.keys(local.errors)[0]}"]`)?.scrollIntoView({ block: "center" });
      return;
    }
    setErrors({});
    start(async () => {
      const shrunk: Record<string, File[]> = {};
      for (const [key, files] of Object.entries(photos)) if (shown.has(key) && files.length) shrunk[key] = await Promise.all(files.map(shrinkPhoto));
      const r = await submitFormAction({
        taskId,
        ...(itemId ? { itemId } : {}),
        templateVersionId: version.id,
        requestKey: requestKey.current,
        answers,
        ...(Object.keys(shrunk).length ? { photos: shrunk } : {}),
      });
      if (r.ok) {
        router.push(`/projects/submissions/${r.data.id}`);
        return;
      }
      setMessage(r.message);
      const fieldErrors: Record<string, string> = {};
      for (const [k, v] of Object.entries(r.fieldErrors ?? {})) fieldErrors[k.replace(/^answers\./, "")] = v;
      setErrors(fieldErrors);
    });
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-5" data-testid="fill-form">
      <FormRenderer
        fields={version.fields}
        values={values}
        onChange={(key, value) => setValues((old) => ({ ...old, [key]: value }))}
        photos={photos}
        onPhotos={(key, files) => setPhotos((old) => ({ ...old, [key]: files }))}
        errors={errors}
        context={context}
      />
      {message && <p className="rounded-md bg-red-50 p-3 text-sm text-red-800" role="alert" data-testid="form-error">{message}</p>}
      <div className="sticky bottom-0 -mx-4 border-t border-slate-200 bg-white/95 px-4 py-3 backdrop-blur">
        <button type="submit" className={`${buttonClass} w-full py-3 text-base`} disabled={pending} data-testid="submit-form">
          {pending ? t("fill.submitting") : t("fill.submit")}
        </button>
      </div>
    </form>
  );
}
