"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { addTeamMemberAction, removeTeamAssignmentAction, searchTeamMembersAction, updateTeamMemberAction } from "@/lib/grid/actions";
import { TEAM_ROLES } from "@/lib/grid/dictionary";
import { Field, FormError, inputClass, SubmitButton, useSubmit } from "./form";

type Found = { id: string; name: string; phone: string | null; serves: { role: string; gridName: string }[] };

/** Puts someone on the grid's team: a person already serving nearby grids, or a new one. */
export function AddTeamMember({ gridId }: { gridId: number }) {
  const t = useTranslations("grid.team");
  const tf = useTranslations("grid.form");
  const router = useRouter();
  const [role, setRole] = useState<(typeof TEAM_ROLES)[number]>("CADRE");
  const [q, setQ] = useState("");
  const [found, setFound] = useState<Found[] | null>(null);
  const [chosen, setChosen] = useState<Found | null>(null);
  const [name, setName] = useState("");
  const [phone, setPhone] = useState("");
  const [note, setNote] = useState("");
  const { pending, message, fieldErrors, submit } = useSubmit();

  useEffect(() => {
    const query = q.trim();
    if (!query) return setFound(null);
    let stale = false;
    const timer = setTimeout(async () => {
      const r = await searchTeamMembersAction({ gridId, q: query });
      if (!stale && r.ok) setFound(r.data);
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [q, gridId]);

  return (
    <form
      className="space-y-3"
      data-testid="add-team-member"
      onSubmit={(e) => {
        e.preventDefault();
        submit(
          () => addTeamMemberAction(chosen ? { gridId, role, memberId: chosen.id } : { gridId, role, name, phone, note }),
          () => {
            setChosen(null);
            setName("");
            setPhone("");
            setNote("");
            setQ("");
            router.refresh();
          },
        );
      }}
    >
      <FormError message={message} />
      <Field label={t("role")} error={fieldErrors.role}>
        <select className={inputClass} value={role} onChange={(e) => setRole(e.target.value as (typeof TEAM_ROLES)[number])}>
          {TEAM_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
      </Field>
      {chosen ? (
        <p className="flex items-center gap-2 text-sm">
          <span className="rounded bg-brand-50 px-2 py-1 text-brand-700">{t("chosen", { name: chosen.name })}</span>
          <button type="button" className="text-xs text-slate-600 underline" onClick={() => setChosen(null)}>
            {tf("cancel")}
          </button>
        </p>
      ) : (
        <>
          <Field label={t("existing")}>
            <input className={inputClass} type="search" value={q} maxLength={40} placeholder={t("searchPlaceholder")} onChange={(e) => setQ(e.target.value)} />
          </Field>
          {found && (
            <ul className="divide-y divide-slate-100 rounded border border-slate-200 text-sm">
              {found.length === 0 && <li className="px-3 py-2 text-slate-500">{t("noMatch")}</li>}
              {found.map((m) => (
                <li key={m.id}>
                  <button type="button" className="w-full px-3 py-2 text-left hover:bg-slate-50" onClick={() => (setChosen(m), setQ(""))}>
                    <span className="font-medium">{m.name}</span> <span className="text-xs text-slate-500">{m.phone}</span>
                    <span className="block text-xs text-slate-500">{m.serves.map((s) => t("serves", { grid: s.gridName, role: t(`roles.${s.role}`) })).join(" · ")}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <p className="text-xs font-medium text-slate-600">{t("newPerson")}</p>
          <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
            <Field label={t("name")} error={fieldErrors.name}>
              <input className={inputClass} value={name} maxLength={64} onChange={(e) => setName(e.target.value)} />
            </Field>
            <Field label={t("phone")} error={fieldErrors.phone}>
              <input className={inputClass} type="tel" value={phone} maxLength={20} onChange={(e) => setPhone(e.target.value)} />
            </Field>
          </div>
          <Field label={t("note")} error={fieldErrors.note}>
            <input className={inputClass} value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />
          </Field>
        </>
      )}
      <SubmitButton pending={pending} testId="add-team-submit">
        {t("add")}
      </SubmitButton>
    </form>
  );
}

/** Edit contact / remove from this grid, for one team entry. */
export function TeamEntryActions({ assignmentId, memberId, name, phone, note }: { assignmentId: string; memberId: string; name: string; phone: string | null; note: string | null }) {
  const t = useTranslations("grid.team");
  const tf = useTranslations("grid.form");
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [v, setV] = useState({ name, phone: phone ?? "", note: note ?? "" });
  const { pending, message, fieldErrors, submit } = useSubmit();
  if (!editing)
    return (
      <span className="flex gap-1">
        <button type="button" className="rounded px-2 py-1 text-xs text-brand-700 hover:bg-brand-50" onClick={() => setEditing(true)}>
          {t("editContact")}
        </button>
        <button
          type="button"
          disabled={pending}
          className="rounded px-2 py-1 text-xs text-red-700 hover:bg-red-50"
          onClick={() => {
            if (window.confirm(t("removeConfirm", { name }))) submit(() => removeTeamAssignmentAction({ assignmentId }), () => router.refresh());
          }}
        >
          {t("remove")}
        </button>
        {message && <span className="text-xs text-red-700">{message}</span>}
      </span>
    );
  return (
    <form
      className="mt-2 w-full space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        submit(() => updateTeamMemberAction({ memberId, ...v }), () => (setEditing(false), router.refresh()));
      }}
    >
      <FormError message={message} />
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
        <Field label={t("name")} error={fieldErrors.name}>
          <input className={inputClass} value={v.name} maxLength={64} onChange={(e) => setV({ ...v, name: e.target.value })} />
        </Field>
        <Field label={t("phone")} error={fieldErrors.phone}>
          <input className={inputClass} type="tel" value={v.phone} maxLength={20} onChange={(e) => setV({ ...v, phone: e.target.value })} />
        </Field>
        <Field label={t("note")} error={fieldErrors.note}>
          <input className={inputClass} value={v.note} maxLength={200} onChange={(e) => setV({ ...v, note: e.target.value })} />
        </Field>
      </div>
      <div className="flex gap-2">
        <SubmitButton pending={pending}>{t("editContact")}</SubmitButton>
        <button type="button" className="rounded border border-slate-300 px-3 py-2 text-sm" onClick={() => setEditing(false)}>
          {tf("cancel")}
        </button>
      </div>
    </form>
  );
}
