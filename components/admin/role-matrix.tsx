"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { Fragment, useMemo, useState } from "react";
import { createRoleAction, deleteRoleAction, updateRoleAction } from "@/lib/admin/actions";
import { ROLES, type RoleKey } from "@/lib/permissions";
import { Field, Notice, useSubmit } from "./form";
import { buttonClass, Card, dangerButtonClass, inputClass, secondaryButtonClass } from "./ui";

interface Matrix {
  actions: string[];
  builtin: { key: RoleKey; permissions: string[]; users: number }[];
  custom: { key: string; name: string; baseRole: string; description: string; permissions: string[]; version: number; users: number }[];
  essential: readonly string[];
}

/** The label of an action, falling back to its key for actions added since the translations were written. */
function useActionLabel() {
  const t = useTranslations("admin.actions");
  return (action: string) => {
    const key = action.replace(/\./g, "_");
    return t.has(key as never) ? t(key as never) : action;
  };
}

/**
 * Every action against every role on one screen. Built-in columns are read-only (their
 * permissions are what the system needs to run); custom columns are edited in place.
 */
export function RoleMatrix({ matrix, duties, canManage }: { matrix: Matrix; duties: Record<string, readonly string[]>; canManage: boolean }) {
  const t = useTranslations("admin.roles");
  const tr = useTranslations("roles");
  const label = useActionLabel();
  const router = useRouter();
  const { pending, message, fieldErrors, submit } = useSubmit();
  const [edits, setEdits] = useState<Record<string, Set<string>>>({});
  const [names, setNames] = useState<Record<string, string>>({});
  const groups = useMemo(() => {
    const g = new Map<string, string[]>();
    for (const a of matrix.actions) g.set(a.split(".")[0], [...(g.get(a.split(".")[0]) ?? []), a]);
    return [...g.entries()];
  }, [matrix.actions]);
  const dutyOf = (a: string) => Object.entries(duties).find(([, list]) => list.includes(a))?.[0];
  const current = (key: string, stored: string[]) => edits[key] ?? new Set(stored);

  function toggle(key: string, stored: string[], action: string) {
    const s = new Set(current(key, stored));
    if (s.has(action)) s.delete(action);
    else s.add(action);
    setEdits((e) => ({ ...e, [key]: s }));
  }

  function save(role: Matrix["custom"][number]) {
    submit(
      () => updateRoleAction({ key: role.key, version: role.version, name: names[role.key] ?? role.name, description: role.description, permissions: [...current(role.key, role.permissions)] }),
      () => {
        setEdits((e) => ({ ...e, [role.key]: undefined as never }));
        router.refresh();
        return t("saved", { name: names[role.key] ?? role.name });
      },
    );
  }

  return (
    <div className="space-y-4">
      <Notice message={message} />
      <Card>
        <div className="-mx-3 overflow-x-auto sm:mx-0">
          <table className="min-w-full text-sm" data-testid="role-matrix">
            <thead className="sticky top-0 bg-white text-xs">
              <tr className="border-b border-slate-200">
                <th className="min-w-[14rem] px-2 py-2 text-left font-medium text-slate-500">{t("action")}</th>
                {matrix.builtin.map((r) => (
                  <th key={r.key} className="px-1 py-2 text-center font-medium" data-role={r.key}>
                    <div className="whitespace-nowrap">{tr(r.key)}</div>
                    <div className="font-normal text-slate-400">{t("builtin")} · {t("userCount", { count: r.users })}</div>
                  </th>
                ))}
                {matrix.custom.map((r) => (
                  <th key={r.key} className="bg-brand-50 px-1 py-2 text-center font-medium" data-role={r.key}>
                    {canManage ? (
                      <input aria-label={t("name")} value={names[r.key] ?? r.name} onChange={(e) => setNames((n) => ({ ...n, [r.key]: e.target.value }))} className="w-24 rounded border border-slate-300 px-1 text-center" />
                    ) : (
                      <div className="whitespace-nowrap">{r.name}</div>
                    )}
                    <div className="font-normal text-slate-500">{t("basedOn", { role: tr(r.baseRole as RoleKey) })} · {t("userCount", { count: r.users })}</div>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {groups.map(([group, actions]) => (
                <Fragment key={group}>
                  <tr className="bg-slate-50">
                    <td colSpan={1 + matrix.builtin.length + matrix.custom.length} className="px-2 py-1 text-xs font-semibold text-slate-600">
                      {group}
                    </td>
                  </tr>
                  {actions.map((a) => (
                    <tr key={a} className="border-b border-slate-100" data-action={a}>
                      <td className="px-2 py-1">
                        <div>{label(a)}</div>
                        <div className="font-mono text-xs text-slate-400">
                          {a}
                          {dutyOf(a) && <span className="ml-1 rounded bg-amber-50 px-1 text-amber-800">{t(`duty.${dutyOf(a)}`)}</span>}
                        </div>
                      </td>
                      {matrix.builtin.map((r) => (
                        <td key={r.key} className="px-1 py-1 text-center" title={t("builtinLocked")}>
                          {r.permissions.includes(a) ? <span aria-label={t("granted")} className="text-emerald-700">✓</span> : <span className="text-slate-300">·</span>}
                        </td>
                      ))}
                      {matrix.custom.map((r) => {
                        const essential = matrix.essential.includes(a);
                        const checked = current(r.key, r.permissions).has(a) || essential;
                        return (
                          <td key={r.key} className="bg-brand-50/40 px-1 py-1 text-center">
                            <input
                              type="checkbox"
                              checked={checked}
                              disabled={!canManage || essential}
                              onChange={() => toggle(r.key, r.permissions, a)}
                              aria-label={`${r.name}: ${a}`}
                              data-role={r.key}
                              data-action={a}
                            />
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </Fragment>
              ))}
            </tbody>
            {canManage && matrix.custom.length > 0 && (
              <tfoot>
                <tr>
                  <td className="px-2 py-2 text-xs text-slate-500">{t("saveHint")}</td>
                  {matrix.builtin.map((r) => (
                    <td key={r.key} />
                  ))}
                  {matrix.custom.map((r) => (
                    <td key={r.key} className="space-y-1 px-1 py-2 text-center">
                      <button type="button" disabled={pending} className={`${buttonClass} px-2 py-1 text-xs`} onClick={() => save(r)} data-testid={`save-role-${r.key}`}>
                        {t("save")}
                      </button>
                      <button
                        type="button"
                        disabled={pending}
                        className={`${dangerButtonClass} px-2 py-1 text-xs`}
                        onClick={() => confirm(t("confirmDelete", { name: r.name })) && submit(() => deleteRoleAction({ key: r.key, version: r.version }), () => {
                          router.refresh();
                          return t("deleted", { name: r.name });
                        })}
                      >
                        {t("delete")}
                      </button>
                    </td>
                  ))}
                </tr>
              </tfoot>
            )}
          </table>
        </div>
        {fieldErrors.permissions && <p className="mt-2 text-sm text-red-700">{fieldErrors.permissions}</p>}
        <p className="mt-3 text-xs text-slate-500">{t("legend")}</p>
      </Card>
      {canManage && <NewRoleForm builtin={matrix.builtin} />}
    </div>
  );
}

function NewRoleForm({ builtin }: { builtin: Matrix["builtin"] }) {
  const t = useTranslations("admin.roles");
  const tr = useTranslations("roles");
  const router = useRouter();
  const { pending, message, fieldErrors, submit } = useSubmit();
  const [key, setKey] = useState("");
  const [name, setName] = useState("");
  const [baseRole, setBaseRole] = useState<RoleKey>("GRID_WORKER");
  const [description, setDescription] = useState("");
  return (
    <Card title={t("newTitle")}>
      <form
        className="space-y-3"
        noValidate
        data-testid="new-role"
        onSubmit={(e) => {
          e.preventDefault();
          // A new role starts with its base role's permissions, minus any administrative duty.
          const permissions = builtin.find((b) => b.key === baseRole)?.permissions ?? [];
          submit(() => createRoleAction({ key, name, baseRole, description, permissions: ["ADMIN", "SECURITY_ADMIN", "AUDIT_ADMIN"].includes(baseRole) ? [] : permissions }), () => {
            setKey("");
            setName("");
            setDescription("");
            router.refresh();
            return t("created", { name });
          });
        }}
      >
        <Notice message={message} />
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <Field label={t("key")} error={fieldErrors.key} hint={t("keyHint")}>
            <input name="key" value={key} onChange={(e) => setKey(e.target.value)} className={inputClass} autoComplete="off" />
          </Field>
          <Field label={t("name")} error={fieldErrors.name}>
            <input name="name" value={name} onChange={(e) => setName(e.target.value)} className={inputClass} />
          </Field>
          <Field label={t("baseRole")} error={fieldErrors.baseRole} hint={t("baseRoleHint")}>
            <select name="baseRole" value={baseRole} onChange={(e) => setBaseRole(e.target.value as RoleKey)} className={inputClass}>
              {ROLES.map((r) => (
                <option key={r} value={r}>{tr(r)}</option>
              ))}
            </select>
          </Field>
          <Field label={t("description")} error={fieldErrors.description}>
            <input name="description" value={description} onChange={(e) => setDescription(e.target.value)} className={inputClass} />
          </Field>
        </div>
        <button type="submit" disabled={pending} className={secondaryButtonClass}>{t("create")}</button>
      </form>
    </Card>
  );
}
