"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { createHouseholdAction, gridLinksAction, updateHouseholdAction } from "@/lib/people/actions";
import { VISIT_TIERS } from "@/lib/people/rules";
import { Field, FormError, GridSelect, inputClass, SubmitButton, useSubmit, type GridOption } from "./form";

export interface HouseholdFormValues {
  id?: string;
  version?: number;
  gridId: number;
  houseId: string | null;
  householdNo: string | null;
  visitTier: (typeof VISIT_TIERS)[number];
}

export function HouseholdForm({ grids, initial }: { grids: GridOption[]; initial: HouseholdFormValues }) {
  const t = useTranslations("people");
  const router = useRouter();
  const [v, setV] = useState(initial);
  const [houses, setHouses] = useState<{ id: string; address: string }[]>([]);
  const { pending, message, fieldErrors, submit } = useSubmit();

  useEffect(() => {
    if (!v.gridId) return;
    let live = true;
    gridLinksAction({ gridId: v.gridId }).then((r) => {
      if (live && r.ok) setHouses(r.data.houses);
    });
    return () => {
      live = false;
    };
  }, [v.gridId]);

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const input = { gridId: v.gridId, houseId: v.houseId, householdNo: v.householdNo, visitTier: v.visitTier };
    const go = (d: { id: string } | undefined) => d && router.push(`/grid/households/${d.id}`);
    if (v.id) submit(() => updateHouseholdAction({ ...input, id: v.id!, version: v.version! }), go);
    else submit(() => createHouseholdAction(input), go);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 sm:p-4" data-testid="household-form" noValidate>
      {grids.length > 1 && (
        <Field label={t("fields.grid")} error={fieldErrors.gridId} hint={v.id ? t("households.moveHint") : undefined}>
          <GridSelect grids={grids} value={v.gridId} onChange={(id) => setV((cur) => ({ ...cur, gridId: id, houseId: null }))} />
        </Field>
      )}
      <Field label={t("fields.house")} error={fieldErrors.houseId}>
        <select className={inputClass} value={v.houseId ?? ""} onChange={(e) => setV({ ...v, houseId: e.target.value || null })} name="houseId">
          <option value="">{t("common.noneOption")}</option>
          {houses.map((h) => (
            <option key={h.id} value={h.id}>
              {h.address}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("fields.householdNo")} error={fieldErrors.householdNo}>
        <input className={inputClass} name="householdNo" value={v.householdNo ?? ""} maxLength={32} onChange={(e) => setV({ ...v, householdNo: e.target.value || null })} />
      </Field>
      <Field label={t("fields.visitTier")} error={fieldErrors.visitTier} hint={t("households.tierHint")}>
        <select className={inputClass} name="visitTier" value={v.visitTier} onChange={(e) => setV({ ...v, visitTier: e.target.value as HouseholdFormValues["visitTier"] })}>
          {VISIT_TIERS.map((tier) => (
            <option key={tier} value={tier}>
              {t(`visitTier.${tier}`)}
            </option>
          ))}
        </select>
      </Field>
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
