"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { createPetitionAction } from "@/lib/center/actions";
import type { FormOptions } from "@/lib/center/data";
import { CHANNELS, TOPICS } from "@/lib/center/schemas";
import { GridSelect } from "./event-fields";
import { Field, FormError, inputClass, instantOf, localInput, newRequestKey, SubmitButton, useSubmit } from "./form";
import { VisitorPicker, type PickedVisitor } from "./visitor-picker";

export function PetitionForm({ options }: { options: FormOptions }) {
  const t = useTranslations("center");
  const router = useRouter();
  const { pending, message, fieldErrors: fe, submit } = useSubmit();
  const [requestKey] = useState(newRequestKey);
  const [f, setF] = useState({ channel: "WALK_IN" as (typeof CHANNELS)[number], topic: "LAND_HOUSING" as (typeof TOPICS)[number], title: "", matter: "", headcount: "1", responsibleBody: "", responsibleDepartmentId: 0, gridId: 0, registeredAt: localInput() });
  const [people, setPeople] = useState<{ key: number; v: PickedVisitor | null }[]>([{ key: 0, v: null }]);
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    submit(
      () =>
        createPetitionAction({
          requestKey,
          channel: f.channel,
          topic: f.topic,
          title: f.title,
          matter: f.matter,
          headcount: Number(f.headcount),
          responsibleBody: f.responsibleBody,
          responsibleDepartmentId: f.responsibleDepartmentId || null,
          gridId: f.gridId || null,
          registeredAt: instantOf(f.registeredAt),
          petitioners: people.filter((p) => p.v).map((p) => (({ label: _l, ...ref }) => ref)(p.v!)),
        }),
      (r) => router.push(`/center/petitions/${r.id}`),
    );
  };
  return (
    <form onSubmit={save} className="space-y-4" data-testid="petition-form">
      <fieldset className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 sm:p-4">
        <legend className="px-1 font-medium">{t("petition.petitioners")}</legend>
        {people.map((p, i) => (
          <VisitorPicker key={p.key} value={p.v} onChange={(v) => setPeople(people.map((x, j) => (j === i ? { ...x, v } : x)))} testId={`petitioner-${i}`} />
        ))}
        <button type="button" className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm" onClick={() => setPeople([...people, { key: people.length + Math.random(), v: null }])}>
          + {t("petition.addPetitioner")}
        </button>
        {fe.petitioners && <p className="text-xs text-red-700" data-testid="field-error">{fe.petitioners}</p>}
      </fieldset>
      <fieldset className="grid gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 sm:p-4">
        <Field label={t("petition.channel")}>
          <select className={inputClass} value={f.channel} onChange={(e) => setF({ ...f, channel: e.target.value as typeof f.channel })}>
            {CHANNELS.map((c) => <option key={c} value={c}>{t(`channels.${c}`)}</option>)}
          </select>
        </Field>
        <Field label={t("petition.topic")}>
          <select className={inputClass} value={f.topic} onChange={(e) => setF({ ...f, topic: e.target.value as typeof f.topic })}>
            {TOPICS.map((c) => <option key={c} value={c}>{t(`topics.${c}`)}</option>)}
          </select>
        </Field>
        <Field label={t("petition.caseTitle")} error={fe.title} className="sm:col-span-2">
          <input className={inputClass} value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} data-testid="petition-title" />
        </Field>
        <Field label={t("petition.matter")} error={fe.matter} className="sm:col-span-2">
          <textarea className={inputClass} rows={4} value={f.matter} onChange={(e) => setF({ ...f, matter: e.target.value })} data-testid="petition-matter" />
        </Field>
        <Field label={t("petition.headcount")} error={fe.headcount}>
          <input className={inputClass} inputMode="numeric" value={f.headcount} onChange={(e) => setF({ ...f, headcount: e.target.value })} data-testid="petition-headcount" />
        </Field>
        <Field label={t("petition.registeredAt")} error={fe.registeredAt}>
          <input type="datetime-local" className={inputClass} value={f.registeredAt} onChange={(e) => setF({ ...f, registeredAt: e.target.value })} />
        </Field>
        <Field label={t("petition.responsibleBody")} error={fe.responsibleBody}>
          <input className={inputClass} value={f.responsibleBody} onChange={(e) => setF({ ...f, responsibleBody: e.target.value })} data-testid="petition-body" />
        </Field>
        <Field label={t("petition.responsibleDepartment")} error={fe.responsibleDepartmentId}>
          <select className={inputClass} value={f.responsibleDepartmentId || ""} onChange={(e) => setF({ ...f, responsibleDepartmentId: Number(e.target.value) })}>
            <option value="">{t("common.none")}</option>
            {options.departments.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
          </select>
        </Field>
        <GridSelect label={t("petition.grid")} grids={options.grids} value={f.gridId || null} onChange={(gridId) => setF({ ...f, gridId })} optional error={fe.gridId} />
      </fieldset>
      <FormError message={message} fieldErrors={fe} />
      <SubmitButton pending={pending} testId="save-petition">{t("common.save")}</SubmitButton>
    </form>
  );
}
