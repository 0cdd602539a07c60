import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LocalTime } from "@/components/admin/form";
import { Badge, Card, Empty, inputClass, PageHeader, secondaryButtonClass, Table } from "@/components/admin/ui";
import { searchAudit, type AuditFilter } from "@/lib/admin/data";
import { can } from "@/lib/permissions";
import { orNotFound } from "@/lib/admin/pages";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "审计日志" };

const FIELDS = ["user", "action", "targetType", "targetId", "result", "ip", "from", "to"] as const;

function tone(result: string) {
  return result === "success" ? "green" : result === "denied" || result === "failure" || result === "locked" ? "red" : "amber";
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requireViewer();
  const params = await searchParams;
  const filter: AuditFilter = Object.fromEntries(FIELDS.map((f) => [f, params[f]?.slice(0, 64) || undefined]));
  const [page, t] = await Promise.all([orNotFound(searchAudit(viewer, { ...filter, before: params.before })), getTranslations("admin.audit")]);
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
  const next = page.next ? `/admin/audit?${new URLSearchParams([...query, ["before", page.next]])}` : null;
  return (
    <div className="space-y-4">
      <PageHeader
        title={t("title")}
        subtitle={t("subtitle")}
        actions={
          can(viewer, "audit.export") && (
            <a href={`/api/admin/audit/export?${query}`} className={secondaryButtonClass} data-testid="audit-export">
              {t("export")}
            </a>
          )
        }
      />
      <Card>
        <form method="get" className="grid gap-2 sm:grid-cols-2 lg:grid-cols-4" data-testid="audit-search">
          <input name="user" defaultValue={filter.user ?? ""} placeholder={t("user")} aria-label={t("user")} className={inputClass} />
          <input name="action" defaultValue={filter.action ?? ""} placeholder={t("actionHint")} aria-label={t("action")} className={inputClass} />
          <input name="targetType" defaultValue={filter.targetType ?? ""} placeholder={t("targetType")} aria-label={t("targetType")} className={inputClass} />
          <input name="targetId" defaultValue={filter.targetId ?? ""} placeholder={t("targetId")} aria-label={t("targetId")} className={inputClass} />
          <select name="result" defaultValue={filter.result ?? ""} aria-label={t("result")} className={inputClass}>
            <option value="">{t("anyResult")}</option>
            {["success", "failure", "denied", "locked", "rate_limited", "totp_required"].map((r) => (
              <option key={r} value={r}>{r}</option>
            ))}
          </select>
          <input name="ip" defaultValue={filter.ip ?? ""} placeholder={t("ip")} aria-label={t("ip")} className={inputClass} />
          <label className="flex items-center gap-1 text-sm">
            <span className="whitespace-nowrap text-slate-600">{t("from")}</span>
            <input type="date" name="from" defaultValue={filter.from ?? ""} className={inputClass} />
          </label>
          <label className="flex items-center gap-1 text-sm">
            <span className="whitespace-nowrap text-slate-600">{t("to")}</span>
            <input type="date" name="to" defaultValue={filter.to ?? ""} className={inputClass} />
          </label>
          <button type="submit" className={secondaryButtonClass}>{t("search")}</button>
        </form>
        <p className="mt-2 text-xs text-slate-500">{t("timeNote")}</p>
      </Card>
      {page.rows.length === 0 ? (
        <Empty>{t("empty")}</Empty>
      ) : (
        <Card>
          <Table head={[t("at"), t("user"), t("ip"), t("action"), t("target"), t("result"), t("details")]} testId="audit-table">
            {page.rows.map((r) => (
              <tr key={r.id} data-audit-id={r.id} className="align-top">
                <td className="whitespace-nowrap px-2 py-1.5"><LocalTime value={r.at} /></td>
                <td className="px-2 py-1.5">
                  <div>{r.username ?? "—"}</div>
                  <div className="text-xs text-slate-400">{r.role}</div>
                </td>
                <td className="px-2 py-1.5 font-mono text-xs">{r.ip ?? "—"}</td>
                <td className="px-2 py-1.5 font-mono text-xs">{r.action}</td>
                <td className="px-2 py-1.5 text-xs">{r.targetType ? `${r.targetType}:${r.targetId ?? ""}` : "—"}</td>
                <td className="px-2 py-1.5"><Badge tone={tone(r.result)}>{r.result}</Badge></td>
                <td className="max-w-md px-2 py-1.5">
                  {r.details != null && <pre className="max-h-32 overflow-auto whitespace-pre-wrap break-all text-xs text-slate-600">{JSON.stringify(r.details, null, 1)}</pre>}
                </td>
              </tr>
            ))}
          </Table>
          {next && (
            <div className="mt-3 text-right">
              <Link href={next} className="text-sm text-brand-700 hover:underline" data-testid="audit-more">{t("older")}</Link>
            </div>
          )}
        </Card>
      )}
    </div>
  );
}
