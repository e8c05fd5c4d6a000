import { describe, expect, it } from "vitest";
import { isDirty, parseMinutes } from "../../src/lib/forms";

describe("minutes typed in a contact", () => {
  it("accepts whole numbers from 1 to 1440", () => {
    expect(parseMinutes("30")).toBe(30);
    expect(parseMinutes(" 5 ")).toBe(5);
    expect(parseMinutes("1440")).toBe(1440);
  });
  it("refuses anything else", () => {
    expect(parseMinutes("")).toBeNull();
    expect(parseMinutes("0")).toBeNull();
    expect(parseMinutes("1441")).toBeNull();
    expect(parseMinutes("half an hour")).toBeNull();
    expect(parseMinutes("1.5")).toBeNull();
  });
});

describe("unsaved changes in a form", () => {
  const start = { on: "2026-11-20", kind: "in_person", minutes: "", needs: ["drugs", "housing"], onProblem: null };
  it("is clean while the form holds what it started with", () => {
    expect(isDirty(start, { ...start })).toBe(false);
    expect(isDirty(start, { ...start, minutes: "  " })).toBe(false);
    expect(isDirty(start, { ...start, needs: ["housing", "drugs"] })).toBe(false);
  });
  it("is dirty after typing, choosing or ticking", () => {
    expect(isDirty(start, { ...start, minutes: "30" })).toBe(true);
    expect(isDirty(start, { ...start, kind: "phone" })).toBe(true);
    expect(isDirty(start, { ...start, needs: ["drugs"] })).toBe(true);
  });
  it("is dirty when a date is half typed, even though no date is set yet", () => {
    expect(isDirty(start, { ...start, on: "", onProblem: "Enter the year." })).toBe(true);
  });
  it("is clean again when a change is undone", () => {
    expect(isDirty(start, { ...start, kind: "phone" })).toBe(true);
    expect(isDirty(start, { ...start, kind: "in_person" })).toBe(false);
  });
});
