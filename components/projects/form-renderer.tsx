"use client";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { MapPickerLoader } from "@/components/dispatch/map-picker-loader";
import type { MapFeature, TileConfig } from "@/components/map/grid-map";
import { searchRecordsAction } from "@/lib/projects/actions";
import { DEFAULT_MAX_PHOTOS, isFinding, visibleKeys, type PointAnswer, type RecordAnswer, type TemplateField } from "@/lib/projects/templates";
import { inputClass, secondaryButtonClass } from "./ui";

export interface RendererContext {
  /** The task, for searching its grid's records (absent in the builder's preview). */
  taskId?: string;
  grid?: MapFeature | null;
  tiles?: TileConfig;
}

/**
 * A template version as a form, phone first: one column, large targets, the conditions
 * applied as the answers change (the same `visibleKeys` the server checks with). Photo
 * fields keep the previous entry's photos (attachment ids in `values`) and new files in
 * `photos`.
 */
export function FormRenderer({
  fields,
  values,
  onChange,
  photos = {},
  onPhotos,
  errors = {},
  context = {},
  preview = false,
}: {
  fields: TemplateField[];
  values: Record<string, unknown>;
  onChange: (key: string, value: unknown) => void;
  photos?: Record<string, File[]>;
  onPhotos?: (key: string, files: File[]) => void;
  errors?: Record<string, string>;
  context?: RendererContext;
  preview?: boolean;
}) {
  const t = useTranslations("projects.fill");
  const shown = useMemo(() => visibleKeys(fields, values), [fields, values]);
  return (
    <div className="space-y-5" data-testid="form-renderer">
      {fields
        .filter((f) => shown.has(f.key))
        .map((f) => (
          <div key={f.key} data-field={f.key} data-type={f.type} className="min-w-0">
            <FieldLabel field={f} />
            {f.help && <p className="text-xs text-slate-500">{f.help}</p>}
            <FieldInput field={f} value={values[f.key]} onChange={(v) => onChange(f.key, v)} photos={photos[f.key] ?? []} onPhotos={(files) => onPhotos?.(f.key, files)} context={context} preview={preview} />
            {isFinding(f, values[f.key]) && (
              <p className="mt-1 rounded bg-red-50 px-2 py-1 text-xs font-medium text-red-800" data-testid="finding-hint">{t("findingHint")}</p>
            )}
            {errors[f.key] && <p className="mt-1 text-sm text-red-700" data-testid="field-error">{errors[f.key]}</p>}
          </div>
        ))}
    </div>
  );
}

function FieldLabel({ field }: { field: TemplateField }) {
  const t = useTranslations("projects.fill");
  return (
    <label className="block text-sm font-medium text-slate-900" htmlFor={`f-${field.key}`}>
      {field.label}
      {field.required && <span className="ml-0.5 text-red-600" aria-label={t("required")}>*</span>}
    </label>
  );
}

const choiceClass = (on: boolean) =>
  `flex min-h-11 cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm ${on ? "border-brand-600 bg-brand-50 text-brand-900" : "border-slate-300 bg-white"}`;

