import "server-only";
import { z } from "zod";

// Development falls back to a fixed secret so that `npm run dev` works on a clean clone;
// production refuses to start without an explicit one (see instrumentation.ts).
import { DEV_SECRET } from "./secret";
import { productionProblems } from "./startup";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required"),
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters").optional(),
  /** "1" shows the demo accounts on the sign-in page; production must opt in explicitly. */
  VITALGRID_DEMO: z.enum(["0", "1"]).optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** Proxies in front of the app whose X-Forwarded-For entries are trusted. */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15000),
  /** XYZ tile URL template; empty means no base layer (grid polygons on a blank map). */
  MAP_TILE_URL: z.string().default(""),
  MAP_TILE_ATTRIBUTION: z.string().default(""),
  /** Coordinate system of the tile provider: Chinese providers use GCJ-02. */
  MAP_TILE_CRS: z.enum(["WGS84", "GCJ02"]).default("WGS84"),
  // --- admin module: defaults of the map settings (lib/settings) ---
  /** Further tile origins the map settings may switch to, comma-separated (allowed by the CSP). */
  MAP_TILE_ORIGINS: z.string().default(""),
  /** Default map centre when no boundary is loaded: "lat,lng[,zoom]". */
  MAP_CENTER: z.string().default(""),
});

export type Env = z.infer<typeof schema> & { NEXTAUTH_SECRET: string; demo: boolean };

function load(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
    throw new Error(`VitalGrid configuration is invalid:\n${lines.join("\n")}`);
  }
  const value = parsed.data;
  if (value.NODE_ENV === "production") {
    const problems = productionProblems(process.env);
    if (problems.length) throw new Error(`VitalGrid refuses to start in production:\n  - ${problems.join("\n  - ")}`);
  }
  return {
    ...value,
    NEXTAUTH_SECRET: value.NEXTAUTH_SECRET ?? DEV_SECRET,
    demo: value.VITALGRID_DEMO === "1" || (value.VITALGRID_DEMO === undefined && value.NODE_ENV !== "production"),
  };
}

let cached: Env | undefined;
export function env(): Env {
  return (cached ??= load());
}
