import "server-only";
import ExcelJS from "exceljs";
import { ROLES } from "@/lib/permissions";
import { auditActor, authorize, type Viewer } from "@/lib/server/auth";
import { writeAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { hashPassword } from "@/lib/server/passwords";
import { unitsWithin } from "@/lib/server/scope";
import { currentLocale, translatorFor } from "@/lib/i18n/messages";
import { getSetting } from "@/lib/settings/store";
import { oneTimePassword } from "./password-policy";
import { createUserSchema } from "./schemas";
import { resolveRole } from "./users-data";

// Bulk creation of accounts from a spreadsheet: one header row, then one user per row.
// All or nothing: any bad row rejects the file, and the answer lists every problem. Each
// new account gets a one-time password, returned once for the administrator to hand over.

export const USER_IMPORT_COLUMNS = [
  { key: "username", headers: ["用户名", "username"] },
  { key: "displayName", headers: ["姓名", "name", "displayname"] },
  { key: "phone", headers: ["手机", "手机号", "电话", "phone"] },
  { key: "role", headers: ["角色", "role"] },
  { key: "unitCode", headers: ["单位代码", "区划代码", "网格代码", "unitcode", "unit"] },
  { key: "departmentCode", headers: ["部门代码", "departmentcode", "department"] },
] as const;
type ColumnKey = (typeof USER_IMPORT_COLUMNS)[number]["key"];

export const MAX_IMPORT_ROWS = 2000;

function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return "";
  if (typeof value === "object") {
    if ("text" in value && typeof value.text === "string") return value.text.trim();
    if ("result" in value) return String(value.result ?? "").trim();
    if ("richText" in value) return value.richText.map((r) => r.text).join("").trim();
  }
  return String(value).trim();
}

export interface ImportProblem {
  row: number;
  message: string;
}

