"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";

/** Polls the change token every 3 s and re-renders the board when it moves. */
export function BoardLive({ token, intervalMs = 3000 }: { token: string; intervalMs?: number }) {
  const t = useTranslations("dispatch.board");
  const router = useRouter();
  const seen = useRef(token);
  const [offline, setOffline] = useState(false);
  useEffect(() => {
    seen.current = token;
  }, [token]);
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      if (document.hidden) return;
      try {
        const res = await fetch("/api/dispatch/changes", { cache: "no-store" });
        if (!res.ok) throw new Error(String(res.status));
        const body = (await res.json()) as { token: string };
        setOffline(false);
        if (!stopped && body.token !== seen.current) {
          seen.current = body.token;
          router.refresh();
        }
      } catch {
        setOffline(true);
      }
    };
    const timer = setInterval(poll, intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [router, intervalMs]);
  return (
    <span className={`text-xs ${offline ? "text-red-700" : "text-emerald-700"}`} data-testid="board-live" data-token={token}>
      ● {offline ? t("offline") : t("live")}
    </span>
  );
}
