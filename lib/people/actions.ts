"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/server/action";
import {
  createHouse,
  createHousehold,
  createResident,
  createTag,
  decideResidentMove,
  deleteHouse,
  deleteHousehold,
  deleteResident,
  householdOptions,
  houseOptions,
  lookupIdNumber,
  renameTag,
  requestResidentMove,
  restoreHouse,
  restoreHousehold,
  restoreResident,
  revealLandlordPhone,
  revealResident,
  setTagEnabled,
  updateHouse,
  updateHousehold,
  updateResident,
  updateTag,
  verifyHouse,
  verifyHousehold,
  verifyResident,
  withdrawResidentMove,
} from "./data";
import { startExport } from "./export";
import { decideImport } from "./import";
import { getMyJob } from "./jobs";
import {
  createHouseholdSchema,
  createHouseSchema,
  createResidentSchema,
  createTagSchema,
  decideImportSchema,
  decideMoveSchema,
  deleteSchema,
  exportSchema,
  gridIdSchema,
  idSchema,
  jobIdSchema,
  lookupIdNumberSchema,
  renameTagSchema,
  requestMoveSchema,
  revealSchema,
  setTagEnabledSchema,
  updateHouseholdSchema,
  updateHouseSchema,
  updateResidentSchema,
  updateTagSchema,
  versionedSchema,
} from "./schemas";

const RESIDENTS = "/grid/residents";
const HOUSEHOLDS = "/grid/households";
const HOUSES = "/grid/houses";

function refresh(...paths: string[]) {
  for (const p of paths) revalidatePath(p);
}

// --- residents ---

export const createResidentAction = action(createResidentSchema, async (viewer, input) => {
  const r = await createResident(viewer, input);
  refresh(RESIDENTS, HOUSEHOLDS);
  return r;
});

export const updateResidentAction = action(updateResidentSchema, async (viewer, input) => {
  const r = await updateResident(viewer, input);
  refresh(RESIDENTS, `${RESIDENTS}/${input.id}`, HOUSEHOLDS);
  return r;
});

export const deleteResidentAction = action(deleteSchema, async (viewer, input) => {
  const r = await deleteResident(viewer, input);
  refresh(RESIDENTS, `${RESIDENTS}/${input.id}`);
  return r;
});

export const restoreResidentAction = action(versionedSchema, async (viewer, input) => {
  const r = await restoreResident(viewer, input);
  refresh(RESIDENTS, `${RESIDENTS}/${input.id}`);
  return r;
});

export const verifyResidentAction = action(versionedSchema, async (viewer, input) => {
  const r = await verifyResident(viewer, input);
  refresh(RESIDENTS, `${RESIDENTS}/${input.id}`);
  return r;
});

export const revealResidentAction = action(revealSchema, (viewer, input) => revealResident(viewer, input));

export const lookupIdNumberAction = action(lookupIdNumberSchema, (viewer, input) => lookupIdNumber(viewer, input.idNumber));

// --- move requests (a resident registered in a grid outside one's territory) ---

const MOVES = "/grid/moves";

export const requestResidentMoveAction = action(requestMoveSchema, async (viewer, input) => {
  const r = await requestResidentMove(viewer, input);
  refresh(MOVES);
  return r;
});

export const decideResidentMoveAction = action(decideMoveSchema, async (viewer, input) => {
  const r = await decideResidentMove(viewer, input);
  refresh(MOVES, `${MOVES}/${input.id}`, RESIDENTS);
  return r;
});

export const withdrawResidentMoveAction = action(versionedSchema, async (viewer, input) => {
  const r = await withdrawResidentMove(viewer, input);
  refresh(MOVES, `${MOVES}/${input.id}`);
  return r;
});

/** Households and houses of a grid, for the resident form's pickers. */
export const gridLinksAction = action(z.object({ gridId: gridIdSchema }), async (viewer, { gridId }) => {
  const [households, houses] = await Promise.all([householdOptions(viewer, gridId), houseOptions(viewer, gridId)]);
  return { households, houses };
});

// --- households ---

export const createHouseholdAction = action(createHouseholdSchema, async (viewer, input) => {
  const r = await createHousehold(viewer, input);
  refresh(HOUSEHOLDS, HOUSES);
  return r;
});

export const updateHouseholdAction = action(updateHouseholdSchema, async (viewer, input) => {
  const r = await updateHousehold(viewer, input);
  refresh(HOUSEHOLDS, `${HOUSEHOLDS}/${input.id}`, RESIDENTS, HOUSES);
  return r;
});

export const deleteHouseholdAction = action(deleteSchema, async (viewer, input) => {
  const r = await deleteHousehold(viewer, input);
  refresh(HOUSEHOLDS, `${HOUSEHOLDS}/${input.id}`);
  return r;
});

export const restoreHouseholdAction = action(versionedSchema, async (viewer, input) => {
  const r = await restoreHousehold(viewer, input);
  refresh(HOUSEHOLDS, `${HOUSEHOLDS}/${input.id}`);
  return r;
});

export const verifyHouseholdAction = action(versionedSchema, async (viewer, input) => {
  const r = await verifyHousehold(viewer, input);
  refresh(HOUSEHOLDS, `${HOUSEHOLDS}/${input.id}`);
  return r;
});

// --- houses ---

export const createHouseAction = action(createHouseSchema, async (viewer, input) => {
  const r = await createHouse(viewer, input);
  refresh(HOUSES);
  return r;
});

export const updateHouseAction = action(updateHouseSchema, async (viewer, input) => {
  const r = await updateHouse(viewer, input);
  refresh(HOUSES, `${HOUSES}/${input.id}`, HOUSEHOLDS, RESIDENTS);
  return r;
});

export const deleteHouseAction = action(deleteSchema, async (viewer, input) => {
  const r = await deleteHouse(viewer, input);
  refresh(HOUSES, `${HOUSES}/${input.id}`);
  return r;
});

export const restoreHouseAction = action(versionedSchema, async (viewer, input) => {
  const r = await restoreHouse(viewer, input);
  refresh(HOUSES, `${HOUSES}/${input.id}`);
  return r;
});

export const verifyHouseAction = action(versionedSchema, async (viewer, input) => {
  const r = await verifyHouse(viewer, input);
  refresh(HOUSES, `${HOUSES}/${input.id}`);
  return r;
});

export const revealLandlordPhoneAction = action(z.object({ id: idSchema }), (viewer, input) => revealLandlordPhone(viewer, input));

// --- key-group tags (the dictionary; its editor is on /admin/dictionaries) ---

const TAGS = "/admin/dictionaries";
export const createTagAction = action(createTagSchema, async (viewer, input) => {
  const r = await createTag(viewer, input);
  refresh(TAGS);
  return r;
});
export const updateTagAction = action(updateTagSchema, async (viewer, input) => {
  const r = await updateTag(viewer, input);
  refresh(TAGS);
  return r;
});
export const renameTagAction = action(renameTagSchema, (viewer, input) => renameTag(viewer, input));
export const setTagEnabledAction = action(setTagEnabledSchema, (viewer, input) => setTagEnabled(viewer, input));

// --- imports and exports ---

export const exportAction = action(exportSchema, async (viewer, input) => {
  const r = await startExport(viewer, input);
  revalidatePath("/grid/imports");
  return r;
});

export const decideImportAction = action(decideImportSchema, async (viewer, input) => {
  const r = await decideImport(viewer, input);
  refresh("/grid/imports", RESIDENTS, HOUSEHOLDS, HOUSES);
  return r;
});

export const jobStatusAction = action(jobIdSchema, (viewer, { id }) => getMyJob(viewer, id));
