"use client";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/server/action";

// Form plumbing of the people registry: call a server action with a plain object and
// keep the translated message and field errors it answers with.

export function useSubmit() {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  function submit<T>(call: () => Promise<ActionResult<T>>, onOk: (data: T) => void | Promise<void>, onFail?: (code: string) => void) {
    start(async () => {
      setMessage(null);
      setCode(null);
      setFieldErrors({});
      let result: ActionResult<T>;
      try {
        result = await call();
      } catch {
        // The request itself failed (offline, server restarting): nothing was saved.
        setMessage("__network__");
        return;
      }
      if (result.ok) await onOk(result.data);
      else {
        setMessage(result.message);
        setCode(result.code);
        setFieldErrors(result.fieldErrors ?? {});
        onFail?.(result.code);
      }
    });
  }
  /** Forgets a field's server error once the person changes that field. */
  function clearField(key: string) {
    setFieldErrors((cur) => {
      if (!(key in cur)) return cur;
      const { [key]: _gone, ...rest } = cur;
      return rest;
    });
  }
  return { pending, message, code, fieldErrors, submit, setMessage, clearField };
}

export function FormError({ message }: { message: string | null }) {
  const t = useTranslations("people.common");
  if (!message) return null;
  return (
    <p role="alert" data-testid="form-error" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
      {message === "__network__" ? t("network") : message}
    </p>
  );
}

export function Field({ label, error, children, hint, testId }: { label: string; error?: string; children: React.ReactNode; hint?: React.ReactNode; testId?: string }) {
  return (
    <label className="block text-sm" data-testid={testId}>
      <span className="text-slate-700">{label}</span>
      <span className="mt-1 block">{children}</span>
      {hint && !error && <span className="mt-0.5 block text-xs text-slate-500">{hint}</span>}
      {error && (
        <span className="mt-0.5 block text-xs text-red-700" data-testid="field-error">
          {error}
        </span>
      )}
    </label>
  );
}

export const inputClass =
  "w-full rounded border border-slate-300 bg-white px-3 py-2 text-base sm:text-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600";

export function SubmitButton({ pending, children, testId }: { pending: boolean; children: React.ReactNode; testId?: string }) {
  const t = useTranslations("people.common");
  return (
    <button
      type="submit"
      disabled={pending}
      data-testid={testId}
      className="rounded bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
    >
      {pending ? t("saving") : children}
    </button>
  );
}

export interface GridOption {
  id: number;
  name: string;
  village: string;
}

/** Grids grouped by their village or community. */
export function GridSelect({ grids, value, onChange, name = "gridId", testId }: { grids: GridOption[]; value: number; onChange: (id: number) => void; name?: string; testId?: string }) {
  const groups = new Map<string, GridOption[]>();
  for (const g of grids) groups.set(g.village, [...(groups.get(g.village) ?? []), g]);
  return (
    <select name={name} data-testid={testId} className={inputClass} value={value || ""} onChange={(e) => onChange(Number(e.target.value))}>
      {!value && <option value="">—</option>}
      {[...groups].map(([village, list]) => (
        <optgroup key={village} label={village}>
          {list.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
