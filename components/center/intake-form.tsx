"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { createIntakeAction, repeatCheckAction } from "@/lib/center/actions";
import type { FormOptions } from "@/lib/center/data";
import { HANDLINGS, INTAKE_CHANNELS, MATTER_TYPES, RISKS, TOPICS } from "@/lib/center/schemas";
import { EventFields, GridSelect, type EventValue } from "./event-fields";
import { Field, FormError, inputClass, instantOf, localInput, newRequestKey, numberOrNull, SubmitButton, useSubmit } from "./form";
import { newParty, PartyEditor, partyInput, type PartyDraft } from "./party-editor";
import { fmt } from "./ui";
import { VisitorPicker, type PickedVisitor } from "./visitor-picker";

type Handling = (typeof HANDLINGS)[number];

/** The intake desk's form: who came, about what, and how it was handled. */
export function IntakeForm({ options }: { options: FormOptions }) {
  const t = useTranslations("center");
  const router = useRouter();
  const { pending, message, fieldErrors: fe, submit } = useSubmit();
  const [requestKey] = useState(newRequestKey);
  const [visitor, setVisitor] = useState<PickedVisitor | null>(null);
  const [channel, setChannel] = useState<(typeof INTAKE_CHANNELS)[number]>("WALK_IN");
  const [matterType, setMatterType] = useState<(typeof MATTER_TYPES)[number]>("CONSULTATION");
  const [topic, setTopic] = useState<(typeof TOPICS)[number]>("NEIGHBOUR");
  const [content, setContent] = useState("");
  const [receivedAt, setReceivedAt] = useState(() => localInput());
  const [handling, setHandling] = useState<Handling>("ANSWERED");
  const [answer, setAnswer] = useState("");
  const [consultant, setConsultant] = useState("");
  const [dispute, setDispute] = useState({ title: "", facts: "", amount: "", risk: "YELLOW" as (typeof RISKS)[number], riskReason: "", gridId: 0 });
  const [others, setOthers] = useState<PartyDraft[]>(() => [newParty("PERSON")]);
  const [petition, setPetition] = useState({ title: "", headcount: "1", responsibleBody: "", responsibleDepartmentId: 0, gridId: 0 });
  const [event, setEvent] = useState<EventValue & { title: string }>({ categoryId: 0, urgency: "NORMAL", gridId: 0, title: "" });
  const [earlier, setEarlier] = useState<{ visitorId: string | null; count: number; items: { id: string; receivedAt: Date; content: string; unit: string }[] } | null>(null);

  // Has this person been here about the same matter before? Asked as soon as both are known.
  const ref = useMemo(() => (visitor ? (({ label: _l, ...r }) => r)(visitor) : null), [visitor]);
  useEffect(() => {
    if (!ref || (ref.source === "new" && !ref.idNumber && !ref.phone)) {
      setEarlier(null);
      return;
    }
    let live = true;
    const timer = setTimeout(async () => {
      const r = await repeatCheckAction({ visitor: ref, topic }).catch(() => null);
      if (live && r?.ok) setEarlier({ visitorId: r.data.visitorId, count: r.data.earlier.length, items: r.data.earlier });
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [ref, topic]);

  const save = (e: React.FormEvent) => {
    e.preventDefault();
    submit(
      () =>
        createIntakeAction({
          requestKey,
          visitor: ref ?? (undefined as never),
          channel,
          matterType,
          topic,
          content,
          receivedAt: instantOf(receivedAt),
          handling,
          answer: answer || null,
          consultant: consultant || null,
          dispute:
            handling === "DISPUTE"
              ? { title: dispute.title, type: topic, facts: dispute.facts || content, amount: numberOrNull(dispute.amount), risk: dispute.risk, riskReason: dispute.riskReason, gridId: dispute.gridId, otherParties: others.map(partyInput) }
              : undefined,
          petition:
            handling === "PETITION"
              ? { title: petition.title, headcount: Number(petition.headcount), responsibleBody: petition.responsibleBody, responsibleDepartmentId: petition.responsibleDepartmentId || null, gridId: petition.gridId || null }
              : undefined,
          event: handling === "EVENT" ? event : undefined,
        }),
      (r) => router.push(r.disputeId ? `/center/disputes/${r.disputeId}` : r.petitionId ? `/center/petitions/${r.petitionId}` : `/center/intake/${r.id}`),
    );
  };

  return (
    <form onSubmit={save} className="space-y-4" data-testid="intake-form">
      <fieldset className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 sm:p-4">
        <legend className="px-1 font-medium">{t("visitor.label")}</legend>
        <VisitorPicker value={visitor} onChange={setVisitor} error={fe["visitor"] ?? fe["visitor.name"] ?? fe["visitor.idNumber"] ?? fe["visitor.phone"]} />
        {earlier && (
          <div className={`rounded px-3 py-2 text-sm ${earlier.count ? "bg-amber-50 text-amber-900" : "bg-slate-50 text-slate-600"}`} data-testid="repeat-check" data-count={earlier.count}>
            <p className="flex flex-wrap items-center gap-2 font-medium">
              {t("repeat.title")}
              {/* A resident seen here before: their whole history, one click away (the picker links known visitors itself). */}
              {earlier.visitorId && ref?.source !== "visitor" && (
                <Link className="text-sm font-normal text-brand-700 hover:underline" href={`/center/visitors/${earlier.visitorId}`} target="_blank" data-testid="visitor-history-link">
                  {t("visitor.history")}
                </Link>
              )}
            </p>
            <p>{earlier.count ? t("repeat.found", { count: earlier.count }) : t("repeat.none")}</p>
            {earlier.count > 0 && (
              <ul className="mt-1 list-disc pl-5">
                {earlier.items.map((e) => (
                  <li key={e.id}>
                    {fmt(e.receivedAt, false)} {e.unit}：{e.content}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </fieldset>

      <fieldset className="grid gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 sm:p-4">
        <Field label={t("intake.channel")}>
          <select className={inputClass} value={channel} onChange={(e) => setChannel(e.target.value as typeof channel)} data-testid="channel">
            {INTAKE_CHANNELS.map((c) => <option key={c} value={c}>{t(`channels.${c}`)}</option>)}
          </select>
        </Field>
        <Field label={t("intake.receivedAt")} error={fe.receivedAt}>
          <input type="datetime-local" className={inputClass} value={receivedAt} onChange={(e) => setReceivedAt(e.target.value)} />
        </Field>
        <Field label={t("intake.matterType")}>
          <select className={inputClass} value={matterType} onChange={(e) => setMatterType(e.target.value as typeof matterType)} data-testid="matter-type">
            {MATTER_TYPES.map((c) => <option key={c} value={c}>{t(`matterTypes.${c}`)}</option>)}
          </select>
        </Field>
        <Field label={t("intake.topic")}>
          <select className={inputClass} value={topic} onChange={(e) => setTopic(e.target.value as typeof topic)} data-testid="topic">
            {TOPICS.map((c) => <option key={c} value={c}>{t(`topics.${c}`)}</option>)}
          </select>
        </Field>
        <Field label={t("intake.content")} error={fe.content} className="sm:col-span-2">
          <textarea className={inputClass} rows={3} value={content} onChange={(e) => setContent(e.target.value)} data-testid="content" />
        </Field>
        <Field label={t("intake.handling")} className="sm:col-span-2">
          <div className="flex flex-wrap gap-2" role="radiogroup">
            {HANDLINGS.map((h) => (
              <label key={h} className={`cursor-pointer rounded-full px-3 py-1 text-sm ring-1 has-[:focus-visible]:ring-2 ${handling === h ? "bg-brand-600 text-white ring-brand-600" : "bg-white ring-slate-300"}`} data-testid={`handling-${h}`}>
                <input type="radio" name="handling" className="sr-only" value={h} checked={handling === h} onChange={() => setHandling(h)} />
                {t(`handlings.${h}`)}
              </label>
            ))}
          </div>
        </Field>
      </fieldset>

      {(handling === "ANSWERED" || handling === "LEGAL_CONSULTATION") && (
        <fieldset className="grid gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:p-4">
          <Field label={handling === "ANSWERED" ? t("intake.answer") : t("intake.legalAdvice")} error={fe.answer}>
            <textarea className={inputClass} rows={3} value={answer} onChange={(e) => setAnswer(e.target.value)} data-testid="answer" />
          </Field>
          {handling === "LEGAL_CONSULTATION" && (
            <Field label={t("intake.consultant")} error={fe.consultant}>
              <input className={inputClass} value={consultant} onChange={(e) => setConsultant(e.target.value)} data-testid="consultant" />
            </Field>
          )}
        </fieldset>
      )}

      {handling === "DISPUTE" && (
        <fieldset className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 sm:p-4" data-testid="dispute-section">
          <legend className="px-1 font-medium">{t("intake.disputeSection")}</legend>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label={t("dispute.caseTitle")} error={fe["dispute.title"]}>
              <input className={inputClass} value={dispute.title} onChange={(e) => setDispute({ ...dispute, title: e.target.value })} data-testid="dispute-title" />
            </Field>
            <GridSelect label={t("dispute.grid")} grids={options.grids} value={dispute.gridId || null} onChange={(gridId) => setDispute({ ...dispute, gridId })} error={fe["dispute.gridId"]} testId="dispute-grid" />
            <Field label={t("dispute.risk")}>
              <select className={inputClass} value={dispute.risk} onChange={(e) => setDispute({ ...dispute, risk: e.target.value as typeof dispute.risk })} data-testid="dispute-risk">
                {RISKS.map((r) => <option key={r} value={r}>{t(`risks.${r}`)}</option>)}
              </select>
            </Field>
            <Field label={t("dispute.amount")} error={fe["dispute.amount"]}>
              <input className={inputClass} inputMode="decimal" value={dispute.amount} onChange={(e) => setDispute({ ...dispute, amount: e.target.value })} />
            </Field>
            <Field label={t("dispute.riskReason")} error={fe["dispute.riskReason"]} className="sm:col-span-2">
              <input className={inputClass} value={dispute.riskReason} onChange={(e) => setDispute({ ...dispute, riskReason: e.target.value })} data-testid="dispute-risk-reason" />
            </Field>
            <Field label={t("dispute.facts")} hint={t("intake.content")} className="sm:col-span-2">
              <textarea className={inputClass} rows={3} value={dispute.facts} placeholder={content} onChange={(e) => setDispute({ ...dispute, facts: e.target.value })} />
            </Field>
          </div>
          <h3 className="text-sm font-medium">{t("intake.otherParties")}</h3>
          <PartyEditor parties={others} onChange={setOthers} errors={fe} base="dispute.otherParties" offset={1} />
        </fieldset>
      )}

      {handling === "PETITION" && (
        <fieldset className="grid gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 sm:p-4" data-testid="petition-section">
          <legend className="px-1 font-medium">{t("intake.petitionSection")}</legend>
          <Field label={t("petition.caseTitle")} error={fe["petition.title"]}>
            <input className={inputClass} value={petition.title} onChange={(e) => setPetition({ ...petition, title: e.target.value })} data-testid="petition-title" />
          </Field>
          <Field label={t("petition.headcount")} error={fe["petition.headcount"]}>
            <input className={inputClass} inputMode="numeric" value={petition.headcount} onChange={(e) => setPetition({ ...petition, headcount: e.target.value })} />
          </Field>
          <Field label={t("petition.responsibleBody")} error={fe["petition.responsibleBody"]}>
            <input className={inputClass} value={petition.responsibleBody} onChange={(e) => setPetition({ ...petition, responsibleBody: e.target.value })} data-testid="petition-body" />
          </Field>
          <Field label={t("petition.responsibleDepartment")}>
            <select className={inputClass} value={petition.responsibleDepartmentId || ""} onChange={(e) => setPetition({ ...petition, responsibleDepartmentId: Number(e.target.value) })}>
              <option value="">{t("common.none")}</option>
              {options.departments.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
            </select>
          </Field>
          <GridSelect label={t("petition.grid")} grids={options.grids} value={petition.gridId || null} onChange={(gridId) => setPetition({ ...petition, gridId })} optional />
        </fieldset>
      )}

      {handling === "EVENT" && (
        <fieldset className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 sm:p-4" data-testid="event-section">
          <legend className="px-1 font-medium">{t("intake.eventSection")}</legend>
          <Field label={t("event.title")} error={fe["event.title"]}>
            <input className={inputClass} value={event.title} onChange={(e) => setEvent({ ...event, title: e.target.value })} data-testid="event-title" />
          </Field>
          <EventFields options={options} value={event} onChange={(v) => setEvent({ ...event, ...v })} errors={fe} />
        </fieldset>
      )}

      <FormError message={message} fieldErrors={fe} />
      <SubmitButton pending={pending} testId="save-intake">{t("common.save")}</SubmitButton>
    </form>
  );
}