function FieldInput({
  field,
  value,
  onChange,
  photos,
  onPhotos,
  context,
  preview,
}: {
  field: TemplateField;
  value: unknown;
  onChange: (v: unknown) => void;
  photos: File[];
  onPhotos: (files: File[]) => void;
  context: RendererContext;
  preview: boolean;
}) {
  const t = useTranslations("projects");
  const id = `f-${field.key}`;
  switch (field.type) {
    case "text":
      return <input id={id} className={inputClass} value={(value as string) ?? ""} maxLength={field.maxLength ?? 200} onChange={(e) => onChange(e.target.value)} />;
    case "longText":
      return <textarea id={id} rows={3} className={inputClass} value={(value as string) ?? ""} maxLength={field.maxLength ?? 2000} onChange={(e) => onChange(e.target.value)} />;
    case "number":
      return (
        <input
          id={id}
          type="number"
          inputMode={field.integer ? "numeric" : "decimal"}
          className={inputClass}
          value={value === undefined || value === null ? "" : String(value)}
          min={field.min}
          max={field.max}
          step={field.integer ? 1 : "any"}
          onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
        />
      );
    case "date":
      return <input id={id} type="date" className={inputClass} value={(value as string) ?? ""} onChange={(e) => onChange(e.target.value || undefined)} />;
    case "single":
      return (
        <div className="mt-1 grid gap-2 sm:grid-cols-2" role="radiogroup" id={id}>
          {(field.options ?? []).map((o) => (
            <label key={o.value} className={choiceClass(value === o.value)}>
              <input type="radio" name={id} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
              {o.label}
            </label>
          ))}
        </div>
      );
    case "multi": {
      const picked = Array.isArray(value) ? (value as string[]) : [];
      return (
        <div className="mt-1 grid gap-2 sm:grid-cols-2" id={id}>
          {(field.options ?? []).map((o) => (
            <label key={o.value} className={choiceClass(picked.includes(o.value))}>
              <input type="checkbox" value={o.value} checked={picked.includes(o.value)} onChange={(e) => onChange(e.target.checked ? [...picked, o.value] : picked.filter((x) => x !== o.value))} />
              {o.label}
            </label>
          ))}
        </div>
      );
    }
    case "yesNo":
      return (
        <div className="mt-1 grid grid-cols-2 gap-2" role="radiogroup" id={id}>
          {([true, false] as const).map((b) => (
            <label key={String(b)} className={choiceClass(value === b)}>
              <input type="radio" name={id} value={String(b)} checked={value === b} onChange={() => onChange(b)} />
              {b ? t("answers.yes") : t("answers.no")}
            </label>
          ))}
        </div>
      );
    case "photo":
      return <PhotoInput id={id} field={field} kept={Array.isArray(value) ? (value as string[]) : []} onKept={onChange} photos={photos} onPhotos={onPhotos} preview={preview} />;
    case "point":
      return <PointInput id={id} value={(value as PointAnswer | undefined) ?? null} onChange={onChange} context={context} preview={preview} />;
    case "record":
      return <RecordInput id={id} field={field} value={(value as RecordAnswer | undefined) ?? null} onChange={onChange} context={context} preview={preview} />;
  }
}

function PhotoInput({ id, field, kept, onKept, photos, onPhotos, preview }: { id: string; field: TemplateField; kept: string[]; onKept: (v: unknown) => void; photos: File[]; onPhotos: (f: File[]) => void; preview: boolean }) {
  const t = useTranslations("projects.fill");
  const max = field.maxPhotos ?? DEFAULT_MAX_PHOTOS;
  return (
    <div className="mt-1 space-y-2">
      {kept.length > 0 && (
        <ul className="flex flex-wrap gap-2">
          {kept.map((a) => (
            <li key={a} className="relative">
              {/* eslint-disable-next-line @next/next/no-img-element */}
              <img src={`/projects/files/${a}`} alt="" className="h-20 w-20 rounded object-cover" />
              <button type="button" className="absolute -right-1 -top-1 rounded-full bg-white px-1.5 text-xs text-red-700 shadow" onClick={() => onKept(kept.filter((x) => x !== a))} aria-label={t("removePhoto")}>×</button>
            </li>
          ))}
        </ul>
      )}
      <label className={`${secondaryButtonClass} cursor-pointer ${preview ? "pointer-events-none opacity-50" : ""}`}>
        <input
          id={id}
          type="file"
          accept="image/jpeg,image/png,image/webp"
          multiple
          disabled={preview}
          className="sr-only"
          onChange={(e) => onPhotos(Array.from(e.target.files ?? []).slice(0, Math.max(0, max - kept.length)))}
          data-testid="photo-input"
        />
        {t("addPhotos")}
      </label>
      {photos.length > 0 && <p className="break-all text-xs text-slate-600">{photos.map((f) => f.name).join("、")}</p>}
      <p className="text-xs text-slate-500">{t("photoLimit", { max, count: kept.length + photos.length })}</p>
    </div>
  );
}

