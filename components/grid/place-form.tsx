"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { TileConfig } from "@/components/map/grid-map";
import { createPlaceAction, updatePlaceAction } from "@/lib/grid/actions";
import { PLACE_CATEGORIES, RISK_LEVELS } from "@/lib/grid/dictionary";
import { Field, FormError, inputClass, numberOrNull, SubmitButton, useSubmit } from "./form";
import { GridSelect, useGridChoice, type GridOption } from "./grid-select";
import { PointPicker } from "./point-picker";

export interface PlaceFormValues {
  id?: string;
  version?: number;
  gridId: number;
  name: string;
  category: (typeof PLACE_CATEGORIES)[number];
  address: string;
  personInCharge: string;
  contactPhone: string;
  riskLevel: (typeof RISK_LEVELS)[number];
  lat: string;
  lng: string;
}

export function PlaceForm({ initial, boundary, grids, tiles }: { initial: PlaceFormValues; boundary: unknown; grids: GridOption[]; tiles: TileConfig }) {
  const t = useTranslations("grid.places");
  const tf = useTranslations("grid.form");
  const router = useRouter();
  const [v, setV] = useState(initial);
  const grid = useGridChoice({ gridId: initial.gridId, boundary });
  const { pending, message, fieldErrors, submit } = useSubmit();
  const set = <K extends keyof PlaceFormValues>(k: K, value: PlaceFormValues[K]) => setV((old) => ({ ...old, [k]: value }));

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const fields = {
      gridId: grid.gridId,
      name: v.name,
      category: v.category,
      address: v.address,
      personInCharge: v.personInCharge,
      contactPhone: v.contactPhone,
      riskLevel: v.riskLevel,
      lat: numberOrNull(v.lat),
      lng: numberOrNull(v.lng),
    };
    submit(
      () => (v.id ? updatePlaceAction({ ...fields, id: v.id, version: v.version! }) : createPlaceAction(fields)),
      (r) => {
        router.push(`/grid/places/${r.id}`);
        router.refresh();
      },
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate data-testid="place-form">
      <FormError message={message} />
      <GridSelect options={grids} value={grid.gridId} onChange={grid.choose} error={fieldErrors.gridId} moving={!!v.id} />
      <Field label={t("fields.name")} error={fieldErrors.name}>
        <input className={inputClass} name="name" required maxLength={100} value={v.name} onChange={(e) => set("name", e.target.value)} />
      </Field>
      <div className="grid grid-cols-2 gap-2">
        <Field label={t("fields.category")} error={fieldErrors.category}>
          <select className={inputClass} name="category" value={v.category} onChange={(e) => set("category", e.target.value as PlaceFormValues["category"])}>
            {PLACE_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`categories.${c}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("fields.riskLevel")} error={fieldErrors.riskLevel}>
          <select className={inputClass} name="riskLevel" value={v.riskLevel} onChange={(e) => set("riskLevel", e.target.value as PlaceFormValues["riskLevel"])}>
            {RISK_LEVELS.map((r) => (
              <option key={r} value={r}>
                {t(`risk.${r}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label={t("fields.address")} error={fieldErrors.address}>
        <input className={inputClass} name="address" maxLength={200} value={v.address} onChange={(e) => set("address", e.target.value)} />
      </Field>
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
        <Field label={t("fields.personInCharge")} error={fieldErrors.personInCharge}>
          <input className={inputClass} name="personInCharge" maxLength={64} value={v.personInCharge} onChange={(e) => set("personInCharge", e.target.value)} />
        </Field>
        <Field label={t("fields.contactPhone")} error={fieldErrors.contactPhone}>
          <input className={inputClass} name="contactPhone" type="tel" maxLength={20} value={v.contactPhone} onChange={(e) => set("contactPhone", e.target.value)} />
        </Field>
      </div>
      <PointPicker
        value={{ lat: v.lat, lng: v.lng }}
        onChange={(p) => setV((old) => ({ ...old, ...p }))}
        boundary={grid.boundary}
        tiles={tiles}
        error={fieldErrors.lat ?? fieldErrors.lng}
      />
      <div className="flex gap-2 pt-1">
        <SubmitButton pending={pending} testId="place-submit">
          {tf("save")}
        </SubmitButton>
        <button type="button" onClick={() => router.back()} className="rounded border border-slate-300 bg-white px-4 py-2 text-sm text-slate-700">
          {tf("cancel")}
        </button>
      </div>
    </form>
  );
}
