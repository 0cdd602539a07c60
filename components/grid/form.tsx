"use client";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/server/action";

// Form plumbing of the grid pages: call a server action with a plain object, keep the
// translated message and field errors it answers with, and render labelled fields.

export interface SubmitState {
  pending: boolean;
  message: string | null;
  fieldErrors: Record<string, string>;
}

export function useSubmit() {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  function submit<T>(call: () => Promise<ActionResult<T>>, onOk: (data: T) => void) {
    start(async () => {
      setMessage(null);
      setFieldErrors({});
      let result: ActionResult<T>;
      try {
        result = await call();
      } catch {
        // The request itself failed (offline, server restarting): nothing was saved.
        setMessage("__network__");
        return;
      }
      if (result.ok) onOk(result.data);
      else {
        setMessage(result.message);
        setFieldErrors(result.fieldErrors ?? {});
      }
    });
  }
  return { pending, message, fieldErrors, submit, setMessage };
}

export function FormError({ message }: { message: string | null }) {
  const t = useTranslations("grid.form");
  if (!message) return null;
  return (
    <p role="alert" data-testid="form-error" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
      {message === "__network__" ? t("network") : message}
    </p>
  );
}

export function Field({ label, error, children, hint, className = "" }: { label: string; error?: string; children: React.ReactNode; hint?: string; className?: string }) {
  return (
    <label className={`block text-sm ${className}`}>
      <span className="text-slate-700">{label}</span>
      <span className="mt-1 block">{children}</span>
      {hint && !error && <span className="mt-0.5 block text-xs text-slate-500">{hint}</span>}
      {error && <span className="mt-0.5 block text-xs text-red-700" data-testid="field-error">{error}</span>}
    </label>
  );
}

export const inputClass =
  "w-full rounded border border-slate-300 bg-white px-3 py-2 text-base sm:text-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600";

export function SubmitButton({ pending, children, testId, className = "" }: { pending: boolean; children: React.ReactNode; testId?: string; className?: string }) {
  const t = useTranslations("grid.form");
  return (
    <button
      type="submit"
      disabled={pending}
      data-testid={testId}
      className={`rounded bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60 ${className}`}
    >
      {pending ? t("saving") : children}
    </button>
  );
}

/** "" → null, otherwise the number (or NaN, which the schema refuses with a message). */
export function numberOrNull(value: string): number | null {
  const v = value.trim();
  return v === "" ? null : Number(v);
}
