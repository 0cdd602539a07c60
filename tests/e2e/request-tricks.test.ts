// Known request tricks against Next.js middleware (the x-middleware-subrequest bypass,
// RSC and prefetch headers, .rsc suffixes, path variants) must reveal nothing: the proxy
// is not the security boundary, the layout and the data functions are.
import { describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");

// Text that appears only on signed-in pages of the demo data.
const SECRET_MARKERS = ["玉门市 ·", "data-testid=\"unit-tree\"", "网格分布图"];

const TRICKS: [string, Record<string, string>][] = [
  ["x-middleware-subrequest (CVE-2025-29927)", { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" }],
  ["x-middleware-subrequest naming the proxy", { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" }],
  ["x-middleware-subrequest src/", { "x-middleware-subrequest": "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware" }],
  ["RSC request", { RSC: "1" }],
  ["RSC prefetch", { RSC: "1", "Next-Router-Prefetch": "1" }],
  ["segment prefetch", { RSC: "1", "Next-Router-Prefetch": "1", "Next-Router-Segment-Prefetch": "/_tree" }],
  ["forged session cookie", { cookie: "next-auth.session-token=eyJhbGciOiJub25lIn0.eyJ1aWQiOiJ4Iiwic3YiOjF9." }],
  ["x-forwarded-host to another host", { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" }],
];

const PATHS = ["/", "/index.rsc", "/?_rsc=abc", "//", "/%2F", "/grid", "/admin/territory", "/admin/territory.rsc"];

describe("request tricks reveal nothing without a session", () => {
  for (const [label, headers] of TRICKS) {
    for (const path of PATHS) {
      it(`${label} on ${path}`, async () => {
        const res = await fetch(`${baseUrl}${path}`, { headers, redirect: "manual" });
        const body = res.status >= 300 && res.status < 400 ? "" : await res.text();
        for (const marker of SECRET_MARKERS) expect(body).not.toContain(marker);
        expect(res.status).not.toBe(500);
      });
    }
  }
});
