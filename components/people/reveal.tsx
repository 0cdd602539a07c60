"use client";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/server/action";

/**
 * A masked value with a "show" button for viewers allowed to see it in full. Each use
 * asks the server, which records it in the audit log; nothing in full reaches the page
 * before that.
 */
export function Reveal({
  masked,
  reveal,
  canReveal,
  testId,
}: {
  masked: string | null;
  reveal: () => Promise<ActionResult<{ value: string | null }>>;
  canReveal: boolean;
  testId?: string;
}) {
  const t = useTranslations("people.common");
  const [value, setValue] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  if (!masked) return <span data-testid={testId}>—</span>;
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span className="font-mono tracking-wide" data-testid={testId}>
        {value ?? masked}
      </span>
      {canReveal &&
        (value ? (
          <button type="button" className="text-xs text-brand-700" onClick={() => setValue(null)}>
            {t("hide")}
          </button>
        ) : (
          <button
            type="button"
            className="text-xs text-brand-700 disabled:opacity-60"
            title={t("revealHint")}
            disabled={pending}
            data-testid={testId ? `${testId}-reveal` : undefined}
            onClick={() =>
              start(async () => {
                const r = await reveal();
                if (r.ok) {
                  setValue(r.data.value ?? "—");
                  setError(null);
                } else setError(r.message);
              })
            }
          >
            {t("reveal")}
          </button>
        ))}
      {error && <span className="text-xs text-red-700">{error}</span>}
    </span>
  );
}
