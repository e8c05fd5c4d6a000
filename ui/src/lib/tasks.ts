// How follow-ups (tasks) and the first 14 days after release are described and grouped.
import type { Pathway, PathwayStep, TaskRow } from "./types";
import { formatDate, londonDate, relativeDay } from "./time";

/**
 * "Kind, due …" or just "Due …" when the title already says the kind (no "Follow up from a contact" twice),
 * or when there is no kind to say (a task added by hand: pass "").
 */
export function taskDue(title: string, kindLabel: string, due: string): string {
  const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  return squash(title).includes(squash(kindLabel)) ? `Due ${due}` : `${kindLabel}, due ${due}`;
}

/** "Due Fri 20 November 2026 (today)", "Due Thu 19 November 2026 (yesterday)". */
export function dueWords(dueOn: string, today: string): string {
  const rel = relativeDay(dueOn, today);
  return `Due ${formatDate(dueOn)}${rel ? ` (${rel})` : ""}`;
}

/** "Done Fri 20 November 2026" from the instant it was ticked off (London's day). */
export function doneWords(doneAt: string): string {
  const day = londonDate(doneAt);
  return day ? `Done ${formatDate(day)}` : "Done";
}

/** "1 task", "12 tasks". */
export function taskCount(n: number): string {
  return n === 1 ? "1 task" : `${n} tasks`;
}

/** The forms a task's row can open. */
export type TaskEdit = "reschedule" | "reassign";

export type TaskGroupKey = "overdue" | "today" | "later" | "done";
export type TaskGroup = { key: TaskGroupKey; title: string; rows: TaskRow[] };

const GROUP_TITLES: Record<TaskGroupKey, string> = {
  overdue: "Overdue",
  today: "Due today",
  later: "Coming up",
  done: "Done",
};

/**
 * The Tasks screen's sections, in the order the app lists tasks: overdue, due today, coming up, done.
 * Empty sections are left out; each keeps the app's order within it.
 */
export function groupTasks(rows: readonly TaskRow[], today: string): TaskGroup[] {
  const by: Record<TaskGroupKey, TaskRow[]> = { overdue: [], today: [], later: [], done: [] };
  for (const row of rows) {
    const t = row.task;
    if (t.done_at) by.done.push(row);
    else if (row.overdue || t.due_on < today) by.overdue.push(row);
    else if (t.due_on === today) by.today.push(row);
    else by.later.push(row);
  }
  return (Object.keys(by) as TaskGroupKey[])
    .filter((key) => by[key].length > 0)
    .map((key) => ({ key, title: GROUP_TITLES[key], rows: by[key] }));
}

/** "Day 3 of 14", or "The first 14 days are over" once they have passed. */
export function pathwayDay(day: number | null): string {
  return day === null ? "The first 14 days are over" : `Day ${day} of 14`;
}

/** "3 of 6 steps done", "0 of 1 step done", or "No steps to do" when there are none. */
export function stepsDone(done: number, total: number): string {
  if (total === 0) return "No steps to do";
  return `${done} of ${total} ${total === 1 ? "step" : "steps"} done`;
}

/** What Today shows of a pathway: the open steps due today or earlier, and the next one after today. */
export function stepsNow(pathway: Pathway, today: string): { due: PathwayStep[]; next: PathwayStep | null } {
  const open = pathway.steps.filter((s) => !s.task.done_at);
  return {
    due: open.filter((s) => s.task.due_on <= today),
    next: open.find((s) => s.task.due_on > today) ?? null,
  };
}
