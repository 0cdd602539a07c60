// Calling a running app over HTTP the way a browser does, without a browser: sign in
// through next-auth's credentials endpoint, keep the cookies, and call server actions as
// the React client does (a POST to a page that uses the action, the action's id in the
// `Next-Action` header, the arguments encoded by React's own Flight client). Action ids
// come from the build's server reference manifest. The answer is a Flight stream whose
// root row also carries the re-rendered page (client components a browser would load), so
// only the action's own result is read from it: the row the root's `a` points to, plain
// JSON values as the actions here return them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
// React's Flight client as Next ships it (the same code runs in the browser).
// @ts-expect-error -- a compiled module without type declarations
import * as flight from "next/dist/compiled/react-server-dom-turbopack/client.edge";

const root = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");

const { encodeReply } = flight as { encodeReply(value: unknown[]): Promise<string | FormData> };

export interface ActionRef {
  id: string;
  /**
   * A page that imports the action (the browser posts to the page it is on): the shortest
   * static one, else a dynamic one as a pattern ("/dispatch/[id]") for the caller to fill.
   */
  page: string;
}

/** The server actions of the build in NEXT_DIST_DIR (or .next), by "file#export". */
export function loadActions(distDir = process.env.NEXT_DIST_DIR || ".next"): Map<string, ActionRef> {
  const manifest = JSON.parse(readFileSync(path.join(root, distDir, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
  };
  const out = new Map<string, ActionRef>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (!entry.filename || !entry.exportedName) continue;
    // A worker is a route's module ("app/(app)/dispatch/new/page"): take a static page.
    const page = Object.keys(entry.workers)
      .filter((w) => w.endsWith("/page"))
      .map((w) => "/" + w.slice("app/".length, -"/page".length).split("/").filter((s) => !/^\(.*\)$/.test(s)).join("/"))
      .sort((a, b) => Number(a.includes("[")) - Number(b.includes("[")) || a.length - b.length)[0];
    if (page !== undefined) out.set(`${entry.filename}#${entry.exportedName}`, { id, page });
  }
  return out;
}

export function actionRef(actions: Map<string, ActionRef>, name: string): ActionRef {
  const ref = actions.get(name);
  if (!ref) throw new Error(`no server action ${name} in the build`);
  return ref;
}

/** One signed-in user agent: a cookie jar and the app's address. */
export class AppClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      this.cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1));
    }
  }

  async fetch(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", this.cookieHeader);
    const res = await fetch(`${this.baseUrl}${pathname}`, { redirect: "manual", ...init, headers });
    this.keep(res);
    return res;
  }

  /** Signs in with username and password; throws when no session comes back. */
  async signIn(username: string, password: string): Promise<void> {
    const csrf = await this.fetch("/api/auth/csrf");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await this.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, username, password, json: "true" }),
    });
    await res.arrayBuffer();
    if (![...this.cookies.keys()].some((k) => k.endsWith("session-token"))) throw new Error(`could not sign in as ${username} (${res.status})`);
  }

  /**
   * Calls a server action with its arguments, as the browser's React does, from the action's
   * page or `options.page`. Resolves to the action's return value, or to `{ httpStatus }`
   * when the answer is not an action result.
   */
  async action<T>(ref: ActionRef, args: unknown[], options: { signal?: AbortSignal; page?: string } = {}): Promise<T | { httpStatus: number }> {
    const page = options.page ?? ref.page;
    if (page.includes("[")) throw new Error(`${ref.page}: name the page to post to`);
    const body = await encodeReply(args);
    const headers: Record<string, string> = { "Next-Action": ref.id, Accept: "text/x-component", Origin: this.baseUrl };
    if (typeof body === "string") headers["content-type"] = "text/plain;charset=UTF-8";
    const res = await this.fetch(page, { method: "POST", headers, body, signal: options.signal });
    if (res.status !== 200 || !(res.headers.get("content-type") ?? "").startsWith("text/x-component")) {
      await res.arrayBuffer().catch(() => undefined);
      return { httpStatus: res.status };
    }
    return actionResultOf(new Uint8Array(await res.arrayBuffer())) as T;
  }
}

/** Splits a Flight stream into its rows: id → payload (JSON text, or a text row's text). */
function flightRows(bytes: Uint8Array): Map<string, string> {
  const rows = new Map<string, string>();
  const decoder = new TextDecoder();
  let i = 0;
  while (i < bytes.length) {
    const colon = bytes.indexOf(0x3a, i);
    if (colon < 0) break;
    const id = decoder.decode(bytes.subarray(i, colon));
    const tag = bytes[colon + 1];
    if (tag === 0x54 /* T: text of a given byte length */) {
      const comma = bytes.indexOf(0x2c, colon);
      const length = parseInt(decoder.decode(bytes.subarray(colon + 2, comma)), 16);
      rows.set(id, decoder.decode(bytes.subarray(comma + 1, comma + 1 + length)));
      i = comma + 1 + length;
    } else {
      const end = bytes.indexOf(0x0a, colon);
      rows.set(id, decoder.decode(bytes.subarray(colon + 1, end < 0 ? bytes.length : end)));
      i = end < 0 ? bytes.length : end + 1;
    }
  }
  return rows;
}

/** Flight's encoding of plain values: "$$…" is a string starting with "$", "$undefined". */
function plain(value: unknown): unknown {
  if (typeof value === "string" && value.startsWith("$")) {
    if (value === "$undefined") return undefined;
    if (value.startsWith("$$")) return value.slice(1);
    throw new Error(`unexpected Flight reference ${value} in an action result`);
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function actionResultOf(bytes: Uint8Array): unknown {
  const rows = flightRows(bytes);
  const root = JSON.parse(rows.get("0") ?? "null") as { a?: unknown } | null;
  if (!root || !("a" in root)) throw new Error("the answer carries no action result");
  const ref = typeof root.a === "string" && root.a.startsWith("$@") ? root.a.slice(2) : null;
  if (ref === null) return plain(root.a);
  const row = rows.get(ref);
  if (row === undefined) throw new Error(`the action result row ${ref} is missing`);
  if (row.startsWith("E")) throw new Error(`the action failed on the server: ${row.slice(1)}`);
  return plain(JSON.parse(row));
}
