import "server-only";

type HeaderBag = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function read(headers: HeaderBag, name: string): string | null {
  if (typeof (headers as { get?: unknown }).get === "function") return (headers as { get(n: string): string | null }).get(name);
  const v = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v.join(",") : (v ?? null);
}

/**
 * The caller's address. Next.js appends the socket's address to X-Forwarded-For, so the
 * last entry is the peer; with trusted proxies in front, step over their entries. Entries
 * further left are client-supplied and never trusted, so nobody can dodge the per-address
 * sign-in limit by sending the header.
 */
export function clientIp(headers: HeaderBag, trustedHops: number): string {
  const forwarded = (read(headers, "x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const pick = forwarded[forwarded.length - 1 - trustedHops] ?? forwarded[0];
  return pick || read(headers, "x-real-ip") || "unknown";
}
