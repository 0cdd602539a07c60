"use client";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useRef, useState, useTransition } from "react";
import { newRequestKey } from "@/components/dispatch/client-utils";
import { convertFindingAction, finishTaskAction } from "@/lib/projects/actions";
import { buttonClass, inputClass, secondaryButtonClass } from "./ui";

/** Marks a task done (the grid worker, once every record is checked or for a free task). */
export function FinishTaskButton({ taskId, version }: { taskId: string; version: number }) {
  const t = useTranslations("projects.task");
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div>
      <button
        type="button"
        className={buttonClass}
        disabled={pending}
        data-testid="finish-task"
        onClick={() => {
          if (!window.confirm(t("finishConfirm"))) return;
          start(async () => {
            const r = await finishTaskAction({ taskId, version });
            if (r.ok) router.refresh();
            else setMessage(r.message);
          });
        }}
      >
        {t("finish")}
      </button>
      {message && <p className="mt-1 text-sm text-red-700" role="alert">{message}</p>}
    </div>
  );
}

/**
 * Turns one finding into a dispatch event with one click. The template's category is
 * used; where it named none, the category is chosen here first.
 */
export function ConvertFindingButton({ findingId, hasCategory, categories }: { findingId: string; hasCategory: boolean; categories: { id: number; name: string; nameEn: string }[] }) {
  const t = useTranslations("projects.submission");
  const locale = useLocale();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [choose, setChoose] = useState(!hasCategory);
  const [categoryId, setCategoryId] = useState<number | "">("");
  const [urgency, setUrgency] = useState<"NORMAL" | "URGENT" | "CRITICAL">("NORMAL");
  const [message, setMessage] = useState<string | null>(null);
  const requestKey = useRef(newRequestKey());
  const convert = () =>
    start(async () => {
      setMessage(null);
      const r = await convertFindingAction({ findingId, requestKey: requestKey.current, ...(categoryId ? { categoryId } : {}), ...(urgency !== "NORMAL" ? { urgency } : {}) });
      if (r.ok) {
        router.refresh();
        return;
      }
      setMessage(r.message);
      if (r.fieldErrors?.categoryId) setChoose(true);
      // A refused request may be retried with other choices: a fresh key.
      requestKey.current = newRequestKey();
    });
  return (
    <div className="mt-2 space-y-2">
      {choose && (
        <div className="grid gap-2 sm:grid-cols-2">
          <select className={inputClass} value={categoryId} onChange={(e) => setCategoryId(e.target.value ? Number(e.target.value) : "")} aria-label={t("category")} data-testid="finding-category">
            <option value="">{hasCategory ? t("templateCategory") : t("chooseCategory")}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>{locale === "en" ? c.nameEn : c.name}</option>
            ))}
          </select>
          <select className={inputClass} value={urgency} onChange={(e) => setUrgency(e.target.value as typeof urgency)} aria-label={t("urgency")}>
            {(["NORMAL", "URGENT", "CRITICAL"] as const).map((u) => (
              <option key={u} value={u}>{t(`urgencies.${u}`)}</option>
            ))}
          </select>
        </div>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={`${buttonClass} bg-red-600 hover:bg-red-700`} disabled={pending || (choose && !hasCategory && !categoryId)} onClick={convert} data-testid="convert-finding">
          {pending ? t("converting") : t("convert")}
        </button>
        {!choose && (
          <button type="button" className={secondaryButtonClass} onClick={() => setChoose(true)}>
            {t("options")}
          </button>
        )}
      </div>
      {message && <p className="text-sm text-red-700" role="alert" data-testid="convert-error">{message}</p>}
    </div>
  );
}
