"use client";
import dynamic from "next/dynamic";
import { useRef } from "react";
import type { DashboardMapProps } from "./dashboard-map";
import { gridsUrl, layerQuery, measureUrl, requestEarly } from "./dashboard-map-data";

// Leaflet needs `window`, and only the dashboard needs this map: load it in the browser, on
// this page only, so no other page carries its code.
const DashboardMap = dynamic(() => import("./dashboard-map"), {
  ssr: false,
  loading: () => <div className="h-[520px] w-full animate-pulse rounded-lg bg-slate-200/60" />,
});

export function DashboardMapLoader(props: DashboardMapProps) {
  // The map's first data requests go out with its code, not after it: once per unit, filter
  // and refresh (the map takes them when it mounts or reloads its layers).
  const started = useRef("");
  if (typeof window !== "undefined") {
    const grids = gridsUrl(props.unitId, props.gridVersion);
    const measure = measureUrl(layerQuery(props.query, props.unitId), props.initialMeasure ?? "open");
    const key = `${grids} ${measure} ${props.refreshKey ?? ""}`;
    if (started.current !== key) {
      started.current = key;
      requestEarly(grids);
      requestEarly(measure);
    }
  }
  return <DashboardMap {...props} />;
}
