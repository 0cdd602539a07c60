"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createUserAction, updateUserAction } from "@/lib/admin/actions";
import { Field, Notice, useSubmit } from "./form";
import { OneTimePassword } from "./one-time-password";
import { buttonClass, inputClass } from "./ui";
import { UnitPicker, type PickerUnit } from "./unit-picker";

export interface UserFormOptions {
  rootId: number;
  units: PickerUnit[];
  departments: { id: number; name: string }[];
  roles: { key: string; name: string | null; builtin: boolean; administrative: boolean }[];
  canGrantAdmin: boolean;
  canManage: boolean;
}

export interface UserFormValues {
  id?: string;
  version?: number;
  username: string;
  displayName: string;
  phone: string;
  roleKey: string;
  unitId: number | null;
  departmentId: number | null;
}

/** Create (with a one-time password shown once) or edit an account. */
export function UserForm({ options, initial }: { options: UserFormOptions; initial?: UserFormValues }) {
  const t = useTranslations("admin.users");
  const tr = useTranslations("roles");
  const router = useRouter();
  const { pending, message, fieldErrors, submit } = useSubmit();
  const [v, setV] = useState<UserFormValues>(initial ?? { username: "", displayName: "", phone: "", roleKey: "", unitId: null, departmentId: null });
  const [created, setCreated] = useState<{ id: string; username: string; password: string } | null>(null);
  const editing = !!initial?.id;
  const set = <K extends keyof UserFormValues>(k: K, value: UserFormValues[K]) => setV((s) => ({ ...s, [k]: value }));
  // Administrative roles are the security administrator's to grant.
  const roles = options.roles.filter((r) => !r.administrative || options.canGrantAdmin || r.key === initial?.roleKey);

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const common = { displayName: v.displayName, phone: v.phone, roleKey: v.roleKey, unitId: v.unitId ?? 0, departmentId: v.departmentId };
    if (editing) submit(() => updateUserAction({ id: initial!.id!, version: initial!.version!, ...common }), () => {
      router.refresh();
      return t("saved");
    });
    else submit(() => createUserAction({ username: v.username, ...common }), (data) => setCreated(data));
  }

  if (created)
    return (
      <div className="space-y-3" data-testid="user-created">
        <p className="text-sm">{t("createdIntro", { username: created.username })}</p>
        <OneTimePassword username={created.username} password={created.password} />
        <div className="flex gap-2">
          <button type="button" className={buttonClass} onClick={() => router.push(`/admin/users/${created.id}`)}>{t("openUser")}</button>
        </div>
      </div>
    );

  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate data-testid="user-form">
      <Notice message={message} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t("username")} error={fieldErrors.username} hint={editing ? undefined : t("usernameHint")}>
          <input name="username" value={v.username} onChange={(e) => set("username", e.target.value)} disabled={editing} className={inputClass} autoComplete="off" />
        </Field>
        <Field label={t("name")} error={fieldErrors.displayName}>
          <input name="displayName" value={v.displayName} onChange={(e) => set("displayName", e.target.value)} className={inputClass} />
        </Field>
        <Field label={t("phone")} error={fieldErrors.phone}>
          <input name="phone" value={v.phone} onChange={(e) => set("phone", e.target.value)} className={inputClass} inputMode="tel" />
        </Field>
        <Field label={t("role")} error={fieldErrors.roleKey} hint={options.canGrantAdmin ? undefined : t("adminRolesHint")}>
          <select name="roleKey" value={v.roleKey} onChange={(e) => set("roleKey", e.target.value)} className={inputClass}>
            <option value="">{t("pickRole")}</option>
            {roles.map((r) => (
              <option key={r.key} value={r.key}>{r.builtin ? tr(r.key as never) : `${r.name}（${t("customRole")}）`}</option>
            ))}
          </select>
        </Field>
        <Field label={t("department")} error={fieldErrors.departmentId} hint={t("departmentHint")}>
          <select name="departmentId" value={v.departmentId ?? ""} onChange={(e) => set("departmentId", e.target.value ? Number(e.target.value) : null)} className={inputClass}>
            <option value="">{t("noDepartment")}</option>
            {options.departments.map((d) => (
              <option key={d.id} value={d.id}>{d.name}</option>
            ))}
          </select>
        </Field>
      </div>
      <div className="text-sm">
        <span className="text-slate-700">{t("territory")}</span>
        <div className="mt-1">
          <UnitPicker units={options.units} rootId={options.rootId} value={v.unitId} onChange={(id) => set("unitId", id)} />
        </div>
        {fieldErrors.unitId && <span className="mt-0.5 block text-xs text-red-700" data-testid="field-error">{fieldErrors.unitId}</span>}
      </div>
      <button type="submit" disabled={pending} className={buttonClass} data-testid="user-submit">{editing ? t("save") : t("create")}</button>
    </form>
  );
}
