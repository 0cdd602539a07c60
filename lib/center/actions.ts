"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/server/action";
import * as data from "./data";
import * as s from "./schemas";

// The center module's server actions: validate (the wrapper), call the data function,
// refresh the center's pages, answer with a small object.

const refresh = () => revalidatePath("/center", "layout");
function done<T>(r: T): T {
  refresh();
  return r;
}

// visitors and intake
export const searchVisitorsAction = action(s.visitorSearchSchema, async (viewer, { q }) => data.searchVisitors(viewer, q));
export const repeatCheckAction = action(s.repeatCheckSchema, async (viewer, input) => data.repeatCheck(viewer, input));
export const createIntakeAction = action(s.intakeSchema, async (viewer, input) => done(await data.createIntake(viewer, input)));

// disputes
export const createDisputeAction = action(s.disputeSchema, async (viewer, input) => done(await data.createDispute(viewer, input)));
export const assignMediatorsAction = action(s.assignSchema, async (viewer, input) => done(await data.assignMediators(viewer, input)));
export const recordSessionAction = action(s.sessionSchema, async (viewer, input) => done(await data.recordSession(viewer, input)));
export const recordAgreementAction = action(s.agreementSchema, async (viewer, input) => done(await data.recordAgreement(viewer, input)));
export const referDisputeAction = action(s.referSchema, async (viewer, input) => done(await data.referDispute(viewer, input)));
export const uploadScanAction = action(s.scanSchema, async (viewer, input) => done(await data.uploadAgreementScan(viewer, input)));
export const recordFollowUpAction = action(s.followUpSchema, async (viewer, input) => done(await data.recordFollowUp(viewer, input)));
export const applyJudicialAction = action(s.judicialApplySchema, async (viewer, input) => done(await data.applyJudicial(viewer, input)));
export const judicialResultAction = action(s.judicialResultSchema, async (viewer, input) => done(await data.recordJudicialResult(viewer, input)));
export const changeRiskAction = action(s.riskSchema, async (viewer, input) => done(await data.changeRisk(viewer, input)));
export const closeDisputeAction = action(s.closeDisputeSchema, async (viewer, input) => done(await data.closeDispute(viewer, input)));
export const createScreeningAction = action(s.screeningSchema, async (viewer, input) => done(await data.createScreening(viewer, input)));

// petitions
export const createPetitionAction = action(s.petitionSchema, async (viewer, input) => done(await data.createPetition(viewer, input)));
export const decidePetitionAction = action(s.decideSchema, async (viewer, input) => done(await data.decidePetition(viewer, input)));
export const dispatchPetitionAction = action(s.petitionDispatchSchema, async (viewer, input) => done(await data.dispatchPetition(viewer, input)));
export const extendPetitionAction = action(s.extendSchema, async (viewer, input) => done(await data.extendPetition(viewer, input)));
export const replyPetitionAction = action(s.replySchema, async (viewer, input) => done(await data.replyPetition(viewer, input)));
export const satisfactionAction = action(s.satisfactionSchema, async (viewer, input) => done(await data.recordSatisfaction(viewer, input)));
export const requestReviewAction = action(s.reviewSchema, async (viewer, input) => done(await data.requestReview(viewer, input)));
export const reviewResultAction = action(s.reviewResultSchema, async (viewer, input) => done(await data.recordReviewResult(viewer, input)));
export const closePetitionAction = action(s.closePetitionSchema, async (viewer, input) => done(await data.closePetition(viewer, input)));

// meetings and open days
export const createMeetingAction = action(s.meetingSchema, async (viewer, input) => done(await data.createMeeting(viewer, input)));
export const recordMinutesAction = action(s.minutesSchema, async (viewer, input) => done(await data.recordMinutes(viewer, input)));
export const cancelMeetingAction = action(s.cancelMeetingSchema, async (viewer, input) => done(await data.cancelMeeting(viewer, input)));
export const addDecisionAction = action(s.decisionSchema, async (viewer, input) => done(await data.addDecision(viewer, input)));
export const createOpenDayAction = action(s.openDaySchema, async (viewer, input) => done(await data.createOpenDay(viewer, input)));
export const markOpenDayHeldAction = action(s.openDayHeldSchema, async (viewer, input) => done(await data.markOpenDayHeld(viewer, input)));
export const addProblemAction = action(s.problemSchema, async (viewer, input) => done(await data.addProblem(viewer, input)));

// the center itself
export const setPostAction = action(s.postSchema, async (viewer, input) => done(await data.setPost(viewer, input)));
export const blowWhistleAction = action(s.whistleSchema, async (viewer, input) => {
  const r = await data.blowWhistle(viewer, input);
  refresh();
  return { id: r.id };
});
export const answerWhistleAction = action(s.answerWhistleSchema, async (viewer, input) => done(await data.answerWhistle(viewer, input)));
export const saveSettingsAction = action(s.settingsSchema, async (viewer, input) => done(await data.saveCenterSettings(viewer, input)));
