"use client";
import L from "leaflet";
import "@geoman-io/leaflet-geoman-free";
import "@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { geometryProblem, normaliseGeometry, reviewBoundary } from "@/lib/admin/boundaries";
import { setBoundaryAction } from "@/lib/admin/actions";
import { gcj02ToWgs84, wgs84ToGcj02, type PolygonalGeometry, type Position } from "@/lib/geo";
import { Notice, useSubmit } from "./form";
import { buttonClass, secondaryButtonClass } from "./ui";

export interface BoundaryEditorProps {
  unit: { id: number; version: number; name: string; boundary: PolygonalGeometry | null };
  parent: PolygonalGeometry | null;
  neighbours: { id: number; name: string; sibling: boolean; geometry: PolygonalGeometry }[];
  tiles: { url: string; attribution: string; crs: "WGS84" | "GCJ02" };
  center: { lat: number; lng: number; zoom: number };
}

type Coords = number[] | Coords[];
function mapCoords(coords: Coords, f: (lng: number, lat: number) => Position): Coords {
  if (typeof coords[0] === "number") return f(coords[0] as number, coords[1] as number);
  return (coords as Coords[]).map((c) => mapCoords(c, f));
}
const shiftGeometry = <T extends { coordinates: unknown }>(g: T, f: (lng: number, lat: number) => Position): T => ({ ...g, coordinates: mapCoords(g.coordinates as Coords, f) });

/**
 * Draws or edits a grid's boundary on the map (Leaflet-Geoman): drag the vertices, or
 * remove the shape and draw a new one. Neighbouring grids are shown for reference; the
 * overlap check runs here as you save and again on the server, which has the last word.
 */
export default function BoundaryEditor({ unit, parent, neighbours, tiles, center }: BoundaryEditorProps) {
  const t = useTranslations("admin.territory");
  const te = useTranslations("errors");
  const router = useRouter();
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const { pending, message, submit, setMessage } = useSubmit();
  const [warnings, setWarnings] = useState<string[]>([]);
  const gcj = tiles.crs === "GCJ02";
  const toMap = (g: PolygonalGeometry) => (gcj ? shiftGeometry(g, wgs84ToGcj02) : g);
  const fromMap = (g: PolygonalGeometry) => (gcj ? shiftGeometry(g, gcj02ToWgs84) : g);

  useEffect(() => {
    if (!el.current) return;
    // A view first: vector layers cannot be drawn on a map without one.
    const map = L.map(el.current, { preferCanvas: false, attributionControl: !!tiles.url }).setView([center.lat, center.lng], center.zoom);
    mapRef.current = map;
    if (tiles.url) L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 19 }).addTo(map);
    const reference = L.featureGroup().addTo(map);
    if (parent) L.geoJSON(toMap(parent) as GeoJSON.Geometry, { style: { color: "#64748b", weight: 2, dashArray: "6 4", fill: false }, pmIgnore: true } as L.GeoJSONOptions).addTo(reference);
    for (const n of neighbours) {
      L.geoJSON(toMap(n.geometry) as GeoJSON.Geometry, { style: { color: n.sibling ? "#f59e0b" : "#94a3b8", weight: 1, fillOpacity: 0.15 }, pmIgnore: true } as L.GeoJSONOptions)
        .bindTooltip(n.name, { sticky: true })
        .addTo(reference);
    }
    if (unit.boundary) {
      const own = L.geoJSON(toMap(unit.boundary) as GeoJSON.Geometry, { style: { color: "#1d5fd0", weight: 2, fillOpacity: 0.3 } });
      own.eachLayer((l) => l.addTo(map));
    }
    map.pm.setGlobalOptions({ allowSelfIntersection: false, snappable: true, snapDistance: 15 });
    map.pm.addControls({ position: "topleft", drawMarker: false, drawCircleMarker: false, drawPolyline: false, drawRectangle: true, drawCircle: false, drawText: false, cutPolygon: false, rotateMode: false });
    const fit = L.featureGroup(map.pm.getGeomanLayers() as L.Layer[]);
    const bounds = fit.getLayers().length ? fit.getBounds() : reference.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16] });
    el.current.dataset.ready = "true";
    return () => {
      map.remove();
      mapRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- built once per unit
  }, [unit.id, unit.version]);

  /** The shapes on the map (drawn or edited) as one geometry in WGS-84, or null. */
  function currentGeometry(): PolygonalGeometry | null {
    const map = mapRef.current;
    if (!map) return null;
    const polygons: Position[][][] = [];
    for (const layer of map.pm.getGeomanLayers() as L.Layer[]) {
      if (!(layer instanceof L.Polygon)) continue;
      const g = (layer.toGeoJSON() as GeoJSON.Feature).geometry;
      if (g.type === "Polygon") polygons.push(g.coordinates as Position[][]);
      if (g.type === "MultiPolygon") polygons.push(...(g.coordinates as Position[][][]));
    }
    if (polygons.length === 0) return null;
    const g: PolygonalGeometry = polygons.length === 1 ? { type: "Polygon", coordinates: polygons[0] } : { type: "MultiPolygon", coordinates: polygons };
    return normaliseGeometry(fromMap(g));
  }

  function save() {
    setWarnings([]);
    const geometry = currentGeometry();
    if (!geometry) return setMessage({ ok: false, text: t("drawFirst") });
    const problem = geometryProblem(geometry);
    if (problem) return setMessage({ ok: false, text: te(problem.key as never, problem.values as never) });
    const review = reviewBoundary(geometry, neighbours, parent, neighbours.filter((n) => n.sibling));
    if (review.overlaps.length)
      return setMessage({ ok: false, text: te("adminBoundaryOverlap", { grid: unit.name, others: review.overlaps.map((o) => o.name).join("、") }) });
    submit(() => setBoundaryAction({ id: unit.id, version: unit.version, geometry }), (r) => {
      setWarnings(r.warnings.map((w) => te(w.key as never, w.values as never)));
      router.refresh();
      return t("boundarySaved");
    });
  }

  return (
    <div className="space-y-2">
      <p className="text-xs text-slate-500">{t("editorHelp")}</p>
      <div ref={el} data-testid="boundary-editor" style={{ height: 480 }} className="w-full rounded-lg border border-slate-200" />
      <div className="flex flex-wrap gap-2">
        <button type="button" disabled={pending} onClick={save} className={buttonClass} data-testid="save-boundary">{t("saveBoundary")}</button>
        <button type="button" disabled={pending} onClick={() => window.location.reload()} className={secondaryButtonClass}>{t("discard")}</button>
      </div>
      <Notice message={message} />
      {warnings.length > 0 && (
        <ul className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="boundary-warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
