"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { decideImportAction } from "@/lib/people/actions";
import type { PeopleJob } from "@/lib/people/jobs";
import { formatDateTime } from "./ui";

interface Summary {
  phase?: "validated" | "done";
  total?: number;
  valid?: number;
  existing?: number;
  invalid?: number;
  created?: number;
  housesCreated?: number;
  householdsCreated?: number;
  errors?: { line: number; column: string; message: string; value?: string }[];
  rows?: number;
}

/** Uploads a spreadsheet to the import endpoint, refusing an oversize one before sending it. */
export function UploadForm({ maxBytes, canImport }: { maxBytes: number; canImport: boolean }) {
  const t = useTranslations("people.imports");
  const router = useRouter();
  const [registry, setRegistry] = useState("residents");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  if (!canImport) return null;
  const mb = Math.round(maxBytes / 1024 / 1024);
  return (
    <form
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 sm:p-4"
      data-testid="upload-form"
      onSubmit={(e) => {
        e.preventDefault();
        const file = new FormData(e.currentTarget).get("file");
        if (!(file instanceof File) || file.size === 0) return;
        if (file.size > maxBytes) return setError(t("tooLarge", { mb }));
        start(async () => {
          setError(null);
          try {
            const res = await fetch(`/api/files/imports?registry=${registry}`, {
              method: "POST",
              body: file,
              headers: { "X-File-Name": encodeURIComponent(file.name), "Content-Type": "application/octet-stream" },
            });
            const result = (await res.json()) as { ok: boolean; message?: string };
            if (!result.ok) return setError(result.message ?? "");
            (e.target as HTMLFormElement).reset();
            router.refresh();
          } catch {
            setError(t("failed", { error: "network" }));
          }
        });
      }}
    >
      <h2 className="font-medium">{t("upload")}</h2>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <label className="block text-sm">
          <span className="text-slate-700">{t("registry")}</span>
          <select className="mt-1 w-full rounded border border-slate-300 bg-white px-3 py-2 text-sm" value={registry} onChange={(e) => setRegistry(e.target.value)} name="registry">
            <option value="residents">{t("registryResidents")}</option>
            <option value="houses">{t("registryHouses")}</option>
            <option value="places">{t("registryPlaces")}</option>
            <option value="facilities">{t("registryFacilities")}</option>
          </select>
        </label>
        <label className="block text-sm">
          <span className="text-slate-700">{t("file", { mb })}</span>
          <input name="file" type="file" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required className="mt-1 block w-full text-sm" />
        </label>
      </div>
      <button type="submit" disabled={pending} className="rounded bg-brand-600 px-4 py-2 text-sm font-medium text-white disabled:opacity-60" data-testid="upload">
        {pending ? t("uploading") : t("submit")}
      </button>
      {error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="upload-error">
          {error}
        </p>
      )}
    </form>
  );
}

/**
 * The viewer's recent imports and exports. While any is queued or running the list
 * refreshes itself; everything shown comes from the database, so a reload loses nothing.
 */
