"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { createSentimentAction, searchLinkTargetsAction, updateSentimentAction } from "@/lib/grid/actions";
import { SENTIMENT_KINDS } from "@/lib/grid/dictionary";
import { fromCnInput } from "@/lib/visits/calendar";
import { Field, FormError, inputClass, SubmitButton, useSubmit } from "./form";
import { GridSelect, type GridOption } from "./grid-select";

export interface LinkRef {
  id: string;
  name: string;
}

export interface SentimentFormValues {
  id?: string;
  version?: number;
  gridId: number;
  kind: (typeof SENTIMENT_KINDS)[number];
  content: string;
  /** datetime-local value, China time. */
  recordedAt: string;
  resident: LinkRef | null;
  place: LinkRef | null;
}

type Found = { residents: (LinkRef & { detail: string | null })[]; places: (LinkRef & { detail: string | null })[] };

/** Search residents and places of the grid by name and pick one of each kind. */
function LinkPicker({ gridId, resident, place, onResident, onPlace, errors }: {
  gridId: number;
  resident: LinkRef | null;
  place: LinkRef | null;
  onResident: (r: LinkRef | null) => void;
  onPlace: (p: LinkRef | null) => void;
  errors: Record<string, string>;
}) {
  const t = useTranslations("grid.sentiments");
  const [q, setQ] = useState("");
  const [found, setFound] = useState<Found | null>(null);
  useEffect(() => {
    const query = q.trim();
    if (!query) return setFound(null);
    let stale = false;
    const timer = setTimeout(async () => {
      const r = await searchLinkTargetsAction({ gridId, q: query });
      if (!stale && r.ok) setFound(r.data);
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [q, gridId]);

  const chip = (label: string, ref: LinkRef, clear: () => void, testId: string) => (
    <span data-testid={testId} className="inline-flex items-center gap-1 rounded bg-brand-50 px-2 py-1 text-sm text-brand-700">
      {t("linkedAs", { label, name: ref.name })}
      <button type="button" onClick={clear} aria-label={t("unlink")} className="px-1 text-brand-700">
        ×
      </button>
    </span>
  );

  return (
    <div className="space-y-2">
      <Field label={t("fields.link")} hint={t("linkHint")} error={errors.residentId ?? errors.placeId}>
        <input className={inputClass} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("linkPlaceholder")} maxLength={40} />
      </Field>
      {found && (
        <ul className="max-h-48 divide-y divide-slate-100 overflow-auto rounded border border-slate-200 bg-white text-sm">
          {found.residents.map((r) => (
            <li key={r.id}>
              <button type="button" className="w-full px-3 py-2 text-left hover:bg-slate-50" onClick={() => (onResident(r), setQ(""))}>
                {t("linkedAs", { label: t("resident"), name: r.name })} <span className="text-xs text-slate-500">{r.detail}</span>
              </button>
            </li>
          ))}
          {found.places.map((p) => (
            <li key={p.id}>
              <button type="button" className="w-full px-3 py-2 text-left hover:bg-slate-50" onClick={() => (onPlace(p), setQ(""))}>
                {t("linkedAs", { label: t("place"), name: p.name })} <span className="text-xs text-slate-500">{p.detail}</span>
              </button>
            </li>
          ))}
          {!found.residents.length && !found.places.length && <li className="px-3 py-2 text-slate-500">{t("linkNone")}</li>}
        </ul>
      )}
      <div className="flex flex-wrap gap-2">
        {resident && chip(t("resident"), resident, () => onResident(null), "linked-resident")}
        {place && chip(t("place"), place, () => onPlace(null), "linked-place")}
      </div>
    </div>
  );
}

export function SentimentForm({ initial, grids, now }: { initial: SentimentFormValues; grids: GridOption[]; now: string }) {
  const t = useTranslations("grid.sentiments");
  const tf = useTranslations("grid.form");
  const router = useRouter();
  const [v, setV] = useState(initial);
  const { pending, message, fieldErrors, submit } = useSubmit();
  const set = <K extends keyof SentimentFormValues>(k: K, value: SentimentFormValues[K]) => setV((old) => ({ ...old, [k]: value }));

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const fields = {
      gridId: v.gridId,
      kind: v.kind,
      content: v.content,
      recordedAt: fromCnInput(v.recordedAt),
      residentId: v.resident?.id ?? null,
      placeId: v.place?.id ?? null,
    };
    submit(
      () => (v.id ? updateSentimentAction({ ...fields, id: v.id, version: v.version! }) : createSentimentAction(fields)),
      (r) => {
        router.push(`/grid/sentiments/${r.id}`);
        router.refresh();
      },
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate data-testid="sentiment-form">
      <FormError message={message} />
      <GridSelect
        options={grids}
        value={v.gridId}
        onChange={(id) => setV((old) => ({ ...old, gridId: id, resident: null, place: null }))}
        error={fieldErrors.gridId}
        moving={!!v.id}
      />
      <fieldset>
        <legend className="text-sm text-slate-700">{t("fields.kind")}</legend>
        <div className="mt-1 flex flex-wrap gap-2">
          {SENTIMENT_KINDS.map((k) => (
            <label key={k} className={`cursor-pointer rounded border px-3 py-1.5 text-sm ${v.kind === k ? "border-brand-600 bg-brand-50 text-brand-700" : "border-slate-300 bg-white text-slate-700"}`}>
              <input type="radio" name="kind" value={k} checked={v.kind === k} onChange={() => set("kind", k)} className="sr-only" />
              {t(`kinds.${k}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <Field label={t("fields.content")} error={fieldErrors.content}>
        <textarea className={`${inputClass} min-h-28`} name="content" maxLength={2000} value={v.content} onChange={(e) => set("content", e.target.value)} />
      </Field>
      <Field label={t("fields.recordedAt")} error={fieldErrors.recordedAt}>
        <input className={inputClass} type="datetime-local" name="recordedAt" max={now} value={v.recordedAt} onChange={(e) => set("recordedAt", e.target.value)} />
      </Field>
      <LinkPicker
        gridId={v.gridId}
        resident={v.resident}
        place={v.place}
        onResident={(r) => set("resident", r)}
        onPlace={(p) => set("place", p)}
        errors={fieldErrors}
      />
      <div className="flex gap-2 pt-1">
        <SubmitButton pending={pending} testId="sentiment-submit">
          {tf("save")}
        </SubmitButton>
        <button type="button" onClick={() => router.back()} className="rounded border border-slate-300 bg-white px-4 py-2 text-sm text-slate-700">
          {tf("cancel")}
        </button>
      </div>
    </form>
  );
}
