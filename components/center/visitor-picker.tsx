"use client";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { searchVisitorsAction } from "@/lib/center/actions";
import type { VisitorCandidate } from "@/lib/center/data";
import type { VisitorRef } from "@/lib/center/schemas";
import { Field, inputClass } from "./form";
import { Badge } from "./ui";

export type PickedVisitor = VisitorRef & { label?: string };

/**
 * Finds the visitor among residents (by name, full ID number or mobile, through the
 * registry's own search) and visitors seen before, or takes a new one. Calls `onChange`
 * with a reference the server resolves; nothing is created until the form is saved.
 */
export function VisitorPicker({ value, onChange, testId = "visitor", error }: { value: PickedVisitor | null; onChange: (v: PickedVisitor | null) => void; testId?: string; error?: string }) {
  const t = useTranslations("center.visitor");
  const [q, setQ] = useState("");
  const [results, setResults] = useState<VisitorCandidate[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [entering, setEntering] = useState(false);
  const [fresh, setFresh] = useState({ name: "", phone: "", idNumber: "" });

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setResults(null);
      return;
    }
    let live = true;
    const timer = setTimeout(async () => {
      setBusy(true);
      const r = await searchVisitorsAction({ q: query }).catch(() => null);
      if (live) {
        setResults(r?.ok ? r.data : []);
        setBusy(false);
      }
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);

  useEffect(() => {
    if (entering) onChange({ source: "new", name: fresh.name, phone: fresh.phone || null, idNumber: fresh.idNumber || null, label: fresh.name });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [entering, fresh]);

  if (value && value.source !== "new") {
    return (
      <div className="flex flex-wrap items-center gap-2 rounded border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm" data-testid={`${testId}-chosen`}>
        <span>{t("chosen", { name: value.label ?? "" })}</span>
        {value.source === "visitor" && (
          <Link className="text-brand-700 hover:underline" href={`/center/visitors/${value.visitorId}`} target="_blank">
            {t("history")}
          </Link>
        )}
        <button type="button" className="ml-auto text-brand-700 hover:underline" onClick={() => onChange(null)}>
          {t("change")}
        </button>
      </div>
    );
  }

  return (
    <div className="space-y-2" data-testid={testId}>
      {!entering && (
        <>
          <input className={inputClass} placeholder={t("search")} aria-label={t("search")} value={q} onChange={(e) => setQ(e.target.value)} data-testid={`${testId}-search`} />
          {busy && <p className="text-xs text-slate-500">{t("searching")}</p>}
          {results && results.length === 0 && !busy && <p className="text-xs text-slate-500">{t("noMatch")}</p>}
          {results && results.length > 0 && (
            <ul className="max-h-60 divide-y divide-slate-100 overflow-auto rounded border border-slate-200 bg-white text-sm" data-testid={`${testId}-results`}>
              {results.map((r) => (
                <li key={`${r.source}:${r.id}`}>
                  <button
                    type="button"
                    className="flex w-full flex-wrap items-center gap-1.5 px-3 py-2 text-left hover:bg-brand-50"
                    onClick={() => onChange(r.source === "resident" ? { source: "resident", residentId: r.id, label: r.name } : { source: "visitor", visitorId: r.id, label: r.name })}
                  >
                    <span className="font-medium">{r.name}</span>
                    <Badge tone={r.source === "resident" ? "blue" : "slate"}>{t(r.source === "resident" ? "resident" : "known")}</Badge>
                    {r.visits > 0 && <Badge tone="amber">{t("visits", { count: r.visits })}</Badge>}
                    <span className="w-full text-xs text-slate-500">{r.detail}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={entering}
          onChange={(e) => {
            setEntering(e.target.checked);
            if (!e.target.checked) onChange(null);
          }}
          data-testid={`${testId}-new`}
        />
        {t("new")}
      </label>
      {entering && (
        <div className="grid gap-2 sm:grid-cols-3">
          <Field label={t("name")}>
            <input className={inputClass} value={fresh.name} onChange={(e) => setFresh({ ...fresh, name: e.target.value })} data-testid={`${testId}-name`} />
          </Field>
          <Field label={t("phone")}>
            <input className={inputClass} inputMode="tel" value={fresh.phone} onChange={(e) => setFresh({ ...fresh, phone: e.target.value })} data-testid={`${testId}-phone`} />
          </Field>
          <Field label={t("idNumber")}>
            <input className={inputClass} value={fresh.idNumber} onChange={(e) => setFresh({ ...fresh, idNumber: e.target.value })} data-testid={`${testId}-id`} />
          </Field>
        </div>
      )}
      {error && <p className="text-xs text-red-700" data-testid="field-error">{error}</p>}
    </div>
  );
}
