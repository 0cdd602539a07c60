"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/server/action";
import * as data from "./data";
import * as s from "./schemas";

// Thin server actions: validate (the wrapper), call the data function, refresh the pages
// that show the event, answer with a small object.

type Done = { id: string; no: number; version: number; taskVersion?: number; repeated?: boolean };

function done(r: { id: string; no: number; version?: number; taskVersion?: number; repeated?: boolean }): Done {
  revalidatePath("/dispatch", "layout");
  return { id: r.id, no: r.no, version: r.version ?? 1, taskVersion: r.taskVersion, repeated: r.repeated };
}

export const reportEventAction = action(s.reportSchema, async (viewer, input) => done(await data.reportEvent(viewer, input)));
export const convertSentimentAction = action(s.convertSentimentSchema, async (viewer, input) => {
  const r = await data.convertSentiment(viewer, input);
  revalidatePath("/grid/sentiments", "layout");
  return done(r);
});
export const findDuplicatesAction = action(s.duplicatesSchema, (viewer, input) => data.findDuplicates(viewer, input));
export const linkCandidatesAction = action(s.linkSearchSchema, (viewer, input) => data.linkCandidates(viewer, input));
export const worklistAction = action(s.worklistQuerySchema, (viewer, input) => data.listWorklist(viewer, input));

export const escalateAction = action(s.escalateSchema, async (viewer, input) => done(await data.escalateEvent(viewer, input)));
export const refuseAction = action(s.refuseSchema, async (viewer, input) => done(await data.refuseEvent(viewer, input)));
export const closeLocalAction = action(s.closeLocalSchema, async (viewer, input) => done(await data.closeLocally(viewer, input)));
export const acceptAction = action(s.acceptSchema, async (viewer, input) => done(await data.acceptEvent(viewer, input)));
export const rejectAction = action(s.rejectSchema, async (viewer, input) => done(await data.rejectEvent(viewer, input)));
export const mergeAction = action(s.mergeSchema, async (viewer, input) => done(await data.mergeEvent(viewer, input)));
export const dispatchAction = action(s.dispatchSchema, async (viewer, input) => done(await data.dispatchEvent(viewer, input)));
export const taskAcceptAction = action(s.taskAcceptSchema, async (viewer, input) => done(await data.acceptTask(viewer, input)));
export const taskReturnAction = action(s.taskReturnSchema, async (viewer, input) => done(await data.returnTask(viewer, input)));
export const taskProgressAction = action(s.taskProgressSchema, async (viewer, input) => done(await data.addProgress(viewer, input)));
export const taskCompleteAction = action(s.taskCompleteSchema, async (viewer, input) => done(await data.completeTask(viewer, input)));
export const requestExtensionAction = action(s.requestExtensionSchema, async (viewer, input) => done(await data.requestExtension(viewer, input)));
export const decideExtensionAction = action(s.decideExtensionSchema, async (viewer, input) => done(await data.decideExtension(viewer, input)));
export const passAction = action(s.passSchema, async (viewer, input) => done(await data.passReview(viewer, input)));
export const returnToDeptAction = action(s.returnToDeptSchema, async (viewer, input) => done(await data.returnToDepartment(viewer, input)));
export const closeAction = action(s.closeSchema, async (viewer, input) => done(await data.closeEvent(viewer, input)));
export const reopenAction = action(s.reopenSchema, async (viewer, input) => done(await data.reopenEvent(viewer, input)));
export const urgeAction = action(s.urgeSchema, async (viewer, input) => done(await data.urgeEvent(viewer, input)));
export const superviseAction = action(s.superviseSchema, async (viewer, input) => done(await data.superviseEvent(viewer, input)));
export const instructAction = action(s.instructSchema, async (viewer, input) => done(await data.instructEvent(viewer, input)));
export const noteAction = action(s.noteSchema, async (viewer, input) => done(await data.addNote(viewer, input)));

export const saveCategoryAction = action(s.categorySchema, async (viewer, input) => {
  const r = await data.saveCategory(viewer, input);
  revalidatePath("/dispatch/settings");
  return r;
});
export const saveRuleAction = action(s.ruleSchema, async (viewer, input) => {
  const r = await data.saveRule(viewer, input);
  revalidatePath("/dispatch/settings");
  return r;
});
export const deleteRuleAction = action(s.deleteRuleSchema, async (viewer, input) => {
  const r = await data.deleteRule(viewer, input);
  revalidatePath("/dispatch/settings");
  return r;
});
export const setCalendarDayAction = action(s.calendarDaySchema, async (viewer, input) => {
  const r = await data.setCalendarDay(viewer, input);
  revalidatePath("/dispatch/settings");
  return r;
});
