import { NextResponse, type NextRequest } from "next/server";
import { encode, getToken } from "next-auth/jwt";
import { authSecret, idleSeconds } from "@/lib/server/secret";

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

  // Rolling idle timeout: every request re-issues the token with a fresh expiry, so the
  // session ends after SESSION_IDLE_MINUTES without activity. Never on /api/auth, where
  // re-issuing would undo a sign-out.
  if (token && !pathname.startsWith("/api/auth")) {
    // The idle timeout as it was at sign-in (the current setting is checked again by
    // loadViewer against `seen`, the time of this request as the next one will see it).
    const maxAge = typeof token.idle === "number" && token.idle > 0 ? token.idle : idleSeconds();
    const name = `${secureCookie ? "__Secure-" : ""}next-auth.session-token`;
    const value = await encode({ token: { ...token, seen: Date.now() }, secret: authSecret(), maxAge });
    res.cookies.set(name, value, { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookie, maxAge });
  }
  return res;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|jpg|ico|webmanifest|css|js|txt)$).*)"],
};
