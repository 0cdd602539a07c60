"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createHouseAction, updateHouseAction } from "@/lib/people/actions";
import { HOUSE_TENURES, HOUSE_USES } from "@/lib/people/rules";
import { Field, FormError, GridSelect, inputClass, SubmitButton, useSubmit, type GridOption } from "./form";

export interface HouseFormValues {
  id?: string;
  version?: number;
  gridId: number;
  building: string;
  unitNo: string;
  room: string;
  use: (typeof HOUSE_USES)[number];
  tenure: (typeof HOUSE_TENURES)[number];
  landlordName: string | null;
  permittedOccupants: number | null;
  lat: number | null;
  lng: number | null;
  landlordPhoneMasked?: string | null;
}

function numberOrNull(value: string): number | null {
  const v = value.trim();
  return v === "" ? null : Number(v);
}

export function HouseForm({ grids, initial }: { grids: GridOption[]; initial: HouseFormValues }) {
  const t = useTranslations("people");
  const router = useRouter();
  const [v, setV] = useState(initial);
  const [phone, setPhone] = useState("");
  const [permitted, setPermitted] = useState(initial.permittedOccupants?.toString() ?? "");
  const [lat, setLat] = useState(initial.lat?.toString() ?? "");
  const [lng, setLng] = useState(initial.lng?.toString() ?? "");
  const { pending, message, fieldErrors, submit } = useSubmit();
  const editing = !!v.id;

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const input = {
      gridId: v.gridId,
      building: v.building,
      unitNo: v.unitNo,
      room: v.room,
      use: v.use,
      tenure: v.tenure,
      landlordName: v.landlordName,
      permittedOccupants: numberOrNull(permitted),
      lat: numberOrNull(lat),
      lng: numberOrNull(lng),
    };
    const go = (d: { id: string } | undefined) => d && router.push(`/grid/houses/${d.id}`);
    if (editing) {
      const landlordPhone = phone.trim() === "" ? undefined : phone.trim() === "-" ? null : phone;
      submit(() => updateHouseAction({ ...input, landlordPhone, id: v.id!, version: v.version! }), go);
    } else submit(() => createHouseAction({ ...input, landlordPhone: phone.trim() || null }), go);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 sm:p-4" data-testid="house-form" noValidate>
      {grids.length > 1 && (
        <Field label={t("fields.grid")} error={fieldErrors.gridId} hint={editing ? t("houses.moveHint") : undefined}>
          <GridSelect grids={grids} value={v.gridId} onChange={(id) => setV({ ...v, gridId: id })} />
        </Field>
      )}
      <p className="text-xs text-slate-500">{t("houses.addressHint")}</p>
      <div className="grid grid-cols-3 gap-2">
        <Field label={t("fields.building")} error={fieldErrors.building}>
          <input className={inputClass} name="building" value={v.building} maxLength={40} onChange={(e) => setV({ ...v, building: e.target.value })} />
        </Field>
        <Field label={t("fields.unitNo")} error={fieldErrors.unitNo}>
          <input className={inputClass} name="unitNo" value={v.unitNo} maxLength={20} onChange={(e) => setV({ ...v, unitNo: e.target.value })} />
        </Field>
        <Field label={t("fields.room")} error={fieldErrors.room}>
          <input className={inputClass} name="room" value={v.room} maxLength={20} onChange={(e) => setV({ ...v, room: e.target.value })} />
        </Field>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <Field label={t("fields.use")} error={fieldErrors.use}>
          <select className={inputClass} name="use" value={v.use} onChange={(e) => setV({ ...v, use: e.target.value as HouseFormValues["use"] })}>
            {HOUSE_USES.map((u) => (
              <option key={u} value={u}>
                {t(`houseUse.${u}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("fields.tenure")} error={fieldErrors.tenure}>
          <select className={inputClass} name="tenure" value={v.tenure} onChange={(e) => setV({ ...v, tenure: e.target.value as HouseFormValues["tenure"] })}>
            {HOUSE_TENURES.map((u) => (
              <option key={u} value={u}>
                {t(`tenure.${u}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Field label={t("fields.landlordName")} error={fieldErrors.landlordName}>
          <input className={inputClass} name="landlordName" value={v.landlordName ?? ""} maxLength={64} onChange={(e) => setV({ ...v, landlordName: e.target.value || null })} />
        </Field>
        <Field
          label={t("fields.landlordPhone")}
          error={fieldErrors.landlordPhone}
          hint={editing && initial.landlordPhoneMasked ? t("residents.phoneKeep", { masked: initial.landlordPhoneMasked }) : undefined}
        >
          <input className={inputClass} name="landlordPhone" value={phone} inputMode="tel" maxLength={20} onChange={(e) => setPhone(e.target.value)} />
        </Field>
        <Field label={t("fields.permittedOccupants")} error={fieldErrors.permittedOccupants}>
          <input className={inputClass} name="permittedOccupants" value={permitted} inputMode="numeric" onChange={(e) => setPermitted(e.target.value)} />
        </Field>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <Field label={t("fields.lat")} error={fieldErrors.lat}>
          <input className={inputClass} name="lat" value={lat} inputMode="decimal" onChange={(e) => setLat(e.target.value)} />
        </Field>
        <Field label={t("fields.lng")} error={fieldErrors.lng}>
          <input className={inputClass} name="lng" value={lng} inputMode="decimal" onChange={(e) => setLng(e.target.value)} />
        </Field>
      </div>
      <FormError message={message} />
      <div className="flex gap-2">
        <SubmitButton pending={pending} testId="save">
          {t("common.save")}
        </SubmitButton>
        <button type="button" className="rounded border border-slate-300 px-4 py-2 text-sm" onClick={() => router.back()}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
