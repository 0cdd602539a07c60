"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { importUsersAction } from "@/lib/admin/actions";
import { Field, Notice, useSubmit } from "./form";
import { buttonClass, Table } from "./ui";

type Outcome = Awaited<ReturnType<typeof importUsersAction>>;
type ImportData = Extract<Outcome, { ok: true }>["data"];

const MAX_BYTES = 170_000;

function toBase64(buffer: ArrayBuffer): string {
  let binary = "";
  const bytes = new Uint8Array(buffer);
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Upload a spreadsheet of users; all rows are created or none, each with a one-time password shown once. */
export function UserImportForm() {
  const t = useTranslations("admin.import");
  const { pending, message, submit, setMessage } = useSubmit();
  const [result, setResult] = useState<ImportData | null>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const file = new FormData(e.currentTarget).get("file");
    if (!(file instanceof File) || file.size === 0) return;
    if (file.size > MAX_BYTES) return setMessage({ ok: false, text: t("tooLarge") });
    const fileBase64 = toBase64(await file.arrayBuffer());
    setResult(null);
    submit(() => importUsersAction({ fileBase64 }), (data) => {
      setResult(data);
      return data.ok ? t("done", { count: data.created.length }) : undefined;
    });
  }

  function download(rows: { username: string; displayName: string; password: string }[]) {
    const csv = ["username,name,one-time password", ...rows.map((r) => `${r.username},${r.displayName},${r.password}`)].join("\r\n");
    const url = URL.createObjectURL(new Blob(["\ufeff" + csv], { type: "text/csv;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "new-users.csv";
    a.click();
    URL.revokeObjectURL(url);
  }

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        {t("help")}{" "}
        <a href="/api/admin/users/template" className="text-brand-700 underline">{t("template")}</a>
      </p>
      <form onSubmit={onSubmit} className="space-y-3" data-testid="user-import">
        <Field label={t("file")}>
          <input name="file" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required className="block w-full text-sm" />
        </Field>
        <button type="submit" disabled={pending} className={buttonClass}>{t("submit")}</button>
      </form>
      <Notice message={message} />
      {result && !result.ok && (
        <div data-testid="import-problems">
          <p className="mb-2 text-sm text-red-700">{t("rejected", { count: result.problemCount })}</p>
          <Table head={[t("row"), t("problem")]}>
            {result.problems.map((p, i) => (
              <tr key={i}>
                <td className="px-2 py-1">{p.row}</td>
                <td className="px-2 py-1">{p.message}</td>
              </tr>
            ))}
          </Table>
        </div>
      )}
      {result && result.ok && (
        <div className="space-y-2" data-testid="import-created">
          <p className="text-sm">{t("passwordsHint")}</p>
          <button type="button" className={buttonClass} onClick={() => download(result.created)}>{t("downloadPasswords")}</button>
          <Table head={[t("username"), t("name"), t("password")]}>
            {result.created.map((u) => (
              <tr key={u.username}>
                <td className="px-2 py-1 font-mono">{u.username}</td>
                <td className="px-2 py-1">{u.displayName}</td>
                <td className="select-all px-2 py-1 font-mono">{u.password}</td>
              </tr>
            ))}
          </Table>
        </div>
      )}
    </div>
  );
}
