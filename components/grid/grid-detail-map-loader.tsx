"use client";
import dynamic from "next/dynamic";
import type { GridDetailMapProps } from "@/components/map/grid-detail-map";

// Leaflet needs `window`: load the map in the browser only.
const GridDetailMap = dynamic(() => import("@/components/map/grid-detail-map"), {
  ssr: false,
  loading: () => <div className="h-[320px] w-full animate-pulse rounded-lg bg-slate-100" />,
});

export function GridDetailMapLoader(props: GridDetailMapProps) {
  return <GridDetailMap {...props} />;
}
