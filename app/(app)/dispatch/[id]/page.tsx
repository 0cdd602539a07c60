import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { ActionPanel } from "@/components/dispatch/action-panel";
import { GradeBadge, Light, StateBadge, UrgencyBadge } from "@/components/dispatch/badges";
import { MapPickerLoader } from "@/components/dispatch/map-picker-loader";
import { Timeline } from "@/components/dispatch/timeline";
import { getEvent } from "@/lib/dispatch/data";
import { requireViewer } from "@/lib/server/auth";
import { AppError } from "@/lib/server/errors";
import { mapConfig } from "@/lib/settings/map";

export const metadata: Metadata = { title: "事件详情" };

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const { id } = await params;
  let event;
  try {
    event = await getEvent(viewer, id.slice(0, 40));
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") notFound();
    throw err;
  }
  const [t, format, locale] = await Promise.all([getTranslations("dispatch"), getFormatter(), getLocale()]);
  const when = (d: Date) => format.dateTime(d, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
  // The base map as the map settings say now (the environment supplies only the defaults).
  const { tiles } = await mapConfig();
  const departmentNames = Object.fromEntries(event.allDepartments.map((d) => [d.id, locale === "en" ? d.nameEn : d.name]));
  const taskDepartments = Object.fromEntries(event.tasks.map((x) => [x.id, locale === "en" ? x.departmentEn : x.department]));
  const lead = [...event.tasks].reverse().find((x) => x.isLead && x.state === "COMPLETED");
  const openLead = event.tasks.find((x) => x.isLead && (x.state === "PENDING" || x.state === "IN_PROGRESS"));
  const leadResult = lead ? ([...event.timeline].reverse().find((e) => e.taskId === lead.id && e.action === "taskComplete")?.comment ?? null) : null;
  const reply = [...event.timeline].reverse().find((e) => e.reply)?.reply ?? null;
  const category = locale === "en" ? `${event.category.parentNameEn ?? ""} / ${event.category.nameEn}` : `${event.category.parentName ?? ""} / ${event.category.name}`;
  return (
    <article className="space-y-4" data-testid="event-detail" data-state={event.state} data-version={event.version}>
      <header className="space-y-1">
        <p className="text-sm text-slate-500">
          <Link href="/dispatch" className="hover:underline">{t("title")}</Link> / #{event.no}
        </p>
        <h1 className="text-xl font-semibold">{event.title}</h1>
        <div className="flex flex-wrap items-center gap-1.5">
          <StateBadge state={event.state} />
          <UrgencyBadge urgency={event.urgency} />
          <GradeBadge grade={event.superviseGrade} />
          <Light light={event.light} dueAt={event.dueAt} />
        </div>
      </header>

      {event.state === "FEEDBACK" && reply && (
        <section className="rounded-lg border border-teal-200 bg-teal-50 p-3" data-testid="feedback-reply">
          <h2 className="text-sm font-medium text-teal-900">{t("detail.resultForReporter")}</h2>
          <p className="mt-1 text-teal-900">{reply}</p>
        </section>
      )}

      <ActionPanel
        eventId={event.id}
        version={event.version}
        state={event.state}
        urgency={event.urgency}
        actions={event.actions}
        tasks={event.tasks.map((x) => ({ id: x.id, version: x.version, department: x.department, departmentEn: x.departmentEn, isLead: x.isLead, dueAt: x.dueAt, extensionUntil: x.extensionUntil }))}
        departments={event.departments}
        defaultDepartmentId={event.defaultDepartmentId}
        defaultCoDepartmentIds={event.defaultCoDepartmentIds}
        routeLevel={event.route?.level ?? null}
        duplicates={event.duplicates.map((d) => ({ no: d.no, title: d.title }))}
        leadResult={leadResult}
      />

      <div className="grid gap-4 lg:grid-cols-[1fr_minmax(18rem,26rem)]">
        <div className="space-y-4">
          <section className="rounded-lg border border-slate-200 bg-white p-3">
            <dl className="grid grid-cols-[6rem_1fr] gap-x-3 gap-y-1.5 text-sm">
              <dt className="text-slate-500">{t("fields.category")}</dt>
              <dd>{category}</dd>
              {/* The list of powers and responsibilities (权责清单): which level answers for this matter. */}
              <dt className="text-slate-500">{t("detail.responsibility")}</dt>
              <dd data-testid="event-responsibility">
                {event.route ? t("detail.responsibilityLevel", { level: t(`detail.levels.${event.route.level}` as never), matters: event.route.matters.join("、") }) : t("detail.responsibilityNone")}
              </dd>
              <dt className="text-slate-500">{t("fields.source")}</dt>
              <dd>
                {t(`sources.${event.source}`)}
                {/* special projects: the campaign finding this event came from */}
                {event.source === "PROJECT_FINDING" && event.sourceRef && (
                  <Link href={`/projects/findings/${event.sourceRef}`} className="ml-2 text-brand-700 hover:underline" data-testid="event-project-link">{t("detail.projectFinding")}</Link>
                )}
              </dd>
              <dt className="text-slate-500">{t("detail.grid")}</dt>
              <dd data-testid="event-grid">{event.gridName}{event.autoGridId && event.autoGridId !== event.gridId ? ` ${t("detail.corrected")}` : ""}</dd>
              {event.holderName && event.isOpen && (
                <>
                  <dt className="text-slate-500">{t("detail.holder")}</dt>
                  <dd>{(event.state === "DISPATCHED" || event.state === "PROCESSING") && openLead ? (locale === "en" ? openLead.departmentEn : openLead.department) : event.holderName}</dd>
                </>
              )}
              <dt className="text-slate-500">{t("detail.reporter")}</dt>
              <dd>{event.reporterName}{event.contactName ? ` · ${event.contactName}` : ""}{event.contactPhone ? ` ${event.contactPhone}` : ""}</dd>
              <dt className="text-slate-500">{t("detail.reportedAt")}</dt>
              <dd>{when(event.reportedAt)}</dd>
              {event.address && (
                <>
                  <dt className="text-slate-500">{t("fields.address")}</dt>
                  <dd>{event.address}</dd>
                </>
              )}
              {event.rating && (
                <>
                  <dt className="text-slate-500">{t("fields.rating")}</dt>
                  <dd>{"★".repeat(event.rating)}</dd>
                </>
              )}
              {event.mergedInto && (
                <>
                  <dt className="text-slate-500">{t("detail.mergedIntoLabel")}</dt>
                  <dd><Link className="text-brand-700 underline" href={`/dispatch/${event.mergedInto.id}`}>#{event.mergedInto.no} {event.mergedInto.title}</Link></dd>
                </>
              )}
            </dl>
            <p className="mt-3 whitespace-pre-wrap text-slate-800">{event.description}</p>
            {event.links.length > 0 && (
              <ul className="mt-2 flex flex-wrap gap-2">
                {event.links.map((l) => (
                  <li key={`${l.kind}${l.targetId}`} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs">{t(`linkKinds.${l.kind}` as never)} · {l.label}</li>
                ))}
              </ul>
            )}
          </section>

          {event.tasks.length > 0 && (
            <section className="rounded-lg border border-slate-200 bg-white p-3" data-testid="tasks">
              <h2 className="mb-2 font-medium">{t("detail.tasks")}</h2>
              <ul className="divide-y divide-slate-100 text-sm">
                {event.tasks.map((x) => (
                  <li key={x.id} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
                    <span>
                      {locale === "en" ? x.departmentEn : x.department}
                      <span className="ml-1 text-xs text-slate-500">{x.isLead ? t("lead") : t("co")} · {t("detail.round", { round: x.round })}</span>
                    </span>
                    <span className="flex items-center gap-2">
                      <span className="text-xs">{t(`taskStates.${x.state}`)}</span>
                      <Light light={x.light} dueAt={x.state === "PENDING" ? x.acceptDueAt : x.dueAt} />
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}

          {event.duplicates.length > 0 && (
            <section className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="detail-duplicates">
              <h2 className="font-medium text-amber-900">{t("form.duplicatesTitle")}</h2>
              <ul className="mt-1 space-y-1">
                {event.duplicates.map((d) => (
                  <li key={d.id}><Link className="text-brand-700 underline" href={`/dispatch/${d.id}`}>#{d.no} {d.title}</Link> · {t("form.metresAway", { metres: d.metres })}</li>
                ))}
              </ul>
            </section>
          )}

          <section className="rounded-lg border border-slate-200 bg-white p-3">
            <h2 className="mb-3 font-medium">{t("detail.timeline")}</h2>
            <Timeline entries={event.timeline} departmentNames={departmentNames} taskDepartments={taskDepartments} />
          </section>
        </div>
        <aside className="space-y-2">
          <h2 className="font-medium">{t("detail.map")}</h2>
          <MapPickerLoader
            features={event.gridFeature ? [event.gridFeature as never] : []}
            tiles={tiles}
            value={{ lat: event.lat, lng: event.lng }}
            readOnly
            highlight={event.gridId}
            height={280}
          />
          <p className="text-xs text-slate-500">{event.lat.toFixed(6)}, {event.lng.toFixed(6)}</p>
        </aside>
      </div>
    </article>
  );
}
