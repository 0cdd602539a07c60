"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { TileConfig } from "@/components/map/grid-map";
import { pointInPolygon, type PolygonalGeometry } from "@/lib/geo";
import { Field, inputClass, numberOrNull } from "./form";
import { GridDetailMapLoader } from "./grid-detail-map-loader";

export interface PointValue {
  lat: string;
  lng: string;
}

function isPolygonal(value: unknown): value is PolygonalGeometry {
  const g = value as { type?: string } | null;
  return !!g && (g.type === "Polygon" || g.type === "MultiPolygon");
}

/**
 * A record's map point: tap the map, use the phone's location, or type the numbers. The
 * grid's boundary is drawn so the point can be put inside it; the server checks anyway.
 */
export function PointPicker({
  value,
  onChange,
  boundary,
  tiles,
  error,
}: {
  value: PointValue;
  onChange: (v: PointValue) => void;
  boundary: unknown;
  tiles: TileConfig;
  error?: string;
}) {
  const t = useTranslations("grid.point");
  const [locating, setLocating] = useState(false);
  const [geoError, setGeoError] = useState<string | null>(null);
  const lat = numberOrNull(value.lat);
  const lng = numberOrNull(value.lng);
  const picked = lat != null && lng != null && Number.isFinite(lat) && Number.isFinite(lng) ? { lat, lng } : null;
  const outside = picked && isPolygonal(boundary) && !pointInPolygon(picked.lng, picked.lat, boundary);

  function locate() {
    if (!("geolocation" in navigator)) return setGeoError(t("noGeolocation"));
    setLocating(true);
    setGeoError(null);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        onChange({ lat: pos.coords.latitude.toFixed(6), lng: pos.coords.longitude.toFixed(6) });
      },
      () => {
        setLocating(false);
        setGeoError(t("geolocationFailed"));
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  }

  return (
    <fieldset className="space-y-2">
      <legend className="text-sm text-slate-700">{t("legend")}</legend>
      <GridDetailMapLoader
        boundary={boundary}
        tiles={tiles}
        height={220}
        picked={picked}
        onPick={(p) => onChange({ lat: String(p.lat), lng: String(p.lng) })}
      />
      <p className="text-xs text-slate-500">{t("hint")}</p>
      <div className="grid grid-cols-2 gap-2">
        <Field label={t("lat")} error={error}>
          <input className={inputClass} inputMode="decimal" name="lat" value={value.lat} onChange={(e) => onChange({ ...value, lat: e.target.value })} />
        </Field>
        <Field label={t("lng")}>
          <input className={inputClass} inputMode="decimal" name="lng" value={value.lng} onChange={(e) => onChange({ ...value, lng: e.target.value })} />
        </Field>
      </div>
      {outside && !error && <p className="text-xs text-amber-700">{t("outsideWarning")}</p>}
      {geoError && <p className="text-xs text-red-700">{geoError}</p>}
      <div className="flex flex-wrap gap-2">
        <button type="button" onClick={locate} disabled={locating} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700 disabled:opacity-60">
          {locating ? t("locating") : t("useLocation")}
        </button>
        {(value.lat || value.lng) && (
          <button type="button" onClick={() => onChange({ lat: "", lng: "" })} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700">
            {t("clear")}
          </button>
        )}
      </div>
    </fieldset>
  );
}
