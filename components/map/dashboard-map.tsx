"use client";
import L from "leaflet";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { STATUSES, type Cluster } from "@/lib/dashboard/clusters";
import { decodeGeometry, type Encoded } from "@/lib/dashboard/geometry";
import { colourOf, NO_DATA, RISK_PALETTE, type ScaleKind } from "@/lib/dashboard/legend";
import { MEASURES, type Measure } from "@/lib/dashboard/schemas";
import { gcj02ToWgs84, wgs84ToGcj02 } from "@/lib/geo";
import { gridsUrl, layerQuery, measureUrl, requestJson, takeJson } from "./dashboard-map-data";
import type { TileConfig } from "./grid-map";
import "./dashboard-map.css";

// The dashboard's map: grid polygons coloured by a measure, event markers clustered on the
// server, a heat layer, and drill-down by clicking a grid. Data is stored in WGS-84; for
// GCJ-02 tiles every shape and marker is shifted for display, and the view's bounding box
// is shifted back before it goes to the server.

export interface DashboardMapProps {
  unitId: number;
  /** The grid layer's version (data.ts gridLayerVersion): the browser keeps each version. */
  gridVersion?: string;
  /** Filters every layer request carries (period, category). */
  query: Record<string, string>;
  /** Where drilling down goes, with these parameters kept. */
  basePath: string;
  tiles: TileConfig;
  center?: { lat: number; lng: number; zoom: number };
  initialMeasure?: Measure;
  dark?: boolean;
  height?: number | string;
  /** Changes when the page's data was refreshed (the big screen): the layers reload. */
  refreshKey?: string;
}

interface GridFeature {
  id: number;
  name: string;
  child: number;
  geometry: Encoded;
}

interface MeasureLayer {
  measure: Measure;
  kind: ScaleKind;
  breaks: number[];
  values: Record<string, number>;
}

const STATUS_COLOURS: Record<(typeof STATUSES)[number], string> = { overdue: "#dc2626", warning: "#f59e0b", open: "#2563eb", closed: "#16a34a" };

function donut(counts: number[], n: number, dark: boolean): { html: string; size: number } {
  const size = n === 1 ? 16 : Math.min(56, 26 + Math.log10(n) * 10);
  const r = size / 2;
  const total = counts.reduce((a, b) => a + b, 0) || 1;
  let angle = -Math.PI / 2;
  const arcs = counts
    .map((c, i) => {
      if (!c) return "";
      const colour = STATUS_COLOURS[STATUSES[i]];
      if (c === total) return `<circle cx="${r}" cy="${r}" r="${r - 1}" fill="${colour}"/>`;
      const a2 = angle + (2 * Math.PI * c) / total;
      const large = a2 - angle > Math.PI ? 1 : 0;
      const p = (a: number) => `${r + (r - 1) * Math.cos(a)},${r + (r - 1) * Math.sin(a)}`;
      const d = `M${r},${r} L${p(angle)} A${r - 1},${r - 1} 0 ${large} 1 ${p(a2)} Z`;
      angle = a2;
      return `<path d="${d}" fill="${colour}"/>`;
    })
    .join("");
  const hole = n === 1 ? "" : `<circle cx="${r}" cy="${r}" r="${r * 0.62}" fill="${dark ? "#0f172a" : "#ffffff"}"/>`;
  const label = n === 1 ? "" : `<text x="${r}" y="${r}" dy="0.35em" text-anchor="middle" font-size="${Math.max(10, r * 0.55)}" font-weight="600" fill="${dark ? "#e2e8f0" : "#0f172a"}">${n >= 10000 ? `${Math.round(n / 1000)}k` : n}</text>`;
  return { html: `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">${arcs}${hole}${label}</svg>`, size };
}