/** A blank template with the expected header row. */
export async function userImportTemplate(viewer: Viewer): Promise<Buffer> {
  await authorize(viewer, "users.manage");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("users");
  ws.addRow(USER_IMPORT_COLUMNS.map((c) => c.headers[0]));
  ws.addRow(["zhangsan", "张三", "13800000000", "网格员", "620981001001001", ""]);
  ws.columns.forEach((c) => (c.width = 18));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function importUsers(viewer: Viewer, fileBase64: string) {
  await authorize(viewer, "users.manage");
  const t = translatorFor(await currentLocale());
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(fileBase64, "base64") as unknown as ArrayBuffer);
  } catch {
    throw new AppError("VALIDATION", { key: "adminImportUnreadable" });
  }
  const ws = wb.worksheets[0];
  if (!ws || ws.rowCount < 2) throw new AppError("VALIDATION", { key: "adminImportEmpty" });

  const header = (ws.getRow(1).values as ExcelJS.CellValue[]).map((v) => cellText(v).toLowerCase().replace(/\s/g, ""));
  const columnOf = {} as Record<ColumnKey, number>;
  for (const col of USER_IMPORT_COLUMNS) {
    const index = header.findIndex((h) => (col.headers as readonly string[]).includes(h));
    if (index > 0) columnOf[col.key] = index;
  }
  const missing = (["username", "displayName", "role", "unitCode"] as ColumnKey[]).filter((k) => !columnOf[k]);
  if (missing.length)
    throw new AppError("VALIDATION", { key: "adminImportHeaders", values: { columns: missing.map((k) => USER_IMPORT_COLUMNS.find((c) => c.key === k)!.headers[0]).join("、") } });

  // Roles by key, by their Chinese name, or by a custom role's name.
  const custom = await db.customRole.findMany({ select: { key: true, name: true } });
  const roleByName = new Map<string, string>();
  for (const r of ROLES) {
    roleByName.set(r.toLowerCase(), r);
    for (const locale of ["zh-CN", "en"] as const) roleByName.set(translatorFor(locale)(`roles.${r}`), r);
  }
  for (const c of custom) {
    roleByName.set(c.key, c.key);
    roleByName.set(c.name, c.key);
  }
  const units = new Map(
    (await db.unit.findMany({ where: { ...unitsWithin(viewer), retiredAt: null }, select: { id: true, code: true } })).map((u) => [u.code, u.id]),
  );
  const departments = new Map((await db.department.findMany({ where: { enabled: true }, select: { id: true, code: true, name: true } })).flatMap((d) => [[d.code, d.id], [d.name, d.id]]));

  const problems: ImportProblem[] = [];
  const rows: { row: number; input: ReturnType<typeof createUserSchema.parse> }[] = [];
  const seen = new Set<string>();
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const get = (k: ColumnKey) => (columnOf[k] ? cellText(row.getCell(columnOf[k]).value) : "");
    if (USER_IMPORT_COLUMNS.every((c) => !get(c.key))) return;
    if (rows.length + problems.length >= MAX_IMPORT_ROWS) {
      problems.push({ row: n, message: t("errors.adminImportTooMany", { max: MAX_IMPORT_ROWS }) });
      return;
    }
    const roleKey = roleByName.get(get("role")) ?? roleByName.get(get("role").toLowerCase()) ?? "";
    const unitId = units.get(get("unitCode"));
    const departmentText = get("departmentCode");
    const departmentId = departmentText ? departments.get(departmentText) : null;
    const parsed = createUserSchema.safeParse({
      username: get("username"),
      displayName: get("displayName"),
      phone: get("phone"),
      roleKey,
      unitId: unitId ?? -1,
      departmentId: departmentId ?? null,
    });
    const rowProblems: string[] = [];
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]);
        if (field === "unitId" || field === "roleKey") continue;
        rowProblems.push(issue.message.startsWith("validation.") ? t(issue.message as never) : `${field}: ${issue.message}`);
      }
    }
    if (!roleKey) rowProblems.push(t("validation.adminRoleUnknown"));
    if (unitId === undefined) rowProblems.push(t("validation.adminUnitNotInScope"));
    if (departmentText && departmentId === undefined) rowProblems.push(t("validation.adminDepartmentUnknown"));
    const username = get("username");
    if (seen.has(username)) rowProblems.push(t("validation.adminUsernameTwice"));
    seen.add(username);
    if (rowProblems.length || !parsed.success) problems.push({ row: n, message: rowProblems.join("；") });
    else rows.push({ row: n, input: parsed.data });
  });
  if (rows.length === 0 && problems.length === 0) throw new AppError("VALIDATION", { key: "adminImportEmpty" });

  for (const r of rows) {
    const role = await resolveRole(db, r.input.roleKey);
    // Administrative roles are granted one by one by the security administrator.
    if (role?.administrative) problems.push({ row: r.row, message: t("errors.adminRoleNeedsSecurityAdmin") });
  }
  const taken = new Set(
    (await db.user.findMany({ where: { username: { in: rows.map((r) => r.input.username) } }, select: { username: true } })).map((u) => u.username),
  );
  for (const r of rows) if (taken.has(r.input.username)) problems.push({ row: r.row, message: t("validation.adminUsernameTaken") });
  if (problems.length) {
    problems.sort((a, b) => a.row - b.row);
    return { ok: false as const, problems: problems.slice(0, 100), problemCount: problems.length };
  }

  const policy = await getSetting("security.password");
  const created = await Promise.all(
    rows.map(async (r) => {
      const password = oneTimePassword(Math.max(14, policy.minLength));
      return { ...r.input, password, passwordHash: await hashPassword(password) };
    }),
  );
  await db.$transaction(
    async (tx) => {
      await tx.user.createMany({
        data: created.map((u) => ({
          username: u.username,
          displayName: u.displayName,
          phone: u.phone || null,
          role: u.roleKey,
          unitId: u.unitId,
          departmentId: u.departmentId,
          passwordHash: u.passwordHash,
          mustChangePassword: true,
        })),
      });
      await writeAudit(tx, {
        ...auditActor(viewer),
        action: "users.import",
        result: "success",
        targetType: "user",
        details: { count: created.length, usernames: created.map((u) => u.username).slice(0, 500) },
      });
    },
    { timeout: 60_000 },
  );
  return { ok: true as const, created: created.map((u) => ({ username: u.username, displayName: u.displayName, password: u.password })) };
}
