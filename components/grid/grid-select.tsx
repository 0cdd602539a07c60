"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { gridBoundaryAction } from "@/lib/grid/actions";
import { Field, inputClass } from "./form";

export interface GridOption {
  id: number;
  label: string;
}

/** The record's grid and its boundary; changing the grid (a move) fetches the new boundary. */
export function useGridChoice(initial: { gridId: number; boundary: unknown }) {
  const [gridId, setGridId] = useState(initial.gridId);
  const [boundary, setBoundary] = useState<unknown>(initial.boundary);
  async function choose(id: number) {
    setGridId(id);
    const r = await gridBoundaryAction({ gridId: id });
    setBoundary(r.ok ? r.data.boundary : null);
  }
  return { gridId, boundary, choose };
}

/** Shown only when the viewer's territory holds more than one grid. */
export function GridSelect({ options, value, onChange, error, moving }: { options: GridOption[]; value: number; onChange: (id: number) => void; error?: string; moving?: boolean }) {
  const t = useTranslations("grid.form");
  if (options.length <= 1) return null;
  return (
    <Field label={t("grid")} error={error} hint={moving ? t("moveHint") : undefined}>
      <select className={inputClass} name="gridId" value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
