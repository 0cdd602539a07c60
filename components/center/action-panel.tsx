"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { createContext, useContext, useState } from "react";
import type { ActionResult } from "@/lib/server/action";
import { FormError, SubmitButton, useSubmit } from "./form";

/**
 * Buttons for the steps that can be taken now; one opens its form below. A step that
 * succeeds refreshes the page (new version, new state), so the next step starts fresh.
 */
export function ActionPanel<K extends string>({ actions, label, render, testId = "actions" }: { actions: K[]; label: (k: K) => string; render: (k: K, close: () => void) => React.ReactNode; testId?: string }) {
  const [open, setOpen] = useState<K | null>(null);
  if (!actions.length) return null;
  return (
    <div className="space-y-3 print:hidden" data-testid={testId}>
      <div className="flex flex-wrap gap-2">
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            onClick={() => setOpen(open === a ? null : a)}
            className={`rounded px-3 py-1.5 text-sm ring-1 ${open === a ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"}`}
            data-testid={`action-${a}`}
          >
            {label(a)}
          </button>
        ))}
      </div>
      {open && (
        <div className="rounded-lg border border-brand-100 bg-brand-50/40 p-3" data-testid={`form-${open}`}>
          {render(open, () => setOpen(null))}
        </div>
      )}
    </div>
  );
}

/** One step's form: submits, shows the translated refusal, refreshes on success. */
export function StepForm<T>({ call, children, onDone, submitLabel }: { call: () => Promise<ActionResult<T>>; children: React.ReactNode; onDone: (data: T) => void; submitLabel?: string }) {
  const t = useTranslations("center.common");
  const router = useRouter();
  const { pending, message, fieldErrors, submit } = useSubmit();
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit(call, (data) => {
          onDone(data);
          router.refresh();
        });
      }}
    >
      <ErrorsContext.Provider value={fieldErrors}>{children}</ErrorsContext.Provider>
      <FormError message={message} fieldErrors={fieldErrors} />
      <SubmitButton pending={pending} testId="step-submit">{submitLabel ?? t("submit")}</SubmitButton>
    </form>
  );
}

const ErrorsContext = createContext<Record<string, string>>({});
/** The field errors of the enclosing StepForm. */
export function useStepErrors() {
  return useContext(ErrorsContext);
}
