"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { SENTIMENT_KINDS, VISIT_METHODS } from "@/lib/grid/dictionary";
import { fromCnInput, toCnInput } from "@/lib/visits/calendar";
import { logVisitAction } from "@/lib/visits/actions";
import { MAX_VISIT_PHOTOS } from "@/lib/visits/schemas";
import { downscalePhoto } from "./downscale";
import { Field, FormError, inputClass, SubmitButton, useSubmit } from "./form";

export interface Member {
  id: string;
  name: string;
}

/**
 * Logging one visit: when, how, who was met, what was found, photos, the phone's location
 * and "needs follow-up" (which also records a sentiment entry). Everything is saved in
 * one request, or nothing is.
 */
export function LogVisitForm({ householdId, members, onDone, onCancel }: { householdId: string; members: Member[]; onDone: (nextDue: string | null) => void; onCancel?: () => void }) {
  const t = useTranslations("grid.visits");
  const ts = useTranslations("grid.sentiments");
  const tf = useTranslations("grid.form");
  const tp = useTranslations("grid.point");
  const [visitedAt, setVisitedAt] = useState(() => toCnInput(new Date()));
  const [method, setMethod] = useState<(typeof VISIT_METHODS)[number]>("IN_PERSON");
  const [met, setMet] = useState<string[]>([]);
  const [metOther, setMetOther] = useState("");
  const [findings, setFindings] = useState("");
  const [photos, setPhotos] = useState<File[]>([]);
  const [point, setPoint] = useState<{ lat: number; lng: number } | null>(null);
  const [locating, setLocating] = useState(false);
  const [geoError, setGeoError] = useState<string | null>(null);
  const [followUp, setFollowUp] = useState(false);
  const [followUpKind, setFollowUpKind] = useState<(typeof SENTIMENT_KINDS)[number]>("REQUEST");
  const [followUpContent, setFollowUpContent] = useState("");
  const [followUpResidentId, setFollowUpResidentId] = useState("");
  const { pending, message, fieldErrors, submit } = useSubmit();
  // The action nests the visit under `data`; show its field errors beside the fields.
  const err = (field: string) => fieldErrors[`data.${field}`] ?? fieldErrors[field];

  function toggle(name: string) {
    setMet((old) => (old.includes(name) ? old.filter((n) => n !== name) : [...old, name]));
  }

  function locate() {
    if (!("geolocation" in navigator)) return setGeoError(tp("noGeolocation"));
    setLocating(true);
    setGeoError(null);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        setPoint({ lat: Math.round(pos.coords.latitude * 1e6) / 1e6, lng: Math.round(pos.coords.longitude * 1e6) / 1e6 });
      },
      () => {
        setLocating(false);
        setGeoError(tp("geolocationFailed"));
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  }

  async function pickPhotos(files: FileList | null) {
    const chosen = Array.from(files ?? []).slice(0, MAX_VISIT_PHOTOS);
    setPhotos(await Promise.all(chosen.map(downscalePhoto)));
  }

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const metNames = [...met, metOther.trim()].filter(Boolean).join("、");
    const data = {
      householdId,
      visitedAt: fromCnInput(visitedAt),
      method,
      metNames,
      findings,
      lat: point?.lat ?? null,
      lng: point?.lng ?? null,
      needsFollowUp: followUp,
      followUpKind: followUp ? followUpKind : null,
      followUpContent: followUp ? followUpContent : null,
      followUpResidentId: followUp && followUpResidentId ? followUpResidentId : null,
    };
    const form = new FormData();
    form.set("data", JSON.stringify(data));
    for (const p of photos) form.append("photos", p);
    submit(() => logVisitAction(form), (r) => onDone(r.nextVisitDue));
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3 rounded-lg border border-brand-100 bg-brand-50/40 p-3" noValidate data-testid="log-visit-form">
      <FormError message={message} />
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
        <Field label={t("fields.visitedAt")} error={err("visitedAt")}>
          <input className={inputClass} type="datetime-local" name="visitedAt" value={visitedAt} max={toCnInput(new Date())} onChange={(e) => setVisitedAt(e.target.value)} />
        </Field>
        <fieldset>
          <legend className="text-sm text-slate-700">{t("fields.method")}</legend>
          <div className="mt-1 flex gap-1">
            {VISIT_METHODS.map((m) => (
              <label key={m} className={`flex-1 cursor-pointer rounded border px-2 py-2 text-center text-sm ${method === m ? "border-brand-600 bg-white font-medium text-brand-700" : "border-slate-300 bg-white text-slate-700"}`}>
                <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} className="sr-only" />
                {t(`methods.${m}`)}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      <fieldset>
        <legend className="text-sm text-slate-700">{t("fields.metNames")}</legend>
        {members.length > 0 && (
          <div className="mt-1 flex flex-wrap gap-1">
            {members.map((m) => (
              <button
                key={m.id}
                type="button"
                aria-pressed={met.includes(m.name)}
                onClick={() => toggle(m.name)}
                className={`rounded-full border px-3 py-1 text-sm ${met.includes(m.name) ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-700"}`}
              >
                {m.name}
              </button>
            ))}
          </div>
        )}
        <input className={`${inputClass} mt-1`} name="metOther" maxLength={100} value={metOther} onChange={(e) => setMetOther(e.target.value)} aria-label={t("fields.metNames")} />
        {err("metNames") && <span className="text-xs text-red-700">{err("metNames")}</span>}
      </fieldset>
      <Field label={t("fields.findings")} error={err("findings")}>
        <textarea className={`${inputClass} min-h-20`} name="findings" maxLength={2000} value={findings} onChange={(e) => setFindings(e.target.value)} />
      </Field>
      <Field label={t("fields.photos")} error={fieldErrors.photos}>
        <input type="file" name="photos" accept="image/jpeg,image/png,image/webp" capture="environment" multiple onChange={(e) => pickPhotos(e.target.files)} className="block w-full text-sm" />
      </Field>
      <div className="space-y-1 text-sm">
        {point ? (
          <p className="flex flex-wrap items-center gap-2 text-slate-700">
            {t("locationAttached", { lat: point.lat, lng: point.lng })}
            <button type="button" onClick={() => setPoint(null)} className="text-xs text-brand-700 underline">
              {t("removeLocation")}
            </button>
          </p>
        ) : (
          <button type="button" onClick={locate} disabled={locating} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700 disabled:opacity-60">
            {locating ? tp("locating") : t("addLocation")}
          </button>
        )}
        {(err("lat") || geoError) && <p className="text-xs text-red-700">{err("lat") ?? geoError}</p>}
      </div>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" checked={followUp} onChange={(e) => setFollowUp(e.target.checked)} className="mt-1 h-4 w-4" name="needsFollowUp" />
        <span>{t("fields.needsFollowUp")}</span>
      </label>
      {followUp && (
        <div className="space-y-2 border-l-2 border-amber-300 pl-3">
          <div className="grid grid-cols-2 gap-2">
            <Field label={t("fields.followUpKind")}>
              <select className={inputClass} value={followUpKind} onChange={(e) => setFollowUpKind(e.target.value as (typeof SENTIMENT_KINDS)[number])}>
                {SENTIMENT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {ts(`kinds.${k}`)}
                  </option>
                ))}
              </select>
            </Field>
            {members.length > 0 && (
              <Field label={t("fields.followUpResidentId")} error={err("followUpResidentId") ?? err("residentId")}>
                <select className={inputClass} value={followUpResidentId} onChange={(e) => setFollowUpResidentId(e.target.value)}>
                  <option value="">—</option>
                  {members.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.name}
                    </option>
                  ))}
                </select>
              </Field>
            )}
          </div>
          <Field label={t("fields.followUpContent")} error={err("followUpContent")}>
            <textarea className={`${inputClass} min-h-16`} name="followUpContent" maxLength={2000} value={followUpContent} onChange={(e) => setFollowUpContent(e.target.value)} />
          </Field>
        </div>
      )}
      <div className="flex gap-2">
        <SubmitButton pending={pending} testId="log-visit-submit" className="flex-1 sm:flex-none">
          {t("log")}
        </SubmitButton>
        {onCancel && (
          <button type="button" onClick={onCancel} className="rounded border border-slate-300 bg-white px-4 py-2 text-sm text-slate-700">
            {tf("cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
