import { describe, expect, it } from "vitest";
import { agreementNo, disputeActions, disputeNext, disputeRefusal, isJointPetition, partyLabel, petitionActions, petitionNext, petitionRefusal, type DisputeFacts } from "./permissions";

const base: DisputeFacts = { status: "REGISTERED", sessions: 0, followUps: 0, judicialRequested: false, judicialAppliedAt: null, judicialResult: null, judicialDueAt: null };

describe("the mediation lifecycle", () => {
  it("walks registered → mediating → agreed → closed, and needs a session, then a follow-up", () => {
    expect(disputeActions(base)).toEqual(["assign", "refer", "risk"]);
    expect(disputeNext("assign", "REGISTERED")).toBe("MEDIATING");
    const mediating = { ...base, status: "MEDIATING" as const };
    expect(disputeRefusal("agree", mediating)).toBe("noSession");
    expect(disputeRefusal("agree", { ...mediating, sessions: 1 })).toBeNull();
    expect(disputeNext("agree", "MEDIATING")).toBe("AGREED");
    const agreed = { ...mediating, status: "AGREED" as const, sessions: 1, judicialDueAt: new Date("2026-05-20T15:59:59Z") };
    expect(disputeRefusal("close", agreed)).toBe("noFollowUp");
    expect(disputeRefusal("close", { ...agreed, followUps: 1 })).toBeNull();
    expect(disputeNext("close", "AGREED")).toBe("CLOSED");
    expect(disputeRefusal("session", agreed)).toBe("state");
  });

  it("refers a failed mediation and closes it without a follow-up", () => {
    expect(disputeNext("refer", "MEDIATING")).toBe("REFERRED");
    expect(disputeRefusal("close", { ...base, status: "REFERRED" })).toBeNull();
    expect(disputeRefusal("agree", { ...base, status: "REFERRED", sessions: 2 })).toBe("state");
  });

  it("takes a judicial confirmation application only within its period, once, and waits for its result", () => {
    const agreed: DisputeFacts = { ...base, status: "AGREED", sessions: 1, followUps: 1, judicialDueAt: new Date("2026-05-20T15:59:59Z") };
    expect(disputeRefusal("judicialApply", agreed, new Date("2026-05-20T10:00:00Z"))).toBeNull();
    expect(disputeRefusal("judicialApply", agreed, new Date("2026-05-21T10:00:00Z"))).toBe("judicialLate");
    const applied = { ...agreed, judicialAppliedAt: new Date("2026-05-01T02:00:00Z") };
    expect(disputeRefusal("judicialApply", applied)).toBe("judicialTwice");
    expect(disputeRefusal("close", applied)).toBe("judicialPending");
    expect(disputeRefusal("judicialResult", agreed)).toBe("judicialNotApplied");
    expect(disputeRefusal("close", { ...applied, judicialResult: "CONFIRMED" })).toBeNull();
  });

  it("keeps a case whose parties asked for judicial confirmation open until it is applied for or its period lapses", () => {
    const asked: DisputeFacts = { ...base, status: "AGREED", sessions: 1, followUps: 1, judicialRequested: true, judicialDueAt: new Date("2026-05-20T15:59:59Z") };
    expect(disputeRefusal("close", asked, new Date("2026-05-20T10:00:00Z"))).toBe("judicialAwaited");
    // Not asked for: nothing to wait for.
    expect(disputeRefusal("close", { ...asked, judicialRequested: false }, new Date("2026-05-20T10:00:00Z"))).toBeNull();
    // The period lapsed without an application: the case may close.
    expect(disputeRefusal("close", asked, new Date("2026-05-21T10:00:00Z"))).toBeNull();
    expect(disputeRefusal("close", { ...asked, judicialAppliedAt: new Date("2026-05-02T02:00:00Z") }, new Date("2026-05-10T10:00:00Z"))).toBe("judicialPending");
  });
});

describe("the petition lifecycle", () => {
  it("accepts or refuses, handles through dispatch once, extends once, replies and closes", () => {
    expect(petitionActions({ status: "REGISTERED", extendedDays: null, eventId: null })).toEqual(["decide"]);
    expect(petitionNext("decide", "REGISTERED", true)).toBe("ACCEPTED");
    expect(petitionNext("decide", "REGISTERED", false)).toBe("NOT_ACCEPTED");
    expect(petitionActions({ status: "NOT_ACCEPTED", extendedDays: null, eventId: null })).toEqual([]);
    expect(petitionActions({ status: "ACCEPTED", extendedDays: null, eventId: null })).toEqual(["dispatch", "extend", "reply"]);
    expect(petitionRefusal("extend", { status: "HANDLING", extendedDays: 30, eventId: "e" })).toBe("extendedTwice");
    expect(petitionRefusal("dispatch", { status: "ACCEPTED", extendedDays: null, eventId: "e" })).toBe("dispatchedTwice");
    expect(petitionNext("reply", "HANDLING")).toBe("REPLIED");
    expect(petitionActions({ status: "REPLIED", extendedDays: null, eventId: "e" })).toEqual(["satisfaction", "review", "close"]);
    expect(petitionNext("review", "REPLIED")).toBe("REVIEW");
    expect(petitionNext("reviewResult", "REVIEW")).toBe("CLOSED");
  });

  it("flags a joint petition from five people", () => {
    expect(isJointPetition(4, 1)).toBe(false);
    expect(isJointPetition(12, 5)).toBe(true);
    expect(isJointPetition(1, 5)).toBe(true);
  });
});

describe("the agreement's wording", () => {
  it("numbers agreements by year and labels the parties", () => {
    expect(agreementNo(42, new Date("2026-12-31T17:00:00Z"))).toBe("调字〔2027〕第0042号");
    expect([0, 1, 2].map((i) => partyLabel(i, "zh-CN"))).toEqual(["甲方", "乙方", "丙方"]);
    expect(partyLabel(1, "en")).toBe("Party B");
  });
});
