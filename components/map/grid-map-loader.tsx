"use client";
import dynamic from "next/dynamic";
import type { MapFeature, TileConfig } from "./grid-map";

// Leaflet needs `window`: load it in the browser only.
const GridMap = dynamic(() => import("./grid-map"), {
  ssr: false,
  loading: () => <div className="h-[480px] w-full animate-pulse rounded-lg bg-slate-100" />,
});

export function GridMapLoader(props: { features: MapFeature[]; tiles: TileConfig; height?: number; center?: { lat: number; lng: number; zoom: number } }) {
  return <GridMap {...props} />;
}
