import { describe, expect, it } from "vitest";
import { taskDue } from "../../src/lib/tasks";

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
});
