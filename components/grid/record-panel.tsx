import { getFormatter, getTranslations } from "next-intl/server";
import { isOwnRecord, mayVerify } from "@/lib/grid/permissions";
import { can, type Action, type RoleKey } from "@/lib/permissions";
import { DeleteRecord, VerifyButton } from "./record-actions";
import { Badge, ButtonLink } from "./ui";

/**
 * A registry record's data state (entered / verified by a second person) and what the
 * viewer may do with it: edit, verify, delete.
 */
export async function RecordPanel({
  kind,
  record,
  viewer,
  editAction,
  editHref,
}: {
  kind: "place" | "facility" | "sentiment";
  record: {
    id: string;
    version: number;
    dataState: "ENTERED" | "VERIFIED";
    creatorId: string | null;
    creatorName: string | null;
    createdAt: Date;
    verifiedByName: string | null;
    verifiedAt: Date | null;
  };
  viewer: { id: string; role: RoleKey };
  editAction: Action;
  editHref: string;
}) {
  const t = await getTranslations("grid.record");
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  const own = isOwnRecord(viewer.id, record.creatorId);
  const mayEdit = can(viewer.role, editAction);
  const verifiable = mayVerify(viewer, record);
  // Someone who could verify, but entered the record themselves, is told why they cannot.
  const ownButVerifier = own && record.dataState === "ENTERED" && can(viewer.role, "grid.records.verify");
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={record.dataState === "VERIFIED" ? "green" : "slate"} testId="data-state">
          {t(`state.${record.dataState}`)}
        </Badge>
        <span className="text-xs text-slate-500">
          {record.creatorName ? t("enteredBy", { name: record.creatorName, at: when(record.createdAt) }) : t("enteredAt", { at: when(record.createdAt) })}
        </span>
        {record.dataState === "VERIFIED" && record.verifiedAt && (
          <span className="text-xs text-slate-500">{t("verifiedBy", { name: record.verifiedByName ?? "—", at: when(record.verifiedAt) })}</span>
        )}
      </div>
      {(mayEdit || verifiable || ownButVerifier) && (
        <div className="flex flex-wrap items-start gap-2">
          {mayEdit && (
            <ButtonLink href={editHref} variant="secondary" testId="edit-record">
              {t("edit")}
            </ButtonLink>
          )}
          {verifiable && <VerifyButton kind={kind} id={record.id} version={record.version} />}
          {ownButVerifier && <p className="self-center text-xs text-slate-500">{t("ownRecord")}</p>}
          {mayEdit && <DeleteRecord kind={kind} id={record.id} version={record.version} />}
        </div>
      )}
    </div>
  );
}
