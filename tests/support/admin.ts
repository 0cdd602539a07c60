// Helpers of the administration tests.
import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { db } from "@/lib/server/db";
import { settingsStore } from "@/lib/settings/store";

/** Rows of the audit log matching an action, newest first. */
export function auditRows(action: string) {
  return db.auditLog.findMany({ where: { action }, orderBy: { id: "desc" } });
}

/** The settings cache outlives the per-test database reset: forget it. */
export function freshSettings() {
  settingsStore.invalidate();
}

/** A small .xlsx file (base64) with a header row and rows. */
export async function xlsxBase64(rows: (string | number)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("users");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString("base64");
}

/** Runs statements as a non-superuser role holding exactly the app's grants (vitalgrid_grant_app), in one transaction. */
export const APP_TEST_ROLE = "vitalgrid_app_test";

export async function ensureAppTestRole() {
  await db.$executeRawUnsafe(`DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_TEST_ROLE}') THEN CREATE ROLE ${APP_TEST_ROLE} NOLOGIN NOSUPERUSER; END IF;
  END $$`);
  await db.$executeRawUnsafe(`SELECT vitalgrid_grant_app('${APP_TEST_ROLE}')`);
}

export async function asAppRole<T>(statements: (tx: Parameters<Parameters<typeof db.$transaction>[0]>[0]) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SET LOCAL ROLE ${APP_TEST_ROLE}`);
    return statements(tx);
  });
}

export const uniqueName = (prefix = "u") => `${prefix}${randomUUID().replace(/-/g, "").slice(0, 10)}`;
