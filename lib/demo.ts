// Demo accounts, created by the seed and listed on the sign-in page in demo mode only
// (VITALGRID_DEMO=1, the default outside production). The README has the same table.
export const DEMO_PASSWORD = "Vg@demo2026";

export type DemoPlacement = "county" | "township" | "community" | "grid" | "grid2" | "otherTownship";

export const DEMO_ACCOUNTS = [
  { username: "admin", displayName: "系统管理员", role: "ADMIN", placement: "county", department: null },
  { username: "leader", displayName: "李书记", role: "LEADER", placement: "county", department: null },
  { username: "center", displayName: "王主任", role: "CENTER_STAFF", placement: "county", department: null },
  { username: "police", displayName: "赵警官", role: "DEPARTMENT_STAFF", placement: "county", department: "public-security" },
  { username: "township", displayName: "陈镇长", role: "TOWNSHIP_OFFICER", placement: "township", department: null },
  { username: "township2", displayName: "周乡长", role: "TOWNSHIP_OFFICER", placement: "otherTownship", department: null },
  { username: "community", displayName: "刘主任", role: "COMMUNITY_OFFICER", placement: "community", department: null },
  { username: "grid", displayName: "张网格", role: "GRID_WORKER", placement: "grid", department: null },
  { username: "grid2", displayName: "孙网格", role: "GRID_WORKER", placement: "grid2", department: null },
  // admin module: the security and audit administrators (三员, with "admin")
  { username: "secadmin", displayName: "吴安全", role: "SECURITY_ADMIN", placement: "county", department: null },
  { username: "auditor", displayName: "郑审计", role: "AUDIT_ADMIN", placement: "county", department: null },
] as const satisfies readonly {
  username: string;
  displayName: string;
  role: string;
  placement: DemoPlacement;
  department: string | null;
}[];

export const DEMO_USERNAMES: string[] = DEMO_ACCOUNTS.map((a) => a.username);
