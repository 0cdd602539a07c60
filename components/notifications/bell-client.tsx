"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { unreadCountAction } from "@/lib/notifications/actions";

const POLL_MS = 30_000;

export function BellClient({ initial }: { initial: number }) {
  const t = useTranslations("dispatch.notifications");
  const [count, setCount] = useState(initial);
  const pathname = usePathname();
  useEffect(() => setCount(initial), [initial]);
  // The page was just rendered with the count: ask again only after moving to another page
  // (the layout, and so `initial`, stays as it was) and then every POLL_MS. Asking at once
  // would be a server action on every page load, which the server answers with the whole
  // page rendered again (the proxy re-issues the session cookie on every request).
  const first = useRef(true);
  useEffect(() => {
    let live = true;
    const poll = async () => {
      if (document.hidden) return;
      const r = await unreadCountAction({}).catch(() => null);
      if (live && r?.ok) setCount(r.data.unread);
    };
    const timer = setInterval(poll, POLL_MS);
    if (first.current) first.current = false;
    else void poll();
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [pathname]);
  return (
    <Link href="/dispatch/notifications" className="relative inline-flex items-center rounded p-1 text-slate-700 hover:bg-brand-50" aria-label={t("bell", { count })} data-testid="bell" data-unread={count}>
      <svg aria-hidden viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.8">
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 8 3 8H3s3-1 3-8" strokeLinejoin="round" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" />
      </svg>
      {count > 0 && (
        <span className="absolute -right-1 -top-1 min-w-[1.1rem] rounded-full bg-red-600 px-1 text-center text-[0.65rem] font-semibold leading-4 text-white">{count > 99 ? "99+" : count}</span>
      )}
    </Link>
  );
}
