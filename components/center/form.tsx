"use client";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/server/action";

// Form plumbing of the center pages: call a server action with a plain object and keep
// the translated message and field errors it answers with.

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

/** The action's message, and every field error under it (some fields are deep in lists). */
export function FormError({ message, fieldErrors = {} }: { message: string | null; fieldErrors?: Record<string, string> }) {
  const t = useTranslations("center.common");
  if (!message) return null;
  const details = [...new Set(Object.values(fieldErrors))].filter((m) => m !== message);
  return (
    <div role="alert" data-testid="form-error" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
      <p>{message === "__network__" ? t("network") : message}</p>
      {details.length > 0 && (
        <ul className="mt-1 list-disc pl-5" data-testid="form-error-details">
          {details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Field({ label, error, children, hint, className = "" }: { label: string; error?: string; children: React.ReactNode; hint?: string; className?: string }) {
  return (
    <label className={`block text-sm ${className}`}>
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

export function SubmitButton({ pending, children, testId, className = "" }: { pending: boolean; children: React.ReactNode; testId?: string; className?: string }) {
  const t = useTranslations("center.common");
  return (
    <button type="submit" disabled={pending} data-testid={testId} className={`rounded bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60 ${className}`}>
      {pending ? t("saving") : children}
    </button>
  );
}

/** A fresh per-request key: a double click or a retry creates one record. */
export function newRequestKey(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The value of a datetime-local input for an instant, in China time. */
export function localInput(at: Date | string = new Date()): string {
  return new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}

/** A datetime-local value (China time) as an ISO instant with its offset, for the server. */
export function instantOf(local: string): string {
  return local ? `${local.length === 16 ? `${local}:00` : local}+08:00` : "";
}

/** "" → null, otherwise the number (or NaN, which the schema refuses with a message). */
export function numberOrNull(value: string): number | null {
  const v = value.trim();
  return v === "" ? null : Number(v);
}
