"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/server/action";
import { gridBoundary } from "./data";
import { createFacility, deleteFacility, updateFacility, verifyFacility } from "./facilities-data";
import { createPlace, deletePlace, updatePlace, verifyPlace } from "./places-data";
import {
  addTeamMemberSchema,
  createFacilitySchema,
  createPlaceSchema,
  createSentimentSchema,
  deleteSchema,
  followUpSchema,
  gridRefSchema,
  linkSearchSchema,
  removeTeamAssignmentSchema,
  teamSearchSchema,
  updateFacilitySchema,
  updatePlaceSchema,
  updateSentimentSchema,
  updateTeamMemberSchema,
  verifySchema,
} from "./schemas";
import { createSentiment, deleteSentiment, searchLinkTargets, setFollowUp, updateSentiment, verifySentiment } from "./sentiments-data";
import { addTeamMember, removeTeamAssignment, searchTeamMembers, updateTeamMember } from "./team-data";

// --- places ---

export const createPlaceAction = action(createPlaceSchema, async (viewer, input) => {
  const r = await createPlace(viewer, input);
  revalidatePath("/grid", "layout");
  return r;
});

export const updatePlaceAction = action(updatePlaceSchema, async (viewer, input) => {
  const r = await updatePlace(viewer, input);
  revalidatePath("/grid", "layout");
  return r;
});

export const verifyPlaceAction = action(verifySchema, async (viewer, input) => {
  const r = await verifyPlace(viewer, input);
  revalidatePath(`/grid/places/${input.id}`);
  return r;
});

export const deletePlaceAction = action(deleteSchema, async (viewer, input) => {
  const r = await deletePlace(viewer, input);
  revalidatePath("/grid", "layout");
  return { id: r.id };
});

// --- objects ---

export const createFacilityAction = action(createFacilitySchema, async (viewer, input) => {
  const r = await createFacility(viewer, input);
  revalidatePath("/grid", "layout");
  return r;
});

export const updateFacilityAction = action(updateFacilitySchema, async (viewer, input) => {
  const r = await updateFacility(viewer, input);
  revalidatePath("/grid", "layout");
  return r;
});

export const verifyFacilityAction = action(verifySchema, async (viewer, input) => {
  const r = await verifyFacility(viewer, input);
  revalidatePath(`/grid/facilities/${input.id}`);
  return r;
});

export const deleteFacilityAction = action(deleteSchema, async (viewer, input) => {
  const r = await deleteFacility(viewer, input);
  revalidatePath("/grid", "layout");
  return { id: r.id };
});

// --- sentiment log ---

export const createSentimentAction = action(createSentimentSchema, async (viewer, input) => {
  const r = await createSentiment(viewer, input);
  revalidatePath("/grid", "layout");
  return r;
});

export const updateSentimentAction = action(updateSentimentSchema, async (viewer, input) => {
  const r = await updateSentiment(viewer, input);
  revalidatePath("/grid", "layout");
  return r;
});

export const followUpSentimentAction = action(followUpSchema, async (viewer, input) => {
  const r = await setFollowUp(viewer, input);
  revalidatePath("/grid", "layout");
  return r;
});

export const verifySentimentAction = action(verifySchema, async (viewer, input) => {
  const r = await verifySentiment(viewer, input);
  revalidatePath(`/grid/sentiments/${input.id}`);
  return r;
});

export const deleteSentimentAction = action(deleteSchema, async (viewer, input) => {
  const r = await deleteSentiment(viewer, input);
  revalidatePath("/grid", "layout");
  return { id: r.id };
});

/** Residents and places of a grid by name, for linking a sentiment entry. */
export const searchLinkTargetsAction = action(linkSearchSchema, (viewer, input) => searchLinkTargets(viewer, input));

/** A grid's boundary, for a form's map when the record is moved to another grid. */
export const gridBoundaryAction = action(gridRefSchema, (viewer, input) => gridBoundary(viewer, input.gridId));

// --- grid teams ---

export const addTeamMemberAction = action(addTeamMemberSchema, async (viewer, input) => {
  const r = await addTeamMember(viewer, input);
  revalidatePath("/grid", "layout");
  return r;
});

export const updateTeamMemberAction = action(updateTeamMemberSchema, async (viewer, input) => {
  const r = await updateTeamMember(viewer, input);
  revalidatePath("/grid", "layout");
  return r;
});

export const removeTeamAssignmentAction = action(removeTeamAssignmentSchema, async (viewer, input) => {
  const r = await removeTeamAssignment(viewer, input);
  revalidatePath("/grid", "layout");
  return r;
});

export const searchTeamMembersAction = action(teamSearchSchema, (viewer, input) => searchTeamMembers(viewer, input));
