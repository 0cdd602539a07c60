"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { addUnitAction, moveUnitAction, renameUnitAction, retireUnitAction } from "@/lib/admin/actions";
import { Field, Notice, useSubmit } from "./form";
import { buttonClass, dangerButtonClass, inputClass, secondaryButtonClass } from "./ui";

/** Rename, move (with the whole subtree), retire a unit; add a unit below it. */
export function UnitEditor({
  unit,
  targets,
  childLevel,
}: {
  unit: { id: number; version: number; name: string; level: string; isRoot: boolean };
  targets: { id: number; name: string; code: string }[];
  childLevel: string | null;
}) {
  const t = useTranslations("admin.territory");
  const tl = useTranslations("levels");
  const router = useRouter();
  const { pending, message, fieldErrors, submit } = useSubmit();
  const [name, setName] = useState(unit.name);
  const [parentId, setParentId] = useState<number | "">("");
  const [child, setChild] = useState({ name: "", code: "" });
  const ref = { id: unit.id, version: unit.version };
  const refresh = (text: string) => () => {
    router.refresh();
    return text;
  };
  return (
    <div className="space-y-4" data-testid="unit-editor">
      <Notice message={message} />
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          submit(() => renameUnitAction({ ...ref, name }), refresh(t("renamed")));
        }}
      >
        <Field label={t("name")} error={fieldErrors.name} className="flex-1">
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} className={inputClass} />
        </Field>
        <button type="submit" disabled={pending} className={secondaryButtonClass}>{t("rename")}</button>
      </form>
      {!unit.isRoot && (
        <form
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (parentId === "") return;
            submit(() => moveUnitAction({ ...ref, parentId }), refresh(t("moved")));
          }}
        >
          <Field label={t("moveTo")} error={fieldErrors.parentId} className="flex-1" hint={t("moveHint")}>
            <select name="parentId" value={parentId} onChange={(e) => setParentId(e.target.value ? Number(e.target.value) : "")} className={inputClass}>
              <option value="">{t("pickParent")}</option>
              {targets.map((p) => (
                <option key={p.id} value={p.id}>{`${p.name}（${p.code}）`}</option>
              ))}
            </select>
          </Field>
          <button type="submit" disabled={pending || parentId === ""} className={secondaryButtonClass}>{t("move")}</button>
        </form>
      )}
      {childLevel && (
        <form
          className="space-y-2 rounded border border-slate-200 p-2"
          onSubmit={(e) => {
            e.preventDefault();
            submit(() => addUnitAction({ parentId: unit.id, name: child.name, code: child.code }), (r) => {
              setChild({ name: "", code: "" });
              router.push(`/admin/territory/${r.id}`);
            });
          }}
        >
          <p className="text-sm font-medium">{t("addChild", { level: tl(childLevel as never) })}</p>
          <Field label={t("name")} error={fieldErrors.name}>
            <input value={child.name} onChange={(e) => setChild({ ...child, name: e.target.value })} className={inputClass} />
          </Field>
          <Field label={t("code")} error={fieldErrors.code} hint={childLevel === "GRID" ? t("gridCodeHint") : t("codeHint")}>
            <input value={child.code} onChange={(e) => setChild({ ...child, code: e.target.value })} className={inputClass} inputMode="numeric" />
          </Field>
          <button type="submit" disabled={pending} className={buttonClass}>{t("add")}</button>
        </form>
      )}
      {!unit.isRoot && (
        <button
          type="button"
          disabled={pending}
          className={dangerButtonClass}
          onClick={() => confirm(t("confirmRetire", { name: unit.name })) && submit(() => retireUnitAction(ref), () => router.push("/admin/territory"))}
        >
          {t("retire")}
        </button>
      )}
    </div>
  );
}
