"use client";
import L from "leaflet";
import { useEffect, useRef } from "react";
import { gcj02ToWgs84, wgs84ToGcj02 } from "@/lib/geo";
import type { TileConfig } from "./grid-map";

export interface DetailMarker {
  id: string;
  lat: number;
  lng: number;
  /** Drawing style: places blue, objects grey, hazard sources and high-risk places red. */
  kind: "place" | "facility" | "hazard";
  label: string;
  href?: string;
}

export interface GridDetailMapProps {
  /** GeoJSON Polygon or MultiPolygon (WGS-84) of the grid, or null when none is drawn. */
  boundary: unknown;
  markers?: DetailMarker[];
  tiles: TileConfig;
  height?: number;
  /** A picked point (WGS-84) shown as a pin; clicking the map calls onPick with the new one. */
  picked?: { lat: number; lng: number } | null;
  onPick?: (point: { lat: number; lng: number }) => void;
}

type Coords = number[] | Coords[];

const COLORS: Record<DetailMarker["kind"], string> = { place: "#1d5fd0", facility: "#475569", hazard: "#dc2626" };

/**
 * One grid on a Leaflet map: its boundary, its places and objects as dots and, in a form,
 * the point being picked. Draws with no tile server at all (vector shapes on a blank
 * background); with GCJ-02 tiles, shapes are shifted to match and picks shifted back.
 */
export default function GridDetailMap({ boundary, markers = [], tiles, height = 320, picked = null, onPick }: GridDetailMapProps) {
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const pinRef = useRef<L.CircleMarker | null>(null);
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;

  const gcj = tiles.crs === "GCJ02";
  const toMap = (lat: number, lng: number): L.LatLngTuple => {
    if (!gcj) return [lat, lng];
    const [x, y] = wgs84ToGcj02(lng, lat);
    return [y, x];
  };

  useEffect(() => {
    if (!el.current) return;
    const map = L.map(el.current, { zoomControl: true, attributionControl: !!tiles.url, preferCanvas: true });
    mapRef.current = map;
    if (tiles.url) L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 19 }).addTo(map);
    const shift = (coords: Coords): Coords => {
      if (typeof coords[0] === "number") {
        const [lng, lat] = wgs84ToGcj02(coords[0] as number, coords[1] as number);
        return [lng, lat];
      }
      return (coords as Coords[]).map(shift);
    };
    // Leaflet's vector layers need the map's view before they are added: set it first.
    const geometry = boundary as { type?: string; coordinates?: Coords } | null;
    const shape = geometry?.type && geometry.coordinates
      ? L.geoJSON(
          { type: "Feature", properties: {}, geometry: gcj ? { ...geometry, coordinates: shift(geometry.coordinates) } : geometry } as GeoJSON.Feature,
          { style: () => ({ color: "#1d5fd0", weight: 2, fillColor: "#60a5fa", fillOpacity: 0.12 }), interactive: false },
        )
      : null;
    const bounds = shape?.getBounds();
    if (bounds?.isValid()) map.fitBounds(bounds, { padding: [10, 10] });
    else if (markers.length) map.setView(toMap(markers[0].lat, markers[0].lng), 16);
    else map.setView([40.29, 97.05], 12);
    shape?.addTo(map);
    for (const m of markers) {
      const dot = L.circleMarker(toMap(m.lat, m.lng), {
        radius: m.kind === "hazard" ? 7 : 6,
        color: "#fff",
        weight: 1.5,
        fillColor: COLORS[m.kind],
        fillOpacity: 0.95,
      }).addTo(map);
      dot.bindTooltip(m.label);
      if (m.href) {
        const href = m.href;
        dot.on("click", () => window.location.assign(href));
      }
    }
    map.on("click", (e: L.LeafletMouseEvent) => {
      const pick = onPickRef.current;
      if (!pick) return;
      const [lng, lat] = gcj ? gcj02ToWgs84(e.latlng.lng, e.latlng.lat) : [e.latlng.lng, e.latlng.lat];
      pick({ lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 });
    });
    el.current.dataset.ready = "true";
    el.current.dataset.markerCount = String(markers.length);
    return () => {
      map.remove();
      mapRef.current = null;
      pinRef.current = null;
    };
    // toMap depends only on the tiles' CRS, which `tiles` covers.
  }, [boundary, markers, tiles]);

  // The picked point moves without redrawing the map.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    pinRef.current?.remove();
    pinRef.current = null;
    if (picked) {
      pinRef.current = L.circleMarker(toMap(picked.lat, picked.lng), { radius: 9, color: "#fff", weight: 2, fillColor: "#f59e0b", fillOpacity: 1 }).addTo(map);
    }
  }, [picked?.lat, picked?.lng, boundary, markers, tiles]);

  return (
    <div
      ref={el}
      data-testid="grid-detail-map"
      style={{ height }}
      className={`w-full rounded-lg border border-slate-200 ${onPick ? "cursor-crosshair" : ""}`}
    />
  );
}