export default function DashboardMap({ unitId, gridVersion, query, basePath, tiles, center, initialMeasure = "open", dark = false, height = 520, refreshKey = "" }: DashboardMapProps) {
  const t = useTranslations("dashboard.map");
  const router = useRouter();
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const gridLayerRef = useRef<L.GeoJSON | null>(null);
  const clusterLayerRef = useRef<L.LayerGroup | null>(null);
  const heatLayerRef = useRef<L.Layer | null>(null);
  const gridsRef = useRef<GridFeature[]>([]);
  const [measure, setMeasure] = useState<Measure>(initialMeasure);
  const [legend, setLegend] = useState<MeasureLayer | null>(null);
  const [show, setShow] = useState({ grids: true, events: true, heat: false });
  const [inView, setInView] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);
  const gcj = tiles.crs === "GCJ02";
  const qs = layerQuery(query, unitId);
  // Which map the grids are drawn on and the view fitted to (the events follow), and which
  // filters the measure in `legend` was computed for: nothing of a previous unit is painted.
  const mapKey = `${unitId} ${gridVersion ?? ""} ${tiles.url ?? ""} ${tiles.crs} ${dark}`;
  const [gridsDrawnOn, setGridsDrawnOn] = useState<string | null>(null);
  const gridsReady = gridsDrawnOn === mapKey;
  const [legendFor, setLegendFor] = useState("");

  const toDisplay = useCallback((lng: number, lat: number): [number, number] => (gcj ? wgs84ToGcj02(lng, lat) : [lng, lat]), [gcj]);

  // The map itself, once per unit.
  useEffect(() => {
    if (!el.current) return;
    const map = L.map(el.current, { zoomControl: true, attributionControl: !!tiles.url, preferCanvas: true, minZoom: 3, maxZoom: 19 });
    mapRef.current = map;
    if (tiles.url) L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 19, className: dark ? "dashboard-dark-tiles" : undefined }).addTo(map);
    map.setView(center ? [center.lat, center.lng] : [40.29, 97.05], center?.zoom ?? 9);
    clusterLayerRef.current = L.layerGroup().addTo(map);
    const node = el.current;
    // A new unit: nothing of the previous one is ready any more.
    for (const key of ["ready", "gridsReady", "gridCount", "clusterCount"]) delete node.dataset[key];
    // Browser tests find where a grid is drawn through the map itself, then click there.
    (node as HTMLDivElement & { leafletMap?: L.Map }).leafletMap = map;
    let cancelled = false;
    (async () => {
      try {
        const layer = await takeJson<{ grids: GridFeature[] }>(gridsUrl(unitId, gridVersion));
        if (cancelled) return;
        gridsRef.current = layer.grids;
        const features = layer.grids.map((g) => ({
          type: "Feature" as const,
          id: g.id,
          properties: { id: g.id, name: g.name, child: g.child },
          geometry: {
            type: "MultiPolygon" as const,
            coordinates: decodeGeometry(g.geometry).map((rings) => rings.map((ring) => ring.map(([lng, lat]) => toDisplay(lng, lat)))),
          },
        }));
        const geo = L.geoJSON({ type: "FeatureCollection", features } as GeoJSON.FeatureCollection, {
          style: () => ({ color: dark ? "#93c5fd" : "#1e3a8a", weight: 1, fillColor: NO_DATA, fillOpacity: 0.55 }),
          onEachFeature: (feature, l) => {
            const p = feature.properties as { id: number; name: string; child: number };
            l.bindTooltip(p.name, { sticky: true });
            l.on("click", () => {
              if (p.child === unitId && p.id === unitId) return;
              const next = new URLSearchParams({ ...query, unit: String(p.child) });
              router.push(`${basePath}?${next.toString()}`);
            });
          },
        });
        gridLayerRef.current = geo;
        geo.addTo(map);
        geo.bringToBack();
        const bounds = geo.getBounds();
        if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12], animate: false });
        node.dataset.gridCount = String(layer.grids.length);
        node.dataset.gridsReady = "true";
      } catch {
        if (!cancelled) setFailed(true);
      }
      // Without grids (or their request failed) the events still load for the initial view.
      if (!cancelled) setGridsDrawnOn(mapKey);
    })();
    return () => {
      cancelled = true;
      map.remove();
      mapRef.current = null;
      gridLayerRef.current = null;
      heatLayerRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rebuilt per unit and base layer only
  }, [unitId, gridVersion, tiles.url, tiles.crs, dark]);

  // The measure and its legend; painted on the grids once both are there.
  useEffect(() => {
    let cancelled = false;
    takeJson<MeasureLayer>(measureUrl(qs, measure))
      .then((m) => {
        if (cancelled) return;
        setLegend(m);
        setLegendFor(`${qs} ${measure}`);
      })
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [qs, measure, refreshKey]);

  useEffect(() => {
    const layer = gridLayerRef.current;
    if (!legend || legendFor !== `${qs} ${measure}` || !gridsReady || !layer) return;
    const m = legend;
    layer.setStyle((f) => {
      const id = (f?.properties as { id: number }).id;
      const v = m.values[id] ?? (m.kind === "rate" || m.kind === "risk" ? null : 0);
      return { fillColor: colourOf(v, m.breaks, m.kind) };
    });
    layer.eachLayer((l) => {
      const p = (l as L.GeoJSON & { feature: GeoJSON.Feature }).feature.properties as { id: number; name: string };
      const v = m.values[p.id];
      const text = v === undefined ? t("noData") : m.kind === "rate" ? `${(v * 100).toFixed(1)}%` : m.kind === "risk" ? t(`risk.${(["GREEN", "YELLOW", "ORANGE", "RED"] as const)[v - 1]}`) : String(v);
      (l as L.Path).setTooltipContent(`${p.name}：${text}`);
    });
    if (el.current) el.current.dataset.ready = "true";
  }, [legend, legendFor, qs, measure, gridsReady, t]);

  // Events and heat follow the view: fetched again after each pan or zoom.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !gridsReady) return;
    let seq = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const viewQuery = () => {
      const b = map.getBounds().pad(0.1);
      let [w, s] = [b.getWest(), b.getSouth()];
      let [e, n] = [b.getEast(), b.getNorth()];
      if (gcj) {
        [w, s] = gcj02ToWgs84(w, s);
        [e, n] = gcj02ToWgs84(e, n);
      }
      return `${qs}&bbox=${[w, s, e, n].map((x) => x.toFixed(5)).join(",")}&zoom=${map.getZoom()}`;
    };
    const load = async () => {
      const mine = ++seq;
      const q = viewQuery();
      const clusters = clusterLayerRef.current!;
      if (show.events) {
        try {
          const data = await requestJson<{ total: number; clusters: Cluster[] }>(`/api/dashboard/map/events?${q}`);
          if (mine !== seq || !mapRef.current) return;
          clusters.clearLayers();
          for (const c of data.clusters) {
            const [lng, lat] = toDisplay(c.lng, c.lat);
            const icon = donut(c.counts, c.n, dark);
            const marker = L.marker([lat, lng], {
              icon: L.divIcon({ html: icon.html, className: "dashboard-cluster", iconSize: [icon.size, icon.size] }),
              keyboard: false,
            });
            if (c.id) {
              const status = t(`statuses.${STATUSES[c.counts.findIndex((x) => x > 0)]}`);
              marker.bindPopup(`<a href="/dispatch/${encodeURIComponent(c.id)}" class="dashboard-event-link">${t("openEvent")}</a> · ${status}`);
            } else {
              marker.bindTooltip(t("cluster", { count: c.n }));
              marker.on("click", () => map.setView([lat, lng], Math.min(19, map.getZoom() + 2)));
            }
            clusters.addLayer(marker);
          }
          setInView(data.total);
          if (el.current) el.current.dataset.clusterCount = String(data.clusters.length);
        } catch {
          setFailed(true);
        }
      } else {
        clusters.clearLayers();
        setInView(null);
      }
      if (show.heat) {
        try {
          const data = await requestJson<{ max: number; points: [number, number, number][] }>(`/api/dashboard/map/heat?${q}`);
          if (mine !== seq || !mapRef.current) return;
          (window as unknown as { L: typeof L }).L = L;
          await import("leaflet.heat");
          if (heatLayerRef.current) map.removeLayer(heatLayerRef.current);
          const pts = data.points.map(([lat, lng, n]) => {
            const [x, y] = toDisplay(lng, lat);
            return [y, x, n] as [number, number, number];
          });
          heatLayerRef.current = L.heatLayer(pts, { radius: 18, blur: 14, max: Math.max(1, data.max * 0.6), minOpacity: 0.25 }).addTo(map);
        } catch {
          setFailed(true);
        }
      } else if (heatLayerRef.current) {
        map.removeLayer(heatLayerRef.current);
        heatLayerRef.current = null;
      }
    };
    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(load, 150);
    };
    map.on("moveend", schedule);
    // The view is fitted to the grids already: load for it now.
    void load();
    return () => {
      seq++;
      map.off("moveend", schedule);
      if (timer) clearTimeout(timer);
    };
  }, [qs, show.events, show.heat, gcj, dark, t, toDisplay, unitId, refreshKey, gridsReady]);

  useEffect(() => {
    const map = mapRef.current;
    const layer = gridLayerRef.current;
    if (!map || !layer) return;
    if (show.grids && !map.hasLayer(layer)) layer.addTo(map).bringToBack();
    if (!show.grids && map.hasLayer(layer)) map.removeLayer(layer);
  }, [show.grids]);

  const fmt = (x: number) => (legend?.kind === "rate" ? `${Math.round(x * 100)}%` : String(x));
  const panel = dark ? "bg-slate-900/85 text-slate-100 ring-slate-700" : "bg-white/95 text-slate-800 ring-slate-200";

  return (
    <div className="relative">
      <div ref={el} data-testid="dashboard-map" data-unit={unitId} style={{ height }} className={`w-full rounded-lg border ${dark ? "border-slate-700" : "border-slate-200"}`} />
      <div className={`absolute right-2 top-2 z-[500] w-52 space-y-2 rounded-md p-2 text-xs shadow ring-1 ${panel}`}>
        <label className="block">
          <span className="font-medium">{t("measure")}</span>
          <select
            value={measure}
            onChange={(e) => setMeasure(e.target.value as Measure)}
            data-testid="map-measure"
            className={`mt-1 w-full rounded border px-1 py-0.5 ${dark ? "border-slate-600 bg-slate-800" : "border-slate-300 bg-white"}`}
          >
            {MEASURES.map((m) => (
              <option key={m} value={m}>
                {t(`measures.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="flex flex-wrap gap-x-3">
          <legend className="sr-only">{t("layers")}</legend>
          {(["grids", "events", "heat"] as const).map((k) => (
            <label key={k} className="inline-flex items-center gap-1">
              <input type="checkbox" checked={show[k]} onChange={(e) => setShow((s) => ({ ...s, [k]: e.target.checked }))} data-testid={`layer-${k}`} />
              {t(k)}
            </label>
          ))}
        </fieldset>
        {legend && (
          <div data-testid="map-legend">
            <div className="font-medium">{t(`measures.${legend.measure}`)}</div>
            <ul className="mt-1 space-y-0.5">
              {legend.kind === "risk"
                ? (["RED", "ORANGE", "YELLOW", "GREEN"] as const).map((r, i) => (
                    <li key={r} className="flex items-center gap-2">
                      <span className="inline-block h-3 w-5 rounded-sm ring-1 ring-black/10" style={{ background: RISK_PALETTE[3 - i] }} />
                      {t(`risk.${r}`)}
                    </li>
                  ))
                : [...Array(legend.breaks.length + 1).keys()].map((i) => {
                const lo = i === 0 ? null : legend.breaks[i - 1];
                const hi = legend.breaks[i] ?? null;
                const sample = lo === null ? (hi ?? 1) - (legend.kind === "rate" ? 0.01 : 1) : lo;
                return (
                  <li key={i} className="flex items-center gap-2">
                    <span className="inline-block h-3 w-5 rounded-sm ring-1 ring-black/10" style={{ background: colourOf(Math.max(0, sample), legend.breaks, legend.kind) }} />
                    {lo === null ? `< ${fmt(hi!)}` : hi === null ? `≥ ${fmt(lo)}` : `${fmt(lo)} – ${fmt(hi)}`}
                  </li>
                );
              })}
              <li className="flex items-center gap-2">
                <span className="inline-block h-3 w-5 rounded-sm ring-1 ring-black/10" style={{ background: NO_DATA }} />
                {t("noData")}
              </li>
            </ul>
            <div className="mt-2 flex flex-wrap gap-x-2 gap-y-0.5">
              {STATUSES.map((s) => (
                <span key={s} className="inline-flex items-center gap-1">
                  <span className="inline-block h-2.5 w-2.5 rounded-full" style={{ background: STATUS_COLOURS[s] }} />
                  {t(`statuses.${s}`)}
                </span>
              ))}
            </div>
            {inView !== null && <div className="mt-1 opacity-75" data-testid="map-in-view">{t("inView", { count: inView })}</div>}
          </div>
        )}
      </div>
      <p className={`mt-1 text-xs ${dark ? "text-slate-400" : "text-slate-500"}`}>
        {t("clickToDrill")}
        {!tiles.url && ` · ${t("noTiles")}`}
        {failed && <span className="ml-2 text-red-600">{t("failed")}</span>}
      </p>
    </div>
  );
}
