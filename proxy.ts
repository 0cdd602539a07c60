import { NextResponse, type NextRequest } from "next/server";
import { encode, getToken } from "next-auth/jwt";
import { authSecret, idleSeconds } from "@/lib/server/secret";
import { shouldRenewSession } from "@/lib/server/session-roll";

// The proxy only redirects and sets headers; it is not the security boundary. Every data
// function checks the viewer itself (lib/server/auth.ts).

const PUBLIC_PATHS = ["/login", "/api/auth", "/api/health"];

function tileSources(): string {
  const template = process.env.MAP_TILE_URL ?? "";
  const match = /^(https?:\/\/[^/]+)/.exec(template);
  // MAP_TILE_ORIGINS: further tile servers the map settings page may switch to (the
  // administrator picks among them; the policy itself changes only with the deployment).
  const extra = (process.env.MAP_TILE_ORIGINS ?? "").split(",").map((o) => o.trim()).filter(Boolean);
  return [match ? match[1] : "", ...extra].filter(Boolean).map((o) => o.replace(/\{s\}/g, "*")).join(" ");
}

function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV !== "production";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Leaflet positions tiles and markers with inline styles.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${tileSources()}`.trim(),
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const secureCookie = (process.env.NEXTAUTH_URL ?? "").startsWith("https://");
  const token = await getToken({ req, secret: authSecret(), secureCookie });
  const isPublic = PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));

  // Pages need a session; server actions and API routes answer for themselves.
  if (!token && !isPublic && req.method === "GET" && !pathname.startsWith("/api/")) {
    const url = req.nextUrl.clone();
    url.pathname = "/login";
    url.search = pathname === "/" ? "" : `?callbackUrl=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }

  const requestHeaders = new Headers(req.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set("Content-Security-Policy", csp);

  // Rolling idle timeout: requests re-issue the token with a fresh expiry (at most once a
  // minute, never from a server action: lib/server/session-roll.ts), so the session ends
  // after the idle timeout without activity. Never on /api/auth, where re-issuing would
  // undo a sign-out.
  // The idle timeout as it was at sign-in (the current setting is checked again by
  // loadViewer against `seen`, the time of this request as the next one will see it).
  const maxAge = token && typeof token.idle === "number" && token.idle > 0 ? token.idle : idleSeconds();
  const renew = token && shouldRenewSession({ seen: token.seen, idleSeconds: maxAge, isServerAction: req.headers.has("next-action"), now: Date.now() });
  if (token && renew && !pathname.startsWith("/api/auth")) {
    const name = `${secureCookie ? "__Secure-" : ""}next-auth.session-token`;
    const value = await encode({ token: { ...token, seen: Date.now() }, secret: authSecret(), maxAge });
    res.cookies.set(name, value, { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookie, maxAge });
  }
  return res;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|jpg|ico|webmanifest|css|js|txt)$).*)"],
};
