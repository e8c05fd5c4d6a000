import { describe, expect, it } from "vitest";
import type { Pathway, PathwayStep, TaskFields, TaskRow } from "../../src/lib/types";
import { doneWords, dueWords, groupTasks, pathwayDay, stepsDone, stepsNow, taskCount, taskDue } from "../../src/lib/tasks";

const TODAY = "2026-11-20";

function task(id: string, fields: Partial<TaskFields> = {}) {
  return {
    id,
    created_at: "2026-11-01T09:00:00Z",
    archived_at: null,
    client_id: null,
    assignee_id: "u1",
    kind: "other" as const,
    title: `Task ${id}`,
    due_on: TODAY,
    done_at: null,
    appointment_id: null,
    referral_id: null,
    ...fields,
  };
}

function row(id: string, fields: Partial<TaskFields> = {}): TaskRow {
  const t = task(id, fields);
  return { task: t, client_name: null, assignee_name: "Sam Patel", why: null, overdue: !t.done_at && t.due_on < TODAY };
}

function step(name: string, due_on: string, done_at: string | null = null): PathwayStep {
  return { name, task: task(name, { due_on, done_at, kind: "release_window" }), overdue: !done_at && due_on < TODAY };
}

describe("a follow-up's description", () => {
  it("names the kind when the title does not", () => {
    expect(taskDue("Make sure Siobhán has a GP appointment", "First 14 days after release", "Fri 20 November 2026")).toBe(
      "First 14 days after release, due Fri 20 November 2026",
    );
  });
  it("does not say the kind twice when the title already does (case, hyphens and spaces aside)", () => {
    expect(taskDue("Follow up from a contact", "Follow-up from a contact", "Thu 20 August 2026")).toBe(
      "Due Thu 20 August 2026",
    );
  });
  it("says only the date for a task added by hand (no kind to say)", () => {
    expect(taskDue("Book the team's naloxone training", "", "Fri 27 November 2026")).toBe("Due Fri 27 November 2026");
  });
  it("says when it is due in words, with how far away that is", () => {
    expect(dueWords("2026-11-19", TODAY)).toBe("Due Thu 19 November 2026 (yesterday)");
    expect(dueWords(TODAY, TODAY)).toBe("Due Fri 20 November 2026 (today)");
    expect(dueWords("2026-11-27", TODAY)).toBe("Due Fri 27 November 2026 (in 7 days)");
  });
  it("says the London day it was done, late at night in summer included", () => {
    expect(doneWords("2026-11-17T14:00:00Z")).toBe("Done Tue 17 November 2026");
    expect(doneWords("2026-07-01T23:30:00Z")).toBe("Done Thu 2 July 2026");
  });
  it("counts tasks in words", () => {
    expect(taskCount(1)).toBe("1 task");
    expect(taskCount(0)).toBe("0 tasks");
    expect(taskCount(72)).toBe("72 tasks");
  });
});

describe("the Tasks screen's sections", () => {
  it("puts overdue first, then due today, coming up and done, keeping the app's order in each", () => {
    const rows = [
      row("a", { due_on: "2026-11-18" }),
      row("b", { due_on: "2026-11-19" }),
      row("c", { due_on: TODAY }),
      row("d", { due_on: "2026-11-23" }),
      row("e", { due_on: "2026-11-25" }),
      row("f", { due_on: "2026-11-10", done_at: "2026-11-12T10:00:00Z" }),
    ];
    const groups = groupTasks(rows, TODAY);
    expect(groups.map((g) => [g.key, g.title, g.rows.map((r) => r.task.id)])).toEqual([
      ["overdue", "Overdue", ["a", "b"]],
      ["today", "Due today", ["c"]],
      ["later", "Coming up", ["d", "e"]],
      ["done", "Done", ["f"]],
    ]);
  });
  it("leaves out empty sections, and never calls a done task overdue", () => {
    const groups = groupTasks([row("x", { due_on: "2026-11-01", done_at: "2026-11-02T09:00:00Z" })], TODAY);
    expect(groups.map((g) => g.key)).toEqual(["done"]);
    expect(groupTasks([], TODAY)).toEqual([]);
  });
});

describe("the first 14 days after release", () => {
  it("says which day it is, or that they are over", () => {
    expect(pathwayDay(1)).toBe("Day 1 of 14");
    expect(pathwayDay(14)).toBe("Day 14 of 14");
    expect(pathwayDay(null)).toBe("The first 14 days are over");
  });
  it("says how many steps are done", () => {
    expect(stepsDone(3, 6)).toBe("3 of 6 steps done");
    expect(stepsDone(0, 1)).toBe("0 of 1 step done");
    expect(stepsDone(0, 0)).toBe("No steps to do");
  });
  it("picks the open steps due today or earlier, and the next one after today", () => {
    const pathway: Pathway = {
      released_on: "2026-11-14",
      day: 7,
      done: 1,
      steps: [
        step("Naloxone offered", "2026-11-14", "2026-11-14T12:00:00Z"),
        step("Medication and opioid substitution carried on", "2026-11-15"),
        step("First drug and alcohol appointment", TODAY),
        step("Registered with a GP", "2026-11-21"),
        step("Later still", "2026-11-25"),
      ],
    };
    const now = stepsNow(pathway, TODAY);
    expect(now.due.map((s) => s.name)).toEqual(["Medication and opioid substitution carried on", "First drug and alcohol appointment"]);
    expect(now.next?.name).toBe("Registered with a GP");
  });
  it("has no next step when every later one is done", () => {
    const pathway: Pathway = {
      released_on: "2026-11-14",
      day: 7,
      done: 1,
      steps: [step("Registered with a GP", "2026-11-21", "2026-11-19T09:00:00Z")],
    };
    expect(stepsNow(pathway, TODAY)).toEqual({ due: [], next: null });
  });
});
