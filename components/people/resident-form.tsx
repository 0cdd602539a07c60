"use client";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { ETHNICITIES } from "@/lib/ethnicity";
import { ageOn, ID_PROBLEM_KEYS, parseIdNumber } from "@/lib/id-number";
import { createResidentAction, gridLinksAction, lookupIdNumberAction, updateResidentAction } from "@/lib/people/actions";
import { RELATIONS, RESIDENCE_TYPES, type RelationKey, type ResidenceTypeKey } from "@/lib/people/rules";
import { Field, FormError, GridSelect, inputClass, SubmitButton, useSubmit, type GridOption } from "./form";
import { MoveRequestPanel } from "./move-request";

export interface ResidentFormValues {
  id?: string;
  version?: number;
  gridId: number;
  name: string;
  ethnicity: string;
  householdId: string | null;
  relationToHead: RelationKey | null;
  houseId: string | null;
  residenceType: ResidenceTypeKey;
  livesHere: boolean;
  employment: string | null;
  tags: { tagId: number; careLevel: number }[];
  idMasked?: string;
  phoneMasked?: string | null;
}

type Links = { households: { id: string; householdNo: string | null; houseId: string | null; address: string | null; head: string | null }[]; houses: { id: string; address: string }[] };
type Existing = { status: "free" } | { status: "here"; id: string; name: string; deleted: boolean } | { status: "elsewhere"; place: string };

