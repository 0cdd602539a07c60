"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState, useTransition } from "react";
import type { MapFeature, TileConfig } from "@/components/map/grid-map";
import { convertSentimentAction, findDuplicatesAction, linkCandidatesAction, reportEventAction } from "@/lib/dispatch/actions";
import { pointInPolygon, type PolygonalGeometry } from "@/lib/geo";
import { newRequestKey, shrinkPhoto } from "./client-utils";
import { MapPickerLoader } from "./map-picker-loader";
import type { PickerPoint } from "./map-picker";

interface CategoryNode {
  id: number;
  name: string;
  nameEn: string;
  children: { id: number; name: string; nameEn: string }[];
}

type Source = "GRID_REPORT" | "CENTER_INTAKE" | "PROJECT_FINDING" | "LEADER_ASSIGNMENT";
type LinkRef = { kind: "RESIDENT" | "PLACE" | "FACILITY"; targetId: string; label: string };

export interface ReportFormProps {
  categories: CategoryNode[];
  grids: MapFeature[];
  sources: readonly Source[];
  asksContact: boolean;
  tiles: TileConfig;
  sentiment?: { id: string; content: string; gridId: number; point: PickerPoint | null } | null;
}

const field = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base sm:text-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600";

/** The report form: phone first (one column, big targets), a map to tap the place on. */
export function ReportForm({ categories, grids, sources, asksContact, tiles, sentiment }: ReportFormProps) {
  const t = useTranslations("dispatch");
  const locale = useLocale();
  const router = useRouter();
  const [pending, start] = useTransition();
  // One key per filled-in form: a double tap or a retry after a lost answer creates one event.
  const requestKey = useRef(newRequestKey());
  const [categoryId, setCategoryId] = useState<number | "">("");
  const [urgency, setUrgency] = useState<"NORMAL" | "URGENT" | "CRITICAL">("NORMAL");
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState(sentiment?.content ?? "");
  const [point, setPoint] = useState<PickerPoint | null>(sentiment?.point ?? null);
  const [gridChoice, setGridChoice] = useState<number | "">(sentiment?.gridId ?? "");
  const [address, setAddress] = useState("");
  const [source, setSource] = useState<Source>(sources[0]);
  const [contactName, setContactName] = useState("");
  const [contactPhone, setContactPhone] = useState("");
  const [photos, setPhotos] = useState<File[]>([]);
  const [links, setLinks] = useState<LinkRef[]>([]);
  const [linkQuery, setLinkQuery] = useState("");
  const [linkResults, setLinkResults] = useState<LinkRef[]>([]);
  const [duplicates, setDuplicates] = useState<{ id: string; no: number; title: string; metres: number }[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [locating, setLocating] = useState(false);

  const detected = useMemo(() => {
    if (!point) return null;
    return grids.find((g) => pointInPolygon(point.lng, point.lat, g.geometry as PolygonalGeometry)) ?? null;
  }, [point, grids]);
  const gridId = gridChoice === "" ? (detected?.id ?? null) : gridChoice;

  // Likely duplicates: the same category nearby in recent days.
  useEffect(() => {
    if (!categoryId || !point) return setDuplicates([]);
    let live = true;
    const timer = setTimeout(async () => {
      const r = await findDuplicatesAction({ categoryId, lat: point.lat, lng: point.lng });
      if (live && r.ok) setDuplicates(r.data);
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [categoryId, point]);

  const locate = () => {
    if (!navigator.geolocation) return setMessage(t("form.noGeolocation"));
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        setPoint({ lat: Math.round(pos.coords.latitude * 1e6) / 1e6, lng: Math.round(pos.coords.longitude * 1e6) / 1e6 });
      },
      () => {
        setLocating(false);
        setMessage(t("form.geolocationFailed"));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const searchLinks = async () => {
    if (!gridId || !linkQuery.trim()) return;
    const r = await linkCandidatesAction({ gridId, q: linkQuery.trim() });
    if (r.ok) setLinkResults(r.data);
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setMessage(null);
    setErrors({});
    const local: Record<string, string> = {};
    if (!categoryId) local.categoryId = t("form.required");
    if (!point) local.lat = t("form.pickPoint");
    if (Object.keys(local).length) return setErrors(local);
    start(async () => {
      const files = await Promise.all(photos.map(shrinkPhoto));
      const common = {
        requestKey: requestKey.current,
        categoryId: categoryId as number,
        urgency,
        title,
        lat: point!.lat,
        lng: point!.lng,
        ...(gridChoice !== "" && gridChoice !== detected?.id ? { gridId: gridChoice } : {}),
        ...(files.length ? { photos: files } : {}),
      };
      const result = sentiment
        ? await convertSentimentAction({ ...common, sentimentId: sentiment.id, ...(description ? { description } : {}) })
        : await reportEventAction({
            ...common,
            description,
            ...(address ? { address } : {}),
            ...(sources.length > 1 || source !== "GRID_REPORT" ? { source } : {}),
            ...(asksContact && contactName ? { contactName } : {}),
            ...(asksContact && contactPhone ? { contactPhone } : {}),
            ...(links.length ? { links: links.map(({ kind, targetId }) => ({ kind, targetId })) } : {}),
          });
      if (result.ok) {
        router.push(`/dispatch/${result.data.id}`);
        return;
      }
      setMessage(result.message);
      setErrors(result.fieldErrors ?? {});
    });
  };

  const err = (name: string) => errors[name] && <p className="mt-1 text-sm text-red-700">{errors[name]}</p>;
  const label = (c: { name: string; nameEn: string }) => (locale === "en" ? c.nameEn : c.name);

  return (
    <form onSubmit={submit} className="mx-auto max-w-2xl space-y-4" data-testid="report-form" noValidate>
      {sentiment && <p className="rounded-md bg-teal-50 p-3 text-sm text-teal-900">{t("form.fromSentiment")}</p>}
      <div>
        <label className="block text-sm font-medium" htmlFor="categoryId">{t("fields.category")}</label>
        <select id="categoryId" name="categoryId" className={field} value={categoryId} onChange={(e) => setCategoryId(e.target.value ? Number(e.target.value) : "")} required>
          <option value="">{t("form.chooseCategory")}</option>
          {categories.map((top) => (
            <optgroup key={top.id} label={label(top)}>
              {top.children.map((c) => (
                <option key={c.id} value={c.id}>{label(c)}</option>
              ))}
            </optgroup>
          ))}
        </select>
        {err("categoryId")}
      </div>
      <fieldset>
        <legend className="text-sm font-medium">{t("fields.urgency")}</legend>
        <div className="mt-1 grid grid-cols-3 gap-2">
          {(["NORMAL", "URGENT", "CRITICAL"] as const).map((u) => (
            <label key={u} className={`cursor-pointer rounded-md border px-3 py-2 text-center text-sm ${urgency === u ? (u === "CRITICAL" ? "border-red-600 bg-red-600 text-white" : u === "URGENT" ? "border-orange-500 bg-orange-50 text-orange-900" : "border-brand-600 bg-brand-50 text-brand-900") : "border-slate-300 bg-white"}`}>
              <input type="radio" name="urgency" value={u} checked={urgency === u} onChange={() => setUrgency(u)} className="sr-only" />
              {t(`urgency.${u}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <label className="block text-sm font-medium" htmlFor="title">{t("fields.title")}</label>
        <input id="title" name="title" className={field} value={title} maxLength={100} onChange={(e) => setTitle(e.target.value)} placeholder={t("form.titleHint")} />
        {err("title")}
      </div>
      <div>
        <label className="block text-sm font-medium" htmlFor="description">{t("fields.description")}</label>
        <textarea id="description" name="description" rows={4} className={field} value={description} maxLength={4000} onChange={(e) => setDescription(e.target.value)} placeholder={t("form.descriptionHint")} />
        {err("description")}
      </div>
      <div>
        <div className="flex items-center justify-between gap-2">
          <span className="text-sm font-medium">{t("fields.location")}</span>
          <button type="button" onClick={locate} disabled={locating} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-brand-50" data-testid="use-location">
            {locating ? t("form.locating") : t("form.useMyLocation")}
          </button>
        </div>
        <p className="mb-1 text-xs text-slate-500">{t("form.tapToPlace")}</p>
        <MapPickerLoader features={grids} tiles={tiles} value={point} onChange={setPoint} highlight={gridId} />
        <p className="mt-1 text-sm" data-testid="detected-grid">
          {point ? (detected ? t("form.detectedGrid", { grid: detected.properties.name }) : <span className="text-red-700">{t("form.outsideGrids")}</span>) : <span className="text-slate-500">{t("form.noPoint")}</span>}
        </p>
        {err("lat")}
        {point && (
          <div className="mt-2">
            <label className="block text-xs text-slate-600" htmlFor="gridId">{t("form.correctGrid")}</label>
            <select id="gridId" className={field} value={gridChoice} onChange={(e) => setGridChoice(e.target.value ? Number(e.target.value) : "")}>
              <option value="">{detected ? t("form.keepDetected", { grid: detected.properties.name }) : t("form.chooseGrid")}</option>
              {grids.map((g) => (
                <option key={g.id} value={g.id}>{g.properties.name}</option>
              ))}
            </select>
            {err("gridId")}
          </div>
        )}
      </div>
      {duplicates.length > 0 && (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="duplicates">
          <p className="font-medium text-amber-900">{t("form.duplicatesTitle")}</p>
          <ul className="mt-1 space-y-1">
            {duplicates.map((d) => (
              <li key={d.id}>
                <Link href={`/dispatch/${d.id}`} target="_blank" className="text-brand-700 underline">#{d.no} {d.title}</Link>
                <span className="text-amber-800"> · {t("form.metresAway", { metres: d.metres })}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {!sentiment && (
        <div>
          <label className="block text-sm font-medium" htmlFor="address">{t("fields.address")}</label>
          <input id="address" className={field} value={address} maxLength={200} onChange={(e) => setAddress(e.target.value)} />
        </div>
      )}
      <div>
        <label className="block text-sm font-medium" htmlFor="photos">{t("fields.photos")}</label>
        <input
          id="photos"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          multiple
          className="mt-1 block w-full text-sm"
          onChange={(e) => setPhotos(Array.from(e.target.files ?? []).slice(0, 4))}
        />
        {photos.length > 0 && <p className="mt-1 text-xs text-slate-500">{t("form.photoCount", { count: photos.length })}</p>}
        {err("photos")}
      </div>
      {!sentiment && gridId && (
        <div>
          <span className="block text-sm font-medium">{t("fields.links")}</span>
          <div className="mt-1 flex gap-2">
            <input className={field} value={linkQuery} maxLength={40} onChange={(e) => setLinkQuery(e.target.value)} placeholder={t("form.linkHint")} aria-label={t("fields.links")} />
            <button type="button" onClick={searchLinks} className="mt-1 shrink-0 rounded-md border border-slate-300 bg-white px-3 text-sm">{t("form.search")}</button>
          </div>
          {linkResults.length > 0 && (
            <ul className="mt-1 divide-y rounded-md border border-slate-200 bg-white text-sm">
              {linkResults.map((l) => (
                <li key={`${l.kind}${l.targetId}`}>
                  <button type="button" className="w-full px-3 py-2 text-left hover:bg-brand-50" onClick={() => setLinks((ls) => (ls.some((x) => x.targetId === l.targetId) ? ls : [...ls, l]))}>
                    {t(`linkKinds.${l.kind}`)} · {l.label}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {links.length > 0 && (
            <ul className="mt-2 flex flex-wrap gap-2">
              {links.map((l) => (
                <li key={l.targetId} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs">
                  {t(`linkKinds.${l.kind}`)} · {l.label}
                  <button type="button" className="ml-1 text-slate-500" aria-label={t("form.remove")} onClick={() => setLinks((ls) => ls.filter((x) => x.targetId !== l.targetId))}>×</button>
                </li>
              ))}
            </ul>
          )}
          {err("links")}
        </div>
      )}
      {sources.length > 1 && (
        <div>
          <label className="block text-sm font-medium" htmlFor="source">{t("fields.source")}</label>
          <select id="source" className={field} value={source} onChange={(e) => setSource(e.target.value as Source)}>
            {sources.map((s) => (
              <option key={s} value={s}>{t(`sources.${s}`)}</option>
            ))}
          </select>
        </div>
      )}
      {asksContact && !sentiment && (
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <div>
            <label className="block text-sm font-medium" htmlFor="contactName">{t("fields.contactName")}</label>
            <input id="contactName" className={field} value={contactName} maxLength={64} onChange={(e) => setContactName(e.target.value)} />
          </div>
          <div>
            <label className="block text-sm font-medium" htmlFor="contactPhone">{t("fields.contactPhone")}</label>
            <input id="contactPhone" inputMode="tel" className={field} value={contactPhone} maxLength={20} onChange={(e) => setContactPhone(e.target.value)} />
            {err("contactPhone")}
          </div>
        </div>
      )}
      {message && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800" data-testid="form-error">
          {message}
        </p>
      )}
      <button type="submit" disabled={pending} className="w-full rounded-md bg-brand-600 px-4 py-3 text-base font-medium text-white hover:bg-brand-700 disabled:opacity-60" data-testid="submit-report">
        {pending ? t("form.submitting") : sentiment ? t("form.submitConvert") : t("form.submit")}
      </button>
    </form>
  );
}
