import { describe, expect, it } from "vitest";
import { isOwnRecord, mayVerify } from "./permissions";

describe("verification by a second person", () => {
  it("lets a second person with the right role verify an entered record", () => {
    expect(mayVerify({ id: "b", role: "COMMUNITY_OFFICER" }, { dataState: "ENTERED", creatorId: "a" })).toBe(true);
    expect(mayVerify({ id: "b", role: "GRID_WORKER" }, { dataState: "ENTERED", creatorId: null })).toBe(true);
  });
  it("refuses the person who entered it, a verified record, and roles without the permission", () => {
    expect(mayVerify({ id: "a", role: "COMMUNITY_OFFICER" }, { dataState: "ENTERED", creatorId: "a" })).toBe(false);
    expect(mayVerify({ id: "b", role: "COMMUNITY_OFFICER" }, { dataState: "VERIFIED", creatorId: "a" })).toBe(false);
    expect(mayVerify({ id: "b", role: "LEADER" }, { dataState: "ENTERED", creatorId: "a" })).toBe(false);
    expect(isOwnRecord("a", "a")).toBe(true);
    expect(isOwnRecord("a", null)).toBe(false);
  });
});