function PointInput({ id, value, onChange, context, preview }: { id: string; value: PointAnswer | null; onChange: (v: unknown) => void; context: RendererContext; preview: boolean }) {
  const t = useTranslations("projects.fill");
  const [state, setState] = useState<"idle" | "locating" | "failed" | "unsupported">("idle");
  const locate = () => {
    if (!navigator.geolocation) return setState("unsupported");
    setState("locating");
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setState("idle");
        onChange({ lat: Math.round(pos.coords.latitude * 1e6) / 1e6, lng: Math.round(pos.coords.longitude * 1e6) / 1e6 });
      },
      () => setState("failed"),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };
  return (
    <div className="mt-1 space-y-2" id={id}>
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={secondaryButtonClass} onClick={locate} disabled={preview || state === "locating"} data-testid="use-location">
          {state === "locating" ? t("locating") : t("useLocation")}
        </button>
        {value && (
          <>
            <span className="text-sm tabular-nums text-slate-700" data-testid="point-value">{value.lat.toFixed(6)}, {value.lng.toFixed(6)}</span>
            <button type="button" className="text-xs text-slate-500 hover:underline" onClick={() => onChange(undefined)}>{t("clear")}</button>
          </>
        )}
      </div>
      {state === "failed" && <p className="text-xs text-red-700">{t("geolocationFailed")}</p>}
      {state === "unsupported" && <p className="text-xs text-red-700">{t("noGeolocation")}</p>}
      {!preview && context.grid && context.tiles && (
        <>
          <p className="text-xs text-slate-500">{t("tapToPlace")}</p>
          <MapPickerLoader features={[context.grid]} tiles={context.tiles} value={value} onChange={(p) => onChange(p)} highlight={context.grid.id} height={220} />
        </>
      )}
    </div>
  );
}

function RecordInput({ id, field, value, onChange, context, preview }: { id: string; field: TemplateField; value: RecordAnswer | null; onChange: (v: unknown) => void; context: RendererContext; preview: boolean }) {
  const t = useTranslations("projects.fill");
  const [q, setQ] = useState("");
  const [results, setResults] = useState<{ id: string; label: string }[] | null>(null);
  const [busy, setBusy] = useState(false);
  const search = async () => {
    if (!context.taskId || !q.trim() || !field.recordKind) return;
    setBusy(true);
    const r = await searchRecordsAction({ taskId: context.taskId, kind: field.recordKind, q: q.trim() });
    setBusy(false);
    setResults(r.ok ? r.data : []);
  };
  if (value)
    return (
      <div className="mt-1 flex items-center justify-between gap-2 rounded-md border border-brand-200 bg-brand-50 px-3 py-2 text-sm" id={id}>
        <span className="min-w-0 break-words" data-testid="record-chosen">{value.label ?? value.id}</span>
        <button type="button" className="shrink-0 text-xs text-slate-600 hover:underline" onClick={() => onChange(undefined)}>{t("change")}</button>
      </div>
    );
  return (
    <div className="mt-1" id={id}>
      <div className="flex gap-2">
        <input
          className={inputClass}
          value={q}
          maxLength={40}
          disabled={preview}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              void search();
            }
          }}
          placeholder={t("searchRecord")}
          aria-label={field.label}
        />
        <button type="button" className={`${secondaryButtonClass} mt-1 shrink-0`} disabled={preview || busy} onClick={search}>{t("search")}</button>
      </div>
      {results && (
        <ul className="mt-1 divide-y rounded-md border border-slate-200 bg-white text-sm">
          {results.length === 0 && <li className="px-3 py-2 text-slate-500">{t("noResults")}</li>}
          {results.map((r) => (
            <li key={r.id}>
              <button type="button" className="block w-full px-3 py-2 text-left hover:bg-brand-50" onClick={() => onChange({ id: r.id, label: r.label })}>{r.label}</button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
