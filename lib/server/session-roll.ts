// When the proxy re-issues the session token (the rolling idle timeout).
//
// Re-issuing sets a cookie, and a server action whose response sets a cookie makes Next
// render the whole current page again into the action's answer. So the token is renewed
// at most once a minute (or a tenth of the idle timeout, if that is shorter), and never by
// a server action: background polling (the notification bell) must neither cost a page
// render nor keep an unattended session alive. Navigation and the page refresh after an
// action renew it. The idle timeout thus ends a session up to that interval early.

export const ROLL_INTERVAL_MS = 60_000;

export function shouldRenewSession(opts: { seen: unknown; idleSeconds: number; isServerAction: boolean; now: number }): boolean {
  if (opts.isServerAction) return false;
  if (typeof opts.seen !== "number") return true;
  const interval = Math.min(ROLL_INTERVAL_MS, (opts.idleSeconds * 1000) / 10);
  return opts.now - opts.seen >= interval;
}
