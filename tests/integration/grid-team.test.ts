import { describe, expect, it } from "vitest";
import { addTeamMemberSchema } from "@/lib/grid/schemas";
import { addTeamMember, gridTeam, removeTeamAssignment, searchTeamMembers, updateTeamMember } from "@/lib/grid/team-data";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { viewerFor } from "../support/fixtures";
import { gridOf, rejection } from "../support/grid";

describe("grid teams", () => {
  it("lists a grid's team in calling order, with people shared between grids", async () => {
    const community = await viewerFor("community");
    const g1 = gridOf("G111");
    const g2 = gridOf("G112");
    await addTeamMember(community, { gridId: g1, role: "VOLUNTEER", name: "志愿者小周", phone: "13800000001", note: null });
    const cadre = await addTeamMember(community, { gridId: g1, role: "CADRE", name: "包保干部老郑", phone: "13800000002", note: "镇政府" });
    await addTeamMember(community, { gridId: g1, role: "POLICE", name: "民警小冯", phone: "0937-110", note: null });
    // The same cadre also serves the neighbouring grid.
    const found = await searchTeamMembers(community, { gridId: g2, q: "老郑" });
    expect(found.map((m) => m.name)).toEqual(["包保干部老郑"]);
    await addTeamMember(community, { gridId: g2, role: "CADRE", memberId: found[0].id, phone: null, note: null });

    const team = await gridTeam(await viewerFor("grid"), g1);
    expect(team.map((m) => [m.role, m.name])).toEqual([
      ["CADRE", "包保干部老郑"],
      ["POLICE", "民警小冯"],
      ["VOLUNTEER", "志愿者小周"],
    ]);
    expect(team[0]).toMatchObject({ memberId: cadre.memberId, gridCount: 2, phone: "13800000002" });
    expect((await gridTeam(await viewerFor("grid2"), g2)).map((m) => m.name)).toEqual(["包保干部老郑"]);

    // Contact details change everywhere the person serves.
    await updateTeamMember(community, { memberId: cadre.memberId, name: "郑建国", phone: "13900000000", note: null });
    expect((await gridTeam(community, g2))[0]).toMatchObject({ name: "郑建国", phone: "13900000000" });
  });

  it("is readable by the dispatch module's roles, never outside the territory", async () => {
    await addTeamMember(await viewerFor("admin"), { gridId: gridOf("G111"), role: "MEDIATOR", name: "调解员老孙", phone: null, note: null });
    expect((await gridTeam(await viewerFor("center"), gridOf("G111"))).length).toBe(1);
    expect((await gridTeam(await viewerFor("dept"), gridOf("G111"))).length).toBe(1);
    expect((await rejection(gridTeam(await viewerFor("grid"), gridOf("G112")))).code).toBe("NOT_FOUND");
    expect((await rejection(gridTeam(await viewerFor("adminB"), gridOf("G111")))).code).toBe("NOT_FOUND");
  });

  it("refuses duplicates, people outside the territory, and edits by grid workers", async () => {
    const community = await viewerFor("community");
    const a = await addTeamMember(community, { gridId: gridOf("G111"), role: "JUDICIAL", name: "司法所小钱", phone: null, note: null });
    expect((await rejection(addTeamMember(community, { gridId: gridOf("G111"), role: "JUDICIAL", memberId: a.memberId, phone: null, note: null }))).code).toBe("CONFLICT");
    const far = await addTeamMember(await viewerFor("adminB"), { gridId: gridOf("GB"), role: "CADRE", name: "邻县干部", phone: null, note: null });
    expect((await rejection(addTeamMember(community, { gridId: gridOf("G111"), role: "CADRE", memberId: far.memberId, phone: null, note: null }))).code).toBe("NOT_FOUND");
    expect((await rejection(updateTeamMember(community, { memberId: far.memberId, name: "改名", phone: null, note: null }))).code).toBe("NOT_FOUND");
    expect((await rejection(addTeamMember(community, { gridId: gridOf("G121"), role: "CADRE", name: "越界", phone: null, note: null }))).code).toBe("NOT_FOUND");
    expect((await rejection(addTeamMember(await viewerFor("grid"), { gridId: gridOf("G111"), role: "CADRE", name: "网格员自加", phone: null, note: null }))).code).toBe("FORBIDDEN");
    const r = await runAction(community, addTeamMemberSchema, addTeamMember, { gridId: gridOf("G111"), role: "CADRE" });
    expect(r).toMatchObject({ ok: false, fieldErrors: { name: "请填写姓名，或选择已有人员。" } });
    expect(await db.teamMember.count()).toBe(2);
  });

  it("takes a person off one team, and forgets them when they serve none", async () => {
    const community = await viewerFor("community");
    const a = await addTeamMember(community, { gridId: gridOf("G111"), role: "PARTY_MEMBER", name: "老党员吴伯", phone: null, note: null });
    const b = await addTeamMember(community, { gridId: gridOf("G112"), role: "PARTY_MEMBER", memberId: a.memberId, phone: null, note: null });
    expect((await rejection(removeTeamAssignment(await viewerFor("adminB"), { assignmentId: a.assignmentId }))).code).toBe("NOT_FOUND");
    await removeTeamAssignment(community, { assignmentId: a.assignmentId });
    expect(await db.teamMember.count()).toBe(1);
    await removeTeamAssignment(community, { assignmentId: b.assignmentId });
    expect(await db.teamMember.count()).toBe(0);
    expect(await db.auditLog.count({ where: { action: "team.edit", result: "success" } })).toBe(4);
  });
});
