import "server-only";

// The center module's data functions, in one place for pages and actions. Every function
// takes the viewer first, checks the permission and scopes its queries to the centers of
// the viewer's territory; records outside it are NOT_FOUND.

export { answerWhistle, blowWhistle, centerOptions, departmentOptions, formOptions, type FormOptions, getCenterPage, getCenterSettings, getWhistle, listWhistles, saveCenterSettings, setPost, stationsOf, whistleTargets } from "./center-data";
export {
  applyJudicial,
  assignMediators,
  changeRisk,
  closeDispute,
  committeeOptions,
  createDispute,
  createScreening,
  getAgreementPrint,
  getAgreementScan,
  getDispute,
  listDisputes,
  listScreenings,
  recordAgreement,
  recordFollowUp,
  recordJudicialResult,
  recordSession,
  referDispute,
  screeningCoverage,
  screeningRef,
  uploadAgreementScan,
  type AgreementPrint,
  type DisputeDetail,
} from "./disputes-data";
export { createIntake, getIntake, getVisitor, listIntake, repeatCheck, searchVisitors, type VisitorCandidate, type VisitorHistory } from "./intake-data";
export {
  addDecision,
  addProblem,
  cancelMeeting,
  communityOptions,
  createMeeting,
  createOpenDay,
  getMeeting,
  getOpenDay,
  listMeetings,
  listOpenDays,
  markOpenDayHeld,
  meetingInvitations,
  meetingCaseOptions,
  recordMinutes,
  type MeetingDetail,
  type OpenDayDetail,
} from "./meetings-data";
export {
  closePetition,
  createPetition,
  decidePetition,
  dispatchPetition,
  extendPetition,
  getPetition,
  listPetitions,
  recordReviewResult,
  recordSatisfaction,
  replyPetition,
  requestReview,
  type PetitionDetail,
} from "./petitions-data";
export { monthlyReport, monthlyReportXlsx, type MonthlyReport, type ReportRow } from "./reports";