export function ResidentForm({
  grids,
  tags,
  initial,
  canRequestMove = false,
}: {
  grids: GridOption[];
  tags: { id: number; name: string; nameEn: string }[];
  initial: ResidentFormValues;
  /** Offer a move request when the ID number is registered outside the territory (new residents only). */
  canRequestMove?: boolean;
}) {
  const t = useTranslations("people");
  const tv = useTranslations("validation");
  const locale = useLocale();
  const router = useRouter();
  const editing = !!initial.id;
  const [v, setV] = useState(initial);
  const [idNumber, setIdNumber] = useState("");
  const [phone, setPhone] = useState("");
  const [links, setLinks] = useState<Links>({ households: [], houses: [] });
  const [existing, setExisting] = useState<Existing>({ status: "free" });
  const { pending, message, fieldErrors, submit, clearField } = useSubmit();
  const set = <K extends keyof ResidentFormValues>(key: K, value: ResidentFormValues[K]) => setV((cur) => ({ ...cur, [key]: value }));

  useEffect(() => {
    if (!v.gridId) return;
    let live = true;
    gridLinksAction({ gridId: v.gridId }).then((r) => {
      if (live && r.ok) setLinks(r.data);
    });
    return () => {
      live = false;
    };
  }, [v.gridId]);

  // What the ID number says, as it is typed: the same rules the server applies.
  const parsed = useMemo(() => (idNumber.trim().length >= 18 ? parseIdNumber(idNumber) : null), [idNumber]);
  const idHint = parsed
    ? parsed.ok
      ? t("residents.derived", { birthDate: parsed.birthDate, sex: t(`sex.${parsed.sex}`), age: ageOn(parsed.birthDate) })
      : null
    : editing
      ? t("residents.idKeep", { masked: initial.idMasked ?? "" })
      : t("residents.idHint");
  const idLiveError = parsed && !parsed.ok ? tv(ID_PROBLEM_KEYS[parsed.problem].replace("validation.", "") as never) : undefined;

  async function checkExisting(value: string) {
    const p = parseIdNumber(value);
    if (!p.ok) return setExisting({ status: "free" });
    const r = await lookupIdNumberAction({ idNumber: value });
    if (r.ok) setExisting(r.data.status === "here" && r.data.id === initial.id ? { status: "free" } : r.data);
  }

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    // A number the live check already refuses is not sent: the field shows why, and no
    // late server answer can overwrite a correction typed meanwhile.
    if (idLiveError) {
      (e.currentTarget as HTMLFormElement).querySelector<HTMLInputElement>('input[name="idNumber"]')?.focus();
      return;
    }
    const common = {
      gridId: v.gridId,
      name: v.name,
      ethnicity: v.ethnicity,
      householdId: v.householdId,
      relationToHead: v.householdId ? v.relationToHead : null,
      houseId: v.houseId,
      residenceType: v.residenceType,
      livesHere: v.residenceType === "REGISTERED" ? v.livesHere : true,
      employment: v.employment,
      tags: v.tags,
    };
    const onFail = (code: string) => {
      if (code === "CONFLICT") void checkExisting(idNumber);
    };
    if (editing) {
      const phoneValue = phone.trim() === "" ? undefined : phone.trim() === "-" ? null : phone;
      submit(
        () => updateResidentAction({ ...common, id: v.id!, version: v.version!, idNumber: idNumber.trim() ? idNumber : undefined, phone: phoneValue }),
        (d) => router.push(`/grid/residents/${d.id}`),
        onFail,
      );
    } else {
      submit(() => createResidentAction({ ...common, idNumber, phone: phone.trim() || null }), (d) => router.push(`/grid/residents/${d.id}`), onFail);
    }
  }

  const household = links.households.find((h) => h.id === v.householdId);
  return (
    <form onSubmit={onSubmit} className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 sm:p-4" data-testid="resident-form" noValidate>
      {grids.length > 1 && (
        <Field label={t("fields.grid")} error={fieldErrors.gridId}>
          <GridSelect
            grids={grids}
            value={v.gridId}
            testId="grid"
            onChange={(id) => setV((cur) => ({ ...cur, gridId: id, householdId: null, houseId: null, relationToHead: null }))}
          />
        </Field>
      )}
      <Field label={t("fields.name")} error={fieldErrors.name}>
        <input name="name" className={inputClass} value={v.name} maxLength={64} onChange={(e) => set("name", e.target.value)} required autoComplete="off" />
      </Field>
      <Field label={t("fields.idNumber")} error={fieldErrors.idNumber ?? idLiveError} hint={idHint} testId="id-field">
        <input
          name="idNumber"
          className={`${inputClass} font-mono tracking-wide`}
          value={idNumber}
          maxLength={18}
          inputMode="text"
          autoComplete="off"
          placeholder={editing ? initial.idMasked : undefined}
          onChange={(e) => {
            setIdNumber(e.target.value.toUpperCase());
            setExisting({ status: "free" });
            clearField("idNumber");
          }}
          onBlur={(e) => void checkExisting(e.target.value)}
        />
      </Field>
      {existing.status === "here" && (
        <p className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="duplicate" role="alert">
          {t("residents.exists")}{" "}
          <Link className="font-medium text-brand-700 underline" href={`/grid/residents/${existing.id}`}>
            {existing.name}
          </Link>
          {existing.deleted && t("residents.existsDeleted")}
        </p>
      )}
      {existing.status === "elsewhere" &&
        (canRequestMove && !editing ? (
          <MoveRequestPanel idNumber={idNumber} place={existing.place} grids={grids} gridId={v.gridId} />
        ) : (
          <p className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="duplicate" role="alert">
            {t("residents.elsewhere", { place: existing.place })}
          </p>
        ))}
      <div className="grid grid-cols-2 gap-3">
        <Field label={t("fields.ethnicity")} error={fieldErrors.ethnicity}>
          <select name="ethnicity" className={inputClass} value={v.ethnicity} onChange={(e) => set("ethnicity", e.target.value)}>
            {ETHNICITIES.map((e) => (
              <option key={e.code} value={e.code}>
                {locale === "en" ? e.en : e.zh}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t("fields.phone")}
          error={fieldErrors.phone}
          hint={editing && initial.phoneMasked ? t("residents.phoneKeep", { masked: initial.phoneMasked }) : undefined}
        >
          <input name="phone" className={inputClass} value={phone} maxLength={20} inputMode="tel" autoComplete="off" onChange={(e) => {
              setPhone(e.target.value);
              clearField("phone");
            }} />
        </Field>
      </div>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field label={t("fields.residenceType")} error={fieldErrors.residenceType}>
          <select
            name="residenceType"
            className={inputClass}
            value={v.residenceType}
            onChange={(e) => {
              const type = e.target.value as ResidenceTypeKey;
              setV((cur) => ({ ...cur, residenceType: type, livesHere: type === "REGISTERED" ? cur.livesHere : true }));
            }}
          >
            {RESIDENCE_TYPES.map((r) => (
              <option key={r} value={r}>
                {t(`residenceType.${r}`)}
              </option>
            ))}
          </select>
        </Field>
        <div className="text-sm">
          <label className="flex items-center gap-2 sm:mt-6">
            <input
              type="checkbox"
              name="livesHere"
              checked={v.residenceType === "REGISTERED" ? v.livesHere : true}
              disabled={v.residenceType !== "REGISTERED"}
              onChange={(e) => set("livesHere", e.target.checked)}
            />
            {t("fields.livesHere")}
          </label>
          <span className="block text-xs text-slate-500">{fieldErrors.livesHere ?? t("residents.livesHereHint")}</span>
        </div>
      </div>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field label={t("fields.household")} error={fieldErrors.householdId}>
          <select
            name="householdId"
            className={inputClass}
            value={v.householdId ?? ""}
            onChange={(e) => {
              const id = e.target.value || null;
              const hh = links.households.find((h) => h.id === id);
              setV((cur) => ({ ...cur, householdId: id, houseId: cur.houseId ?? hh?.houseId ?? null, relationToHead: id ? cur.relationToHead : null }));
            }}
          >
            <option value="">{t("common.noneOption")}</option>
            {links.households.map((h) => (
              <option key={h.id} value={h.id}>
                {[h.householdNo, h.head, h.address].filter(Boolean).join(" · ") || h.id.slice(-6)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("fields.relationToHead")} error={fieldErrors.relationToHead}>
          <select
            name="relationToHead"
            className={inputClass}
            value={v.relationToHead ?? ""}
            disabled={!household}
            onChange={(e) => set("relationToHead", (e.target.value || null) as RelationKey | null)}
          >
            <option value="">{t("common.noneOption")}</option>
            {RELATIONS.map((r) => (
              <option key={r} value={r}>
                {t(`relation.${r}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label={t("fields.house")} error={fieldErrors.houseId}>
        <select name="houseId" className={inputClass} value={v.houseId ?? ""} onChange={(e) => set("houseId", e.target.value || null)}>
          <option value="">{t("common.noneOption")}</option>
          {links.houses.map((h) => (
            <option key={h.id} value={h.id}>
              {h.address}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("fields.employment")} error={fieldErrors.employment}>
        <input name="employment" className={inputClass} value={v.employment ?? ""} maxLength={100} onChange={(e) => set("employment", e.target.value || null)} />
      </Field>
      <fieldset className="text-sm">
        <legend className="text-slate-700">{t("fields.tags")}</legend>
        <div className="mt-1 grid grid-cols-1 gap-1 sm:grid-cols-2">
          {tags.map((g) => {
            const chosen = v.tags.find((x) => x.tagId === g.id);
            return (
              <div key={g.id} className="flex items-center justify-between gap-2 rounded border border-slate-200 px-2 py-1">
                <label className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    checked={!!chosen}
                    onChange={(e) =>
                      set("tags", e.target.checked ? [...v.tags, { tagId: g.id, careLevel: 1 }] : v.tags.filter((x) => x.tagId !== g.id))
                    }
                  />
                  {locale === "en" ? g.nameEn : g.name}
                </label>
                {chosen && (
                  <select
                    aria-label={t("fields.careLevel")}
                    className="rounded border border-slate-300 px-1 py-0.5 text-xs"
                    value={chosen.careLevel}
                    onChange={(e) => set("tags", v.tags.map((x) => (x.tagId === g.id ? { ...x, careLevel: Number(e.target.value) } : x)))}
                  >
                    {[1, 2, 3].map((n) => (
                      <option key={n} value={n}>
                        {t(`careLevel.${n}` as never)}
                      </option>
                    ))}
                  </select>
                )}
              </div>
            );
          })}
        </div>
        {fieldErrors.tags && <span className="mt-0.5 block text-xs text-red-700">{fieldErrors.tags}</span>}
      </fieldset>
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
