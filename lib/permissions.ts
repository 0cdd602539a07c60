// The role-to-action table: the one place that says who may do what. Pure and safe to
// import on the client (to hide what a role cannot use); the server enforces it in the
// data-access layer through `authorize()` in lib/server/auth.ts.

export const ROLES = [
  "GRID_WORKER",
  "COMMUNITY_OFFICER",
  "TOWNSHIP_OFFICER",
  "CENTER_STAFF",
  "DEPARTMENT_STAFF",
  "LEADER",
  "ADMIN",
  // The security and audit administrators (三员, with ADMIN as the system administrator).
  "SECURITY_ADMIN",
  "AUDIT_ADMIN",
] as const;
export type RoleKey = (typeof ROLES)[number];

/**
 * Every role that works with the territory's data. The security and audit administrators
 * are left out on purpose: under the three-administrator separation (三员) they manage
 * roles and security settings, or read the audit log, and nothing else.
 */
const ALL = ["GRID_WORKER", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "CENTER_STAFF", "DEPARTMENT_STAFF", "LEADER", "ADMIN"] as const;
/** Every role, the three administrators included: one's own account, for instance. */
const EVERYONE = ROLES;

/**
 * Every action the system knows, with the roles allowed to take it. A role may take an
 * action only on records inside its territorial scope; the table says nothing about scope.
 */
