"use client";
import dynamic from "next/dynamic";
import type { BoundaryEditorProps } from "./boundary-editor";

// Leaflet needs `window`: load it in the browser only.
const Editor = dynamic(() => import("./boundary-editor"), {
  ssr: false,
  loading: () => <div className="h-[480px] w-full animate-pulse rounded-lg bg-slate-100" />,
});

export function BoundaryEditorLoader(props: BoundaryEditorProps) {
  return <Editor {...props} />;
}
