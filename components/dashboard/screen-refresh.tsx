"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

export const SCREEN_REFRESH_MS = 30_000;

const cnTime = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(11, 19);

/** Reloads the screen's data every 30 seconds, shows the clock and offers full-screen mode. */
export function ScreenRefresh({ renderedAt }: { renderedAt: number }) {
  const t = useTranslations("dashboard.screen");
  const router = useRouter();
  const [now, setNow] = useState(renderedAt);
  useEffect(() => {
    const refresh = setInterval(() => router.refresh(), SCREEN_REFRESH_MS);
    const clock = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearInterval(refresh);
      clearInterval(clock);
    };
  }, [router]);
  return (
    <div className="flex items-center gap-3 text-sm text-slate-400">
      <span className="font-mono text-lg text-slate-100 tabular-nums" data-testid="screen-clock">{cnTime(now)}</span>
      <span data-testid="screen-refreshed">{t("refreshed", { time: cnTime(renderedAt) })}</span>
      <button
        type="button"
        onClick={() => (document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen()).catch(() => undefined)}
        className="rounded px-2 py-1 ring-1 ring-slate-600 hover:bg-slate-800"
      >
        {t("fullscreen")}
      </button>
    </div>
  );
}
