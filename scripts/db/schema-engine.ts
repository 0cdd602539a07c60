// Prisma's schema engine compiled to WebAssembly, bound to an in-process PGlite.
// The native engine cannot be downloaded everywhere this project is built, and the
// Wasm build needs no binary; it speaks to the database only through a driver adapter.
//
// We load the Wasm module ourselves instead of going through `SchemaEngineWasm.setup`
// from @prisma/migrate: that path reads `schema_engine_bg.wasm` from @prisma/internals'
// build/ folder, which its npm package does not ship. The engine's own JS glue is
// used unchanged.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type {
  DiagnoseMigrationHistoryOutput,
  MigrationList,
  SchemaEngine as RawSchemaEngine,
} from "@prisma/schema-engine-wasm";
import { PrismaPGlite } from "pglite-prisma-adapter";

export interface SchemaFile {
  /** Name reported in engine errors; Prisma uses the path relative to the project. */
  path: string;
  content: string;
}

/** Objects the engine must leave alone, as `tables.external` / `enums.external` in prisma.config.ts. */
export interface SchemaFilter {
  externalTables: string[];
  externalEnums: string[];
}

export const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

type EngineClass = typeof RawSchemaEngine;

let runtime: Promise<EngineClass> | undefined;

// The generated glue keeps the Wasm instance in a module-level variable, so a process
// can hold exactly one instance; every engine shares it.
function loadRuntime(): Promise<EngineClass> {
  runtime ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
    const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const module = new WebAssembly.Module(await readFile(path.join(dir, "schema_engine_bg.wasm")));
    const instance = new WebAssembly.Instance(module, {
      "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start(): void };
    (glue as unknown as { __wbg_set_wasm(exports: WebAssembly.Exports): void }).__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return glue.SchemaEngine;
  })();
  return runtime;
}

/** The engine's error objects are not always `Error`s; user-facing ones carry a P-code. */
function engineError(err: unknown): Error {
  if (err instanceof Error) return err;
  if (err && typeof err === "object" && "message" in err) {
    const { code, message } = err as { code?: string; message: string };
    return new Error(code ? `${code}: ${message}` : message);
  }
  return new Error(String(err));
}

export interface SchemaEngineSession {
  /**
   * SQL that turns the live database into what `target` describes, in the format
   * `prisma migrate diff --script` prints; "" when nothing differs.
   */
  diffDatabaseTo(target: SchemaFile[], filter?: SchemaFilter): Promise<string>;
  /**
   * How Prisma itself reads the database's `_prisma_migrations` against `migrations`
   * (what `prisma migrate status` reports); no shadow database involved.
   */
  diagnoseHistory(migrations: MigrationList, filter?: SchemaFilter): Promise<DiagnoseMigrationHistoryOutput>;
  stop(): void;
}

/**
 * Opens the engine on `db`. `schema` only has to be a valid Prisma schema with a
 * postgresql datasource: the connection itself comes from the adapter.
 */
export async function openSchemaEngine(
  db: PGlite,
  schema: SchemaFile[],
  configDir: string,
): Promise<SchemaEngineSession> {
  const SchemaEngine = await loadRuntime();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(db));
  const engine = await SchemaEngine.new(
    { datamodels: schema.map((f) => [f.path, f.content] as [string, string]) },
    // The engine logs through this callback; its output is noise unless debugging.
    () => {},
    adapter,
  ).catch((err: unknown) => {
    throw engineError(err);
  });

  return {
    async diffDatabaseTo(target, filter = NO_FILTER) {
      try {
        const result = await engine.diff({
          from: { tag: "schemaDatasource", files: schema, configDir },
          to: { tag: "schemaDatamodel", files: target },
          script: true,
          // With exitCode set the engine answers 2 for a non-empty diff; without it an
          // empty diff still comes back as the comment "-- This is an empty migration.".
          exitCode: true,
          filters: filter,
        });
        return result.exitCode === 2 ? (result.stdout ?? "") : "";
      } catch (err) {
        throw engineError(err);
      }
    },
    async diagnoseHistory(migrations, filter = NO_FILTER) {
      try {
        return await engine.diagnoseMigrationHistory({
          migrationsList: migrations,
          optInToShadowDatabase: false,
          filters: filter,
        });
      } catch (err) {
        throw engineError(err);
      }
    },
    stop() {
      engine.free();
    },
  };
}
