"use client";
import L from "leaflet";
import { useEffect, useRef } from "react";
import { wgs84ToGcj02 } from "@/lib/geo";

export interface MapFeature {
  type: "Feature";
  id: number;
  properties: { name: string; code: string; parentId: number | null };
  geometry: unknown;
}

export interface TileConfig {
  url: string;
  attribution: string;
  crs: "WGS84" | "GCJ02";
}

type Coords = number[] | Coords[];

// Data is stored in WGS-84; tiles from Chinese providers are drawn in GCJ-02, so shift
// the shapes to match the base layer instead of the other way round.
function shift(coords: Coords): Coords {
  if (typeof coords[0] === "number") {
    const [lng, lat] = wgs84ToGcj02(coords[0] as number, coords[1] as number);
    return [lng, lat];
  }
  return (coords as Coords[]).map(shift);
}

/** Grid boundaries on a Leaflet map; works with no tile server at all. */
export default function GridMap({
  features,
  tiles,
  height = 480,
  center,
}: {
  features: MapFeature[];
  tiles: TileConfig;
  height?: number;
  /** Where to look when there is nothing to fit to (map settings, lib/settings/map.ts). */
  center?: { lat: number; lng: number; zoom: number };
}) {
  const el = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!el.current) return;
    const map = L.map(el.current, { zoomControl: true, attributionControl: !!tiles.url, preferCanvas: true });
    if (tiles.url) L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 18 }).addTo(map);
    const data = {
      type: "FeatureCollection" as const,
      features: features.map((f) =>
        tiles.crs === "GCJ02" ? { ...f, geometry: { ...(f.geometry as object), coordinates: shift((f.geometry as { coordinates: Coords }).coordinates) } } : f,
      ),
    };
    const layer = L.geoJSON(data as GeoJSON.FeatureCollection, {
      style: () => ({ color: "#1d5fd0", weight: 1, fillColor: "#60a5fa", fillOpacity: 0.25 }),
      onEachFeature: (feature, l) => {
        l.bindTooltip(String((feature.properties as MapFeature["properties"]).name), { sticky: true });
      },
    }).addTo(map);
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12] });
    else map.setView(center ? [center.lat, center.lng] : [40.29, 97.05], center?.zoom ?? 9);
    el.current.dataset.ready = "true";
    el.current.dataset.gridCount = String(features.length);
    return () => {
      map.remove();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new centre object each render must not rebuild the map
  }, [features, tiles, center?.lat, center?.lng, center?.zoom]);

  return <div ref={el} data-testid="grid-map" style={{ height }} className="w-full rounded-lg border border-slate-200" />;
}
