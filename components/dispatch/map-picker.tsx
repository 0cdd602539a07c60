"use client";
import L from "leaflet";
import { useEffect, useRef } from "react";
import { gcj02ToWgs84, wgs84ToGcj02 } from "@/lib/geo";
import type { MapFeature, TileConfig } from "@/components/map/grid-map";

type Coords = number[] | Coords[];

function shift(coords: Coords): Coords {
  if (typeof coords[0] === "number") return wgs84ToGcj02(coords[0] as number, coords[1] as number);
  return (coords as Coords[]).map(shift);
}

export interface PickerPoint {
  lat: number;
  lng: number;
}

/**
 * Grid polygons on a Leaflet map (no tile server needed) and one point: a tap places it
 * unless `readOnly`. Points are kept in WGS-84; with GCJ-02 tiles the drawing is shifted
 * to match the tiles and taps are shifted back.
 */
export default function MapPicker({
  features,
  tiles,
  value,
  onChange,
  readOnly = false,
  highlight,
  height = 320,
}: {
  features: MapFeature[];
  tiles: TileConfig;
  value: PickerPoint | null;
  onChange?: (p: PickerPoint) => void;
  readOnly?: boolean;
  /** Grid id drawn stronger (the event's or the chosen grid). */
  highlight?: number | null;
  height?: number;
}) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const marker = useRef<L.CircleMarker | null>(null);
  const layer = useRef<L.GeoJSON | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const valueRef = useRef(value);
  valueRef.current = value;
  const gcj = tiles.crs === "GCJ02";
  const toScreen = (p: PickerPoint): L.LatLngExpression => {
    if (!gcj) return [p.lat, p.lng];
    const [lng, lat] = wgs84ToGcj02(p.lng, p.lat);
    return [lat, lng];
  };

  useEffect(() => {
    if (!el.current) return;
    const m = L.map(el.current, { zoomControl: true, attributionControl: !!tiles.url, preferCanvas: true });
    if (tiles.url) L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 18 }).addTo(m);
    const data = {
      type: "FeatureCollection" as const,
      features: features.map((f) => (gcj ? { ...f, geometry: { ...(f.geometry as object), coordinates: shift((f.geometry as { coordinates: Coords }).coordinates) } } : f)),
    };
    layer.current = L.geoJSON(data as GeoJSON.FeatureCollection, {
      style: () => ({ color: "#1d5fd0", weight: 1, fillColor: "#60a5fa", fillOpacity: 0.15 }),
      onEachFeature: (feature, l) => l.bindTooltip(String((feature.properties as MapFeature["properties"]).name), { sticky: true }),
    }).addTo(m);
    const bounds = layer.current.getBounds();
    if (bounds.isValid()) m.fitBounds(bounds, { padding: [8, 8] });
    else m.setView([40.29, 97.05], 9);
    if (!readOnly) {
      m.on("click", (e: L.LeafletMouseEvent) => {
        const [lng, lat] = gcj ? gcj02ToWgs84(e.latlng.lng, e.latlng.lat) : [e.latlng.lng, e.latlng.lat];
        onChangeRef.current?.({ lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 });
      });
    }
    map.current = m;
    drawPoint(m, valueRef.current);
    el.current.dataset.ready = "true";
    return () => {
      m.remove();
      map.current = null;
      marker.current = null;
      layer.current = null;
    };
    // The map is built once per set of grids; the point and highlight update below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [features, tiles, readOnly]);

  // Puts the point on the map; called when the point changes and whenever the map is
  // rebuilt (new grids after a refresh), so the marker never goes missing.
  const drawPoint = (m: L.Map, value: PickerPoint | null) => {
    if (!value) {
      marker.current?.remove();
      marker.current = null;
      if (el.current) delete el.current.dataset.point;
      return;
    }
    const at = toScreen(value);
    if (!marker.current) marker.current = L.circleMarker(at, { radius: 9, color: "#b91c1c", weight: 3, fillColor: "#ef4444", fillOpacity: 0.9 }).addTo(m);
    else marker.current.setLatLng(at);
    if (!m.getBounds().contains(at)) m.panTo(at);
    if (el.current) el.current.dataset.point = `${value.lat},${value.lng}`;
  };

  useEffect(() => {
    if (map.current) drawPoint(map.current, value);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value?.lat, value?.lng, readOnly]);

  useEffect(() => {
    layer.current?.setStyle((f) =>
      f && (f as unknown as { id: number }).id === highlight
        ? { color: "#1a4fa8", weight: 3, fillColor: "#60a5fa", fillOpacity: 0.3 }
        : { color: "#1d5fd0", weight: 1, fillColor: "#60a5fa", fillOpacity: 0.15 },
    );
  }, [highlight, features]);

  return <div ref={el} data-testid="map-picker" style={{ height }} className="w-full touch-manipulation rounded-lg border border-slate-200" />;
}