export function JobList({ jobs }: { jobs: PeopleJob[] }) {
  const t = useTranslations("people.imports");
  const te = useTranslations("errors");
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const active = jobs.some((j) => j.status === "QUEUED" || j.status === "RUNNING");
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), 1500);
    return () => clearInterval(timer);
  }, [active, router]);

  if (!jobs.length) return <p className="text-sm text-slate-500">{t("noJobs")}</p>;
  const decide = (id: string, decision: "valid" | "nothing") =>
    start(async () => {
      setError(null);
      const r = await decideImportAction({ id, decision });
      if (!r.ok) setError(r.message);
      router.refresh();
    });

  return (
    <ul className="space-y-3" data-testid="jobs">
      {error && (
        <li role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </li>
      )}
      {jobs.map((j) => {
        const s = (j.result ?? {}) as Summary;
        const isImport = j.kind === "people.import";
        const labelKey = `${isImport ? "registry" : "export"}${(j.registry ?? "").charAt(0).toUpperCase()}${(j.registry ?? "").slice(1)}`;
        const registryLabel = t.has(labelKey as never) ? t(labelKey as never) : (j.registry ?? "");
        return (
          <li key={j.id} className="rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="job" data-status={j.status} data-kind={j.kind}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="font-medium">
                {isImport ? t("kindImport") : t("kindExport")} · {registryLabel}
              </span>
              <span className="text-xs text-slate-500">{formatDateTime(j.createdAt)}</span>
            </div>
            {j.fileName && <div className="text-xs text-slate-500">{t("fileName", { name: j.fileName })}</div>}
            {(j.status === "QUEUED" || j.status === "RUNNING") && (
              <div className="mt-2" data-testid="progress">
                <div className="h-2 w-full overflow-hidden rounded bg-slate-100">
                  <div className="h-2 bg-brand-600 transition-all" style={{ width: `${j.total ? Math.min(100, Math.round((j.progress / j.total) * 100)) : 5}%` }} />
                </div>
                <p className="mt-1 text-xs text-slate-600">
                  {j.status === "QUEUED" ? t("queued") : j.total ? t("running", { progress: j.progress, total: j.total }) : t("runningUnknown", { progress: j.progress })}
                </p>
              </div>
            )}
            {j.status === "WAITING" && (
              <div className="mt-2 space-y-2">
                <p data-testid="check-summary">{t("checked", { total: s.total ?? 0, valid: s.valid ?? 0, existing: s.existing ?? 0, invalid: s.invalid ?? 0 })}</p>
                <ErrorTable errors={s.errors ?? []} invalid={s.invalid ?? 0} />
                <div className="flex flex-wrap gap-2">
                  <button
                    type="button"
                    disabled={pending || !s.valid}
                    className="rounded bg-brand-600 px-3 py-1.5 text-white disabled:opacity-50"
                    data-testid="import-valid"
                    onClick={() => decide(j.id, "valid")}
                  >
                    {t("importValid")}
                  </button>
                  <button type="button" disabled={pending} className="rounded border border-slate-300 px-3 py-1.5" data-testid="import-nothing" onClick={() => decide(j.id, "nothing")}>
                    {t("importNothing")}
                  </button>
                  {j.fileId && (
                    <a className="px-1 py-1.5 text-brand-700" href={`/api/files/${j.fileId}`} download>
                      {t("report")}
                    </a>
                  )}
                </div>
              </div>
            )}
            {j.status === "DONE" && isImport && (
              <div className="mt-2 space-y-1 text-emerald-800" data-testid="import-done">
                <p>
                  {j.registry === "houses"
                    ? t("doneHouses", { houses: s.housesCreated ?? 0, households: s.householdsCreated ?? 0, existing: s.existing ?? 0, invalid: s.invalid ?? 0 })
                    : t("done", { created: s.created ?? 0, existing: s.existing ?? 0, invalid: s.invalid ?? 0 })}
                </p>
                {j.fileId && (
                  <a className="text-brand-700" href={`/api/files/${j.fileId}`} download>
                    {t("report")}
                  </a>
                )}
              </div>
            )}
            {j.status === "DONE" && !isImport && (
              <div className="mt-2 flex flex-wrap items-center gap-3">
                <span>{t("exportDone", { rows: s.rows ?? 0 })}</span>
                {j.fileId && (
                  <a className="rounded bg-brand-600 px-3 py-1.5 text-white" href={`/api/files/${j.fileId}`} download data-testid="download">
                    {t("download")}
                  </a>
                )}
              </div>
            )}
            {j.status === "CANCELLED" && <p className="mt-2 text-slate-600">{t("cancelled")}</p>}
            {j.status === "FAILED" && (
              <p className="mt-2 text-red-700" role="alert">
                {t("failed", { error: j.error && te.has(j.error as never) ? te(j.error as never, { mb: 20 } as never) : (j.error ?? "") })}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function ErrorTable({ errors, invalid }: { errors: NonNullable<Summary["errors"]>; invalid: number }) {
  const t = useTranslations("people.imports");
  const ti = useTranslations("people.importErrors");
  if (!errors.length) return null;
  return (
    <div>
      <h3 className="text-xs font-medium text-slate-700">{t("errorsTitle")}</h3>
      <div className="mt-1 max-h-64 overflow-auto rounded border border-slate-200">
        <table className="w-full text-left text-xs" data-testid="row-errors">
          <thead className="sticky top-0 bg-slate-50">
            <tr>
              <th className="px-2 py-1">#</th>
              <th className="px-2 py-1">{ti("column")}</th>
              <th className="px-2 py-1">{ti("message")}</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e, i) => (
              <tr key={i} className="border-t border-slate-100 align-top">
                <td className="px-2 py-1 whitespace-nowrap">{t("errorLine", { line: e.line })}</td>
                <td className="px-2 py-1 whitespace-nowrap">{e.column}</td>
                <td className="px-2 py-1">
                  {e.message}
                  {e.value ? <span className="ml-1 text-slate-400">（{e.value}）</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {invalid > errors.length && <p className="mt-1 text-xs text-slate-500">{t("moreErrors", { count: invalid - errors.length })}</p>}
    </div>
  );
}
