import "server-only";
// The administration module's data functions, one file per area; import from here.
export * from "./account-data";
export * from "./audit-data";
export * from "./departments-data";
export * from "./responsibilities-data";
export * from "./roles-data";
export * from "./settings-data";
export * from "./territory-data";
export * from "./users-data";
export * from "./users-import";
export * from "./overview-data";
