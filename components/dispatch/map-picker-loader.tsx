"use client";
import dynamic from "next/dynamic";
import type { ComponentProps } from "react";
import type MapPickerType from "./map-picker";

// Leaflet needs `window`: load it in the browser only.
const MapPicker = dynamic(() => import("./map-picker"), {
  ssr: false,
  loading: () => <div className="h-80 w-full animate-pulse rounded-lg bg-slate-100" />,
});

export function MapPickerLoader(props: ComponentProps<typeof MapPickerType>) {
  return <MapPicker {...props} />;
}
