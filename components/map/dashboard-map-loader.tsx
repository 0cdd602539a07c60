"use client";
import dynamic from "next/dynamic";
import type { DashboardMapProps } from "./dashboard-map";

// Leaflet needs `window`, and only the dashboard needs this map: load it in the browser, on
// this page only, so no other page carries its code.
const DashboardMap = dynamic(() => import("./dashboard-map"), {
  ssr: false,
  loading: () => <div className="h-[520px] w-full animate-pulse rounded-lg bg-slate-200/60" />,
});

export function DashboardMapLoader(props: DashboardMapProps) {
  return <DashboardMap {...props} />;
}
