import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LocalTime } from "@/components/admin/form";
import { Badge, ButtonLink, Card, Empty, inputClass, PageHeader, secondaryButtonClass, Table } from "@/components/admin/ui";
import { listUsers, userFormOptions, type UserFilter } from "@/lib/admin/data";
import { can, ROLES } from "@/lib/permissions";
import { orNotFound } from "@/lib/admin/pages";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "用户管理" };

const STATUSES = ["enabled", "disabled", "locked", "mustChange", "noTotp"] as const;

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requireViewer();
  const params = await searchParams;
  const filter: UserFilter = {
    q: params.q,
    roleKey: params.role || undefined,
    unitId: params.unit ? Number(params.unit) || undefined : undefined,
    status: (STATUSES as readonly string[]).includes(params.status ?? "") ? (params.status as UserFilter["status"]) : undefined,
    page: Number(params.page) || 1,
  };
  const [list, t, tr, tl] = await Promise.all([orNotFound(listUsers(viewer, filter)), getTranslations("admin.users"), getTranslations("roles"), getTranslations("levels")]);
  const custom = list.customRoles;
  const roleName = (key: string) => ((ROLES as readonly string[]).includes(key) ? tr(key as never) : (custom.find((c) => c.key === key)?.name ?? key));
  const units = can(viewer, "users.manage") || can(viewer, "users.grantAdmin") ? (await orNotFound(userFormOptions(viewer))).units.filter((u) => u.level !== "GRID") : [];
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const query = (page: number) => {
    const q = new URLSearchParams(Object.entries({ ...params, page: String(page) }).filter(([, v]) => v) as [string, string][]);
    return `/admin/users?${q}`;
  };
  return (
    <div className="space-y-4">
      <PageHeader
        title={t("title")}
        subtitle={t("subtitle", { total: list.total })}
        actions={
          can(viewer, "users.manage") && (
            <>
              <ButtonLink href="/admin/users/new" testId="new-user">{t("new")}</ButtonLink>
              <ButtonLink href="/admin/users/import" variant="secondary">{t("import")}</ButtonLink>
            </>
          )
        }
      />
      <Card>
        <form className="grid gap-2 sm:grid-cols-2 lg:grid-cols-5" method="get" data-testid="user-search">
          <input name="q" defaultValue={params.q ?? ""} placeholder={t("searchPlaceholder")} className={inputClass} aria-label={t("searchPlaceholder")} />
          <select name="role" defaultValue={params.role ?? ""} className={inputClass} aria-label={t("role")}>
            <option value="">{t("allRoles")}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>{tr(r)}</option>
            ))}
            {custom.map((c) => (
              <option key={c.key} value={c.key}>{c.name}</option>
            ))}
          </select>
          <select name="unit" defaultValue={params.unit ?? ""} className={inputClass} aria-label={t("unit")}>
            <option value="">{t("allUnits")}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>{`${"\u3000".repeat(Math.max(0, ["COUNTY", "TOWNSHIP", "VILLAGE"].indexOf(u.level)))}${u.name}（${tl(u.level)}）`}</option>
            ))}
          </select>
          <select name="status" defaultValue={params.status ?? ""} className={inputClass} aria-label={t("status")}>
            <option value="">{t("allStatuses")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>{t(`statuses.${s}`)}</option>
            ))}
          </select>
          <button type="submit" className={secondaryButtonClass}>{t("search")}</button>
        </form>
      </Card>
      {list.users.length === 0 ? (
        <Empty>{t("empty")}</Empty>
      ) : (
        <Card>
          <Table head={[t("username"), t("name"), t("role"), t("unit"), t("status"), t("lastLogin")]} testId="user-table">
            {list.users.map((u) => (
              <tr key={u.id} data-username={u.username}>
                <td className="px-2 py-1.5 font-mono">
                  <Link href={`/admin/users/${u.id}`} className="text-brand-700 hover:underline">{u.username}</Link>
                </td>
                <td className="px-2 py-1.5">{u.displayName}</td>
                <td className="px-2 py-1.5">{roleName(u.roleKey)}</td>
                <td className="px-2 py-1.5">{u.departmentName ?? u.unitName}</td>
                <td className="space-x-1 px-2 py-1.5">
                  {!u.enabled && <Badge tone="slate">{t("statuses.disabled")}</Badge>}
                  {u.lockedUntil && <Badge tone="red" testId="locked-badge">{t("lockedUntil")} <LocalTime value={u.lockedUntil} /></Badge>}
                  {u.mustChangePassword && <Badge tone="amber">{t("statuses.mustChange")}</Badge>}
                  {u.totp && <Badge tone="green">{t("totp")}</Badge>}
                </td>
                <td className="px-2 py-1.5 text-slate-600"><LocalTime value={u.lastLoginAt} /></td>
              </tr>
            ))}
          </Table>
          {pages > 1 && (
            <div className="mt-3 flex items-center justify-between text-sm">
              {list.page > 1 ? <Link href={query(list.page - 1)} className="text-brand-700">{t("prev")}</Link> : <span />}
              <span className="text-slate-500">{t("pageOf", { page: list.page, pages })}</span>
              {list.page < pages ? <Link href={query(list.page + 1)} className="text-brand-700">{t("next")}</Link> : <span />}
            </div>
          )}
        </Card>
      )}
    </div>
  );
}
