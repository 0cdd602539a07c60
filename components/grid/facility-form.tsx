"use client";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { TileConfig } from "@/components/map/grid-map";
import { createFacilityAction, updateFacilityAction } from "@/lib/grid/actions";
import { FACILITY_STATUSES, FACILITY_TYPES, facilityTypeName, type FacilityTypeCode } from "@/lib/grid/dictionary";
import { Field, FormError, inputClass, numberOrNull, SubmitButton, useSubmit } from "./form";
import { GridSelect, useGridChoice, type GridOption } from "./grid-select";
import { PointPicker } from "./point-picker";

export interface FacilityFormValues {
  id?: string;
  version?: number;
  gridId: number;
  type: FacilityTypeCode;
  name: string;
  status: (typeof FACILITY_STATUSES)[number];
  /** YYYY-MM-DD or "". */
  lastInspectedAt: string;
  lat: string;
  lng: string;
}

export function FacilityForm({ initial, boundary, grids, tiles, today }: { initial: FacilityFormValues; boundary: unknown; grids: GridOption[]; tiles: TileConfig; today: string }) {
  const t = useTranslations("grid.facilities");
  const tf = useTranslations("grid.form");
  const locale = useLocale();
  const router = useRouter();
  const [v, setV] = useState(initial);
  const grid = useGridChoice({ gridId: initial.gridId, boundary });
  const { pending, message, fieldErrors, submit } = useSubmit();
  const set = <K extends keyof FacilityFormValues>(k: K, value: FacilityFormValues[K]) => setV((old) => ({ ...old, [k]: value }));

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const fields = {
      gridId: grid.gridId,
      type: v.type,
      name: v.name,
      status: v.status,
      lastInspectedAt: v.lastInspectedAt || null,
      lat: numberOrNull(v.lat),
      lng: numberOrNull(v.lng),
    };
    submit(
      () => (v.id ? updateFacilityAction({ ...fields, id: v.id, version: v.version! }) : createFacilityAction(fields)),
      (r) => {
        router.push(`/grid/facilities/${r.id}`);
        router.refresh();
      },
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate data-testid="facility-form">
      <FormError message={message} />
      <GridSelect options={grids} value={grid.gridId} onChange={grid.choose} error={fieldErrors.gridId} moving={!!v.id} />
      <Field label={t("fields.type")} error={fieldErrors.type}>
        <select className={inputClass} name="type" value={v.type} onChange={(e) => set("type", e.target.value as FacilityTypeCode)}>
          <optgroup label={t("groups.facilities")}>
            {FACILITY_TYPES.filter((x) => !x.hazard).map((x) => (
              <option key={x.code} value={x.code}>
                {facilityTypeName(x.code, locale)}
              </option>
            ))}
          </optgroup>
          <optgroup label={t("groups.hazards")}>
            {FACILITY_TYPES.filter((x) => x.hazard).map((x) => (
              <option key={x.code} value={x.code}>
                {facilityTypeName(x.code, locale)}
              </option>
            ))}
          </optgroup>
        </select>
      </Field>
      <Field label={t("fields.name")} error={fieldErrors.name} hint={t("nameHint")}>
        <input className={inputClass} name="name" maxLength={100} value={v.name} onChange={(e) => set("name", e.target.value)} />
      </Field>
      <div className="grid grid-cols-2 gap-2">
        <Field label={t("fields.status")} error={fieldErrors.status}>
          <select className={inputClass} name="status" value={v.status} onChange={(e) => set("status", e.target.value as FacilityFormValues["status"])}>
            {FACILITY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("fields.lastInspectedAt")} error={fieldErrors.lastInspectedAt}>
          <input className={inputClass} type="date" name="lastInspectedAt" max={today} value={v.lastInspectedAt} onChange={(e) => set("lastInspectedAt", e.target.value)} />
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
        <SubmitButton pending={pending} testId="facility-submit">
          {tf("save")}
        </SubmitButton>
        <button type="button" onClick={() => router.back()} className="rounded border border-slate-300 bg-white px-4 py-2 text-sm text-slate-700">
          {tf("cancel")}
        </button>
      </div>
    </form>
  );
}
