import { describe, expect, it } from "vitest";
import { caseCount, pageSummary } from "../../src/lib/people-words";

describe("counts on the Users and Audit screens", () => {
  it("says how many open cases in words", () => {
    expect(caseCount(0)).toBe("no open cases");
    expect(caseCount(1)).toBe("1 open case");
    expect(caseCount(1234)).toBe("1,234 open cases");
  });
  it("says which lines of how many are shown", () => {
    expect(pageSummary(0, 50, 132)).toBe("Showing 1–50 of 132");
    expect(pageSummary(100, 32, 132)).toBe("Showing 101–132 of 132");
    expect(pageSummary(0, 0, 0)).toBe("Nothing to show");
  });
});
