"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { assignGridWorkerAction } from "@/lib/admin/actions";
import { Notice, useSubmit } from "./form";
import { inputClass, secondaryButtonClass } from "./ui";

/** The grid workers placed on this grid, and placing another one here (their scope becomes this grid). */
export function GridWorkers({
  gridId,
  workers,
  candidates,
}: {
  gridId: number;
  workers: { id: string; username: string; displayName: string }[];
  candidates: { id: string; username: string; displayName: string; unitName: string }[];
}) {
  const t = useTranslations("admin.territory");
  const router = useRouter();
  const { pending, message, submit } = useSubmit();
  const [userId, setUserId] = useState("");
  return (
    <div className="space-y-2" data-testid="grid-workers">
      {workers.length ? (
        <ul className="text-sm">
          {workers.map((w) => (
            <li key={w.id}>
              {w.displayName} <span className="font-mono text-xs text-slate-500">{w.username}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">{t("noWorkers")}</p>
      )}
      <Notice message={message} />
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (!userId) return;
          submit(() => assignGridWorkerAction({ userId, gridId }), () => {
            setUserId("");
            router.refresh();
            return t("workerAssigned");
          });
        }}
      >
        <select value={userId} onChange={(e) => setUserId(e.target.value)} className={inputClass} aria-label={t("assignWorker")}>
          <option value="">{t("pickWorker")}</option>
          {candidates.map((c) => (
            <option key={c.id} value={c.id}>{`${c.displayName}（${c.username}，${c.unitName}）`}</option>
          ))}
        </select>
        <button type="submit" disabled={pending || !userId} className={secondaryButtonClass}>{t("assign")}</button>
      </form>
    </div>
  );
}
