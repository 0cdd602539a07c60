"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/server/action";
import { closeProject, countRecords, createProject, deleteDraft, extendProject, remindLate, startProject, updateProject } from "./data";
import {
  closeProjectSchema,
  convertFindingSchema,
  countRecordsSchema,
  createProjectSchema,
  extendProjectSchema,
  projectRefSchema,
  recordSearchSchema,
  remindSchema,
  saveTemplateSchema,
  submitSchema,
  taskRefSchema,
  updateProjectSchema,
} from "./schemas";
import { convertFinding, finishTask, searchRecords, submitForm } from "./tasks-data";
import { saveTemplate } from "./templates-data";

export const saveTemplateAction = action(saveTemplateSchema, async (viewer, input) => {
  const r = await saveTemplate(viewer, input);
  revalidatePath("/projects/templates");
  return r;
});

export const createProjectAction = action(createProjectSchema, async (viewer, input) => {
  const r = await createProject(viewer, input);
  revalidatePath("/projects");
  return r;
});

export const updateProjectAction = action(updateProjectSchema, async (viewer, input) => {
  const r = await updateProject(viewer, input);
  revalidatePath(`/projects/${r.id}`);
  return r;
});

export const deleteDraftAction = action(projectRefSchema, async (viewer, input) => {
  const r = await deleteDraft(viewer, input);
  revalidatePath("/projects");
  return r;
});

export const startProjectAction = action(projectRefSchema, async (viewer, input) => {
  const r = await startProject(viewer, input);
  revalidatePath(`/projects/${r.id}`);
  return r;
});

export const extendProjectAction = action(extendProjectSchema, async (viewer, input) => {
  const r = await extendProject(viewer, input);
  revalidatePath(`/projects/${r.id}`);
  return r;
});

export const closeProjectAction = action(closeProjectSchema, async (viewer, input) => {
  const r = await closeProject(viewer, input);
  revalidatePath(`/projects/${r.id}`);
  return r;
});

export const remindLateAction = action(remindSchema, async (viewer, input) => {
  const r = await remindLate(viewer, input);
  revalidatePath(`/projects/${input.id}`);
  return r;
});

export const countRecordsAction = action(countRecordsSchema, (viewer, input) => countRecords(viewer, input));

export const submitFormAction = action(submitSchema, async (viewer, input) => {
  const r = await submitForm(viewer, input);
  revalidatePath(`/projects/tasks/${input.taskId}`);
  return r;
});

export const finishTaskAction = action(taskRefSchema, async (viewer, input) => {
  const r = await finishTask(viewer, input);
  revalidatePath(`/projects/tasks/${r.id}`);
  return r;
});

export const searchRecordsAction = action(recordSearchSchema, (viewer, input) => searchRecords(viewer, input));

export const convertFindingAction = action(convertFindingSchema, async (viewer, input) => {
  const r = await convertFinding(viewer, input);
  revalidatePath("/projects");
  return r;
});
