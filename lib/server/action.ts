import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { currentLocale, translatorFor } from "@/lib/i18n/messages";
import type { Locale } from "@/lib/i18n/config";
import { getViewer, type Viewer } from "./auth";
import { isDatabaseUnavailable } from "./db";
import { AppError, type ErrorCode } from "./errors";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode; message: string; fieldErrors?: Record<string, string> };

const ZOD_LOCALES: Record<Locale, () => { localeError: z.core.$ZodErrorMap }> = {
  "zh-CN": z.locales.zhCN,
  en: z.locales.en,
};

/** Largest action payload accepted, as JSON; file uploads have limits of their own. */
export const MAX_INPUT_BYTES = 256 * 1024;

type Translate = ReturnType<typeof translatorFor>;

function translateKey(t: Translate, message: string): string {
  // Schemas carry i18n keys (`validation.*`) for rules of our own; zod's own messages
  // already come translated by its locale error map.
  return message.startsWith("validation.") && t.has(message as never) ? t(message as never) : message;
}

function failure(t: Translate, err: AppError): ActionResult<never> {
  const message = err.detail && t.has(`errors.${err.detail.key}` as never)
    ? t(`errors.${err.detail.key}` as never, err.detail.values as never)
    : t(`errors.${err.code}` as never);
  const fieldErrors = err.fieldErrors
    ? Object.fromEntries(Object.entries(err.fieldErrors).map(([k, v]) => [k, translateKey(t, v)]))
    : undefined;
  return { ok: false, code: err.code, message, fieldErrors };
}

function toPlain(input: unknown): unknown {
  if (typeof FormData !== "undefined" && input instanceof FormData) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of input.entries()) {
      if (key.startsWith("$ACTION")) continue;
      out[key] = key in out ? ([] as unknown[]).concat(out[key], value) : value;
    }
    return out;
  }
  return input;
}

// Schemas are module constants: their strict form is made once (zod compiles a schema's
// parser on its first use, so a fresh `.strict()` per call would compile it every time).
const STRICT = new WeakMap<z.ZodType, z.ZodType>();
function strictOf(schema: z.ZodType): z.ZodType {
  let strict = STRICT.get(schema);
  if (!strict) {
    strict = schema instanceof z.ZodObject ? schema.strict() : schema;
    STRICT.set(schema, strict);
  }
  return strict;
}

/**
 * Runs one action for one viewer: validate strictly (unknown keys refused), call the data
 * function, and turn expected errors into a translated `{ code, message }`. Anything
 * unexpected is logged and answered with a generic message. The locale is looked up only
 * when there is something to translate.
 */
export async function runAction<S extends z.ZodType, T>(
  viewer: Viewer | null,
  schema: S,
  handler: (viewer: Viewer, input: z.output<S>) => Promise<T>,
  rawInput: unknown,
): Promise<ActionResult<T>> {
  try {
    if (!viewer) throw new AppError("UNAUTHENTICATED");
    const input = toPlain(rawInput);
    let size = 0;
    try {
      size = JSON.stringify(input ?? null).length;
    } catch {
      throw new AppError("VALIDATION");
    }
    if (size > MAX_INPUT_BYTES) throw new AppError("PAYLOAD_TOO_LARGE");
    const strict = strictOf(schema);
    const parsed = strict.safeParse(input);
    if (!parsed.success) {
      // Parsed again with the caller's language for the field messages.
      const locale = await currentLocale();
      const localized = strict.safeParse(input, { error: ZOD_LOCALES[locale]().localeError });
      const fieldErrors: Record<string, string> = {};
      for (const issue of (localized.error ?? parsed.error).issues) {
        const key = issue.path.length ? issue.path.join(".") : "_";
        fieldErrors[key] ??= issue.message;
      }
      throw new AppError("VALIDATION", undefined, fieldErrors);
    }
    return { ok: true, data: await handler(viewer, parsed.data as z.output<S>) };
  } catch (err) {
    unstable_rethrow(err);
    const t = translatorFor(await currentLocale());
    if (err instanceof AppError) return failure(t, err);
    if (isDatabaseUnavailable(err)) return failure(t, new AppError("SERVICE_BUSY"));
    console.error("[action] unexpected error:", err);
    return failure(t, new AppError("INTERNAL"));
  }
}

/** What `action()` keeps on the function it returns, for the test suites' fuzzing and matrix. */
export interface ActionDefinition<S extends z.ZodType = z.ZodType, T = unknown> {
  schema: S;
  handler: (viewer: Viewer, input: z.output<S>) => Promise<T>;
}

/** Builds a server action: export the result from a `'use server'` file. */
export function action<S extends z.ZodType, T>(schema: S, handler: (viewer: Viewer, input: z.output<S>) => Promise<T>) {
  const serverAction = async (input: z.input<S> | FormData): Promise<ActionResult<T>> => {
    let viewer: Viewer | null = null;
    try {
      viewer = await getViewer();
    } catch (err) {
      unstable_rethrow(err);
      if (!isDatabaseUnavailable(err)) throw err;
      return failure(translatorFor(await currentLocale()), new AppError("SERVICE_BUSY"));
    }
    return runAction(viewer, schema, handler, input);
  };
  // Non-enumerable, so nothing about it crosses to the client.
  Object.defineProperty(serverAction, "definition", { value: { schema, handler } satisfies ActionDefinition<S, T>, enumerable: false });
  return serverAction;
}

/** The schema and handler behind a server action built with `action()`, or undefined. */
export function definitionOf(fn: unknown): ActionDefinition | undefined {
  return typeof fn === "function" ? (fn as { definition?: ActionDefinition }).definition : undefined;
}
