"use client";
import { useTranslations } from "next-intl";
import { useEffect, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/server/action";

// Form plumbing of the administration pages: call a server action with a plain object and
// keep the translated message and field errors it answers with.

export function useSubmit() {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const t = useTranslations("admin.common");
  function submit<T>(call: () => Promise<ActionResult<T>>, onOk?: (data: T) => void | string) {
    start(async () => {
      setMessage(null);
      setFieldErrors({});
      let result: ActionResult<T>;
      try {
        result = await call();
      } catch {
        setMessage({ ok: false, text: t("network") });
        return;
      }
      if (result.ok) {
        const text = onOk?.(result.data);
        if (typeof text === "string") setMessage({ ok: true, text });
      } else {
        setMessage({ ok: false, text: result.message });
        setFieldErrors(result.fieldErrors ?? {});
      }
    });
  }
  return { pending, message, fieldErrors, submit, setMessage };
}

export function Notice({ message, testId = "form-message" }: { message: { ok: boolean; text: string } | null; testId?: string }) {
  if (!message) return null;
  return (
    <p role={message.ok ? "status" : "alert"} data-testid={testId} className={`rounded px-3 py-2 text-sm ${message.ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-700"}`}>
      {message.text}
    </p>
  );
}

export function Field({ label, error, children, hint, className = "" }: { label: string; error?: string; children: React.ReactNode; hint?: React.ReactNode; className?: string }) {
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

/** A timestamp stored in UTC, shown in the browser's time zone (UTC until the page is live). */
export function LocalTime({ value, dateOnly = false }: { value: string | Date | null; dateOnly?: boolean }) {
  const [text, setText] = useState<string | null>(null);
  const iso = value ? (typeof value === "string" ? new Date(value) : value).toISOString() : null;
  useEffect(() => {
    if (!iso) return;
    const d = new Date(iso);
    setText(
      dateOnly
        ? d.toLocaleDateString("zh-CN")
        : d.toLocaleString("zh-CN", { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false }),
    );
  }, [iso, dateOnly]);
  if (!iso) return <>—</>;
  return <time dateTime={iso}>{text ?? `${iso.slice(0, dateOnly ? 10 : 19).replace("T", " ")} UTC`}</time>;
}