export const PERMISSIONS = {
  // --- territory (foundation) ---
  /** See one's territory: the unit tree and grid boundaries below one's unit. */
  "territory.view": ALL,
  /** Import a county's hierarchy from national division codes. */
  "territory.import": ["ADMIN"],
  // --- grid module: people (residents, households, houses, imports and exports) ---
  /** See residents, households and houses of one's territory (ID numbers and phones masked). */
  "people.view": ["GRID_WORKER", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "CENTER_STAFF", "LEADER", "ADMIN"],
  /** Create, edit, move and delete (with a reason) residents, households and houses. */
  "people.edit": ["GRID_WORKER", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "ADMIN"],
  /** Confirm a record entered by someone else (the second person of "entered, verified"). */
  "people.verify": ["COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "ADMIN"],
  /** Show an ID number or phone in full; every use is audited ("resident.reveal"). */
  "people.reveal": ["GRID_WORKER", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "CENTER_STAFF", "ADMIN"],
  /** Upload spreadsheets into the registries. */
  "people.import": ["GRID_WORKER", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "ADMIN"],
  /** Download the current list as a spreadsheet (masked, audited). */
  "people.export": ["GRID_WORKER", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "CENTER_STAFF", "LEADER", "ADMIN"],
  /**
   * Ask for a resident registered in a grid outside one's territory to be moved into one's
   * grid (one ID number is one resident county-wide), and withdraw one's own request.
   */
  "people.move.request": ["GRID_WORKER", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "ADMIN"],
  /** Approve (the record moves) or refuse, with a reason, requests for residents of one's territory. */
  "people.move.decide": ["GRID_WORKER", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "ADMIN"],
  /** Add, rename and disable key-group tags (the county-wide dictionary). */
  "people.tags.manage": ["ADMIN"],
  // --- grid module: places, objects, sentiments, visits, teams, grid page ---
  /** Open the grid module: grid pages and registries of one's territory. */
  "grid.view": ["GRID_WORKER", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "CENTER_STAFF", "LEADER", "ADMIN"],
  /** Create, edit, move and soft-delete places (场所) and objects (部件). */
  "places.edit": ["GRID_WORKER", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "ADMIN"],
  /** Confirm a place, object or sentiment entry entered by someone else (data state VERIFIED). */
  "grid.records.verify": ["GRID_WORKER", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "ADMIN"],
  /** Record sentiment entries (民情日志), edit them and their follow-up. */
  "sentiments.edit": ["GRID_WORKER", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "CENTER_STAFF", "ADMIN"],
  /** Mark a sentiment entry as turned into a dispatch event (called by the dispatch module). */
  "sentiments.convert": ["GRID_WORKER", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "CENTER_STAFF", "ADMIN"],
  /** Log household visits (走访). */
  "visits.log": ["GRID_WORKER", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER"],
  /** See a grid's team and contacts; the dispatch module calls on them. */
  "team.view": ["GRID_WORKER", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "CENTER_STAFF", "DEPARTMENT_STAFF", "LEADER", "ADMIN"],
  /** Put people on grid teams, edit their contacts, take them off. */
  "team.edit": ["COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "ADMIN"],
  // --- dispatch module ---
  /** Open the dispatch module: events of one's territory (department staff: those dispatched to their department). */
  "dispatch.view": ALL,
  /** Report an event (grid workers from the field, the center from intake, leaders by assignment). */
  "dispatch.report": ["GRID_WORKER", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "CENTER_STAFF", "LEADER"],
  /** Handle an event at one's own level: close it with a result, or escalate it one level up. */
  "dispatch.handleLocal": ["GRID_WORKER", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER"],
  /** The center's desk: accept, reject, merge duplicates, dispatch, decide extensions, review results. */
  "dispatch.center": ["CENTER_STAFF"],
  /** Work one's department's tasks: accept or return, progress notes, complete, ask for more time. */
  "dispatch.task": ["DEPARTMENT_STAFF"],
  /** Record the reporter's feedback and satisfaction, close or reopen. */
  "dispatch.feedback": ["GRID_WORKER", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "CENTER_STAFF"],
  /** Urge (催办) a late handler. */
  "dispatch.urge": ["CENTER_STAFF", "LEADER"],
  /** Supervise (督办) at three grades; counts against the handlers in assessments. */
  "dispatch.supervise": ["CENTER_STAFF", "LEADER"],
  /** Leaders' instructions (领导批示). */
  "dispatch.instruct": ["LEADER"],
  /** Internal notes, never shown to the reporter's side. */
  "dispatch.note": ["COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "CENTER_STAFF", "DEPARTMENT_STAFF", "LEADER"],
  /** The live dispatch board of the center. */
  "dispatch.board": ["CENTER_STAFF", "LEADER", "ADMIN"],
  /** Edit categories, deadline rules and the holiday calendar. */
  "dispatch.configure": ["CENTER_STAFF", "ADMIN"],
  /** One's own in-app notifications (the bell). */
  "notifications.view": EVERYONE,
  // --- governance center ---
  /** Open the center module: the center page (department staff: the whistles to their department). */
  "center.view": ["CENTER_STAFF", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "DEPARTMENT_STAFF", "LEADER", "ADMIN"],
  /** Read the centers' records: intake, visitors' histories, disputes, petitions, meetings, open days. */
  "center.records.view": ["CENTER_STAFF", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "LEADER", "ADMIN"],
  /** Register walk-ins, calls and letters at one's own center's intake desk. */
  "center.intake": ["CENTER_STAFF", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER"],
  /** Register disputes, mediate them (mediators, sessions, agreements, referrals, follow-up, judicial confirmation), screening. */
  "center.disputes.edit": ["CENTER_STAFF", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER"],
  /** Register petitions and take them through acceptance, handling, reply, satisfaction and review. */
  "center.petitions.edit": ["CENTER_STAFF", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER"],
  /** Schedule consultation and joint meetings, record decisions and turn them into tasks. */
  "center.meetings.edit": ["CENTER_STAFF", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER"],
  /** Schedule open days and record the problems raised. */
  "center.opendays.edit": ["CENTER_STAFF", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER"],
  /** Set which departments are at one's center and how (permanent, rotating, on call). */
  "center.stations.edit": ["CENTER_STAFF", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "ADMIN"],
  /** Blow the whistle on a case: summon a department stationed or on call at the center. */
  "center.whistle": ["CENTER_STAFF", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER"],
  /** Report to a whistle addressed to one's own department. */
  "center.whistle.answer": ["DEPARTMENT_STAFF"],
  /** Edit a county's center deadlines (petition acceptance and handling, extension, judicial confirmation, whistles). */
  "center.configure": ["CENTER_STAFF", "ADMIN"],
  /** Monthly dispute and petition statistics, on screen and as a spreadsheet (exports are audited). */
  "center.reports": ["CENTER_STAFF", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "LEADER", "ADMIN"],
  // --- special projects ---
  /** See campaigns run in or covering one's territory and their progress there (department staff: those their department leads). */
  "projects.view": ALL,
  /** Build form templates; create, start, extend, remind and close campaigns within one's territory. */
  "projects.manage": ["TOWNSHIP_OFFICER", "CENTER_STAFF", "LEADER", "ADMIN"],
  /** Fill in the tasks of one's grid: one form per record, on the phone. */
  "projects.fill": ["GRID_WORKER"],
  /** Turn a campaign finding into a dispatch event (also needs dispatch.report). */
  "projects.escalate": ["GRID_WORKER", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "CENTER_STAFF"],
  /** Download a campaign report (.xlsx) of one's territory. */
  "projects.export": ["COMMUNITY_OFFICER", "TOWNSHIP_OFFICER", "CENTER_STAFF", "DEPARTMENT_STAFF", "LEADER", "ADMIN"],
  // --- dashboard ---
  /** The command dashboard, its map, drill-down lists and the big screen, for one's territory. */
  "dashboard.view": ["TOWNSHIP_OFFICER", "CENTER_STAFF", "LEADER", "ADMIN"],
  /** The assessment scoreboard (考核); department staff see their own department's line only. */
  "dashboard.assessment": ["TOWNSHIP_OFFICER", "CENTER_STAFF", "DEPARTMENT_STAFF", "LEADER", "ADMIN"],
  /** Edit the county's assessment scoring rules. */
  "dashboard.rules": ["CENTER_STAFF", "LEADER"],
  /** Download the current dashboard view as a spreadsheet or PDF (audited). */
  "dashboard.export": ["TOWNSHIP_OFFICER", "CENTER_STAFF", "LEADER", "ADMIN"],
  // --- admin ---
  /** Open the administration landing page (each administrator sees their own areas). */
  "admin.view": ["ADMIN", "SECURITY_ADMIN", "AUDIT_ADMIN"],
  /** One's own account: change one's password, enrol or remove two-factor sign-in. */
  "account.manage": EVERYONE,
  /** List and search users, their login history and lock-outs. */
  "users.view": ["ADMIN", "SECURITY_ADMIN"],
  /** Create, edit, disable, unlock, reset passwords, bulk import; assign operational roles. */
  "users.manage": ["ADMIN"],
  /** Grant or take away the three administrator roles and administrative custom roles; reset a user's two-factor sign-in. */
  "users.grantAdmin": ["SECURITY_ADMIN"],
  /** See the role-to-action matrix. */
  "roles.view": ["ADMIN", "SECURITY_ADMIN"],
  /** Create, edit and delete custom roles. */
  "roles.manage": ["SECURITY_ADMIN"],
  /** Password, session, lock-out, two-factor and audit-retention policy. */
  "security.settings": ["SECURITY_ADMIN"],
  /** Map centre, base tiles and coordinate system; departments and their stations. */
  "settings.manage": ["ADMIN"],
  /** Add, rename, move and retire units; grid boundaries (drawn or GeoJSON); grid workers. */
  "territory.edit": ["ADMIN"],
  /** See the list of powers and responsibilities (权责清单). */
  "responsibilities.view": ALL,
  /** Edit the list of powers and responsibilities. */
  "responsibilities.manage": ["ADMIN"],
  /** Search and read the audit log. */
  "audit.view": ["AUDIT_ADMIN"],
  /** Export the audit log as a spreadsheet. */
  "audit.export": ["AUDIT_ADMIN"],
} as const satisfies Record<string, readonly RoleKey[]>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

/** A viewer whose permission set was loaded with them (custom roles): see lib/server/auth.ts. */
export interface PermissionHolder {
  permissions: readonly string[];
}

/**
 * Whether a built-in role (from PERMISSIONS), or a viewer with a loaded permission set
 * (built-in or custom role), may take an action. Pass the viewer where you have it, so
 * custom roles see what they may use.
 */
export function can(who: RoleKey | PermissionHolder, action: Action): boolean {
  if (typeof who === "string") return (PERMISSIONS[action] as readonly RoleKey[]).includes(who);
  return who.permissions.includes(action);
}

/** The modules of the app shell, shown to roles that may take their entry action. */
export const MODULES = [
  { key: "home", href: "/", action: "territory.view" },
  // One entry per module, in this order: grid, dispatch, center, projects, dashboard, admin.
  { key: "grid", href: "/grid", action: "grid.view" },
  { key: "dispatch", href: "/dispatch", action: "dispatch.view" },
  { key: "center", href: "/center", action: "center.view" },
  { key: "projects", href: "/projects", action: "projects.view" },
  // dashboard module: department staff come in for their assessment line.
  { key: "dashboard", href: "/dashboard", action: "dashboard.assessment" },
  { key: "admin", href: "/admin", action: "admin.view" },
] as const satisfies readonly { key: string; href: string; action: Action }[];

export function modulesFor(who: RoleKey | PermissionHolder) {
  return MODULES.filter((m) => can(who, m.action));
}
