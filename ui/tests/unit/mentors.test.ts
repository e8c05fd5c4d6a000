import { describe, expect, it } from "vitest";
import { addYears, dbsOutOfDate, dbsWarning, isCurrentLink } from "../../src/lib/mentors";
import { parseMinutes } from "../../src/lib/forms";

describe("DBS check older than 3 years", () => {
  it("is fine up to and including the third anniversary", () => {
    expect(dbsOutOfDate("2023-11-20", "2026-11-20")).toBe(false);
    expect(dbsOutOfDate("2024-05-14", "2026-11-20")).toBe(false);
    expect(dbsWarning("2024-05-14", "2026-11-20")).toBeNull();
  });
  it("warns from the day after the third anniversary", () => {
    expect(dbsOutOfDate("2023-11-19", "2026-11-20")).toBe(true);
    expect(dbsWarning("2022-09-01", "2026-11-20")).toBe("DBS check older than 3 years");
  });
  it("warns when no check is recorded", () => {
    expect(dbsOutOfDate(null, "2026-11-20")).toBe(true);
    expect(dbsWarning(null, "2026-11-20")).toBe("No DBS check recorded");
  });
  it("treats 29 February as 28 February three years on", () => {
    expect(addYears("2024-02-29", 3)).toBe("2027-02-28");
    expect(dbsOutOfDate("2024-02-29", "2027-02-28")).toBe(false);
    expect(dbsOutOfDate("2024-02-29", "2027-03-01")).toBe(true);
    expect(addYears("not a date", 3)).toBeNull();
  });
});

describe("current mentor links", () => {
  it("is current with no end date or an end date still to come", () => {
    expect(isCurrentLink({ ends_on: null }, "2026-11-20")).toBe(true);
    expect(isCurrentLink({ ends_on: "2026-11-21" }, "2026-11-20")).toBe(true);
    expect(isCurrentLink({ ends_on: "2026-11-20" }, "2026-11-20")).toBe(false);
    expect(isCurrentLink({ ends_on: "2026-11-19" }, "2026-11-20")).toBe(false);
  });
});

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
