import { describe, expect, it } from "vitest";
import {
  ageOn,
  dateFromParts,
  daysBetween,
  formatDate,
  formatDateTime,
  formatTime,
  londonDate,
  londonOffsetMinutes,
  londonToInstant,
  parseTimeInput,
  partsFromDate,
  relativeDay,
  releaseCountdown,
  todayInLondon,
} from "../../src/lib/time";

describe("London time across the clock changes", () => {
  it("shows GMT before and BST after the clocks go forward on 29 March 2026", () => {
    expect(formatTime("2026-03-29T00:30:00Z")).toBe("00:30");
    expect(formatTime("2026-03-29T00:59:00Z")).toBe("00:59");
    expect(formatTime("2026-03-29T01:00:00Z")).toBe("02:00");
    expect(formatTime("2026-03-29T01:30:00Z")).toBe("02:30");
    expect(londonOffsetMinutes(new Date("2026-03-29T00:30:00Z"))).toBe(0);
    expect(londonOffsetMinutes(new Date("2026-03-29T01:30:00Z"))).toBe(60);
  });

  it("shows 01:30 twice when the clocks go back on 25 October 2026", () => {
    expect(formatTime("2026-10-25T00:30:00Z")).toBe("01:30"); // BST
    expect(formatTime("2026-10-25T01:30:00Z")).toBe("01:30"); // GMT
    expect(formatTime("2026-10-25T02:30:00Z")).toBe("02:30");
    expect(londonOffsetMinutes(new Date("2026-10-25T00:30:00Z"))).toBe(60);
    expect(londonOffsetMinutes(new Date("2026-10-25T01:30:00Z"))).toBe(0);
  });

  it("puts late-evening UTC instants on the right London day", () => {
    expect(londonDate("2026-03-28T23:30:00Z")).toBe("2026-03-28"); // GMT: same day
    expect(londonDate("2026-06-30T23:30:00Z")).toBe("2026-07-01"); // BST: next day
    expect(londonDate("2026-10-24T23:30:00Z")).toBe("2026-10-25");
    expect(londonDate("2026-10-25T23:30:00Z")).toBe("2026-10-25");
    expect(todayInLondon(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
    expect(todayInLondon(new Date("2026-12-31T23:30:00Z"))).toBe("2026-12-31");
  });

  it("formats dates and date-times in British English without depending on ICU punctuation", () => {
    expect(formatDate("2026-03-29")).toBe("Sun 29 March 2026");
    expect(formatDate("2026-03-29", "long")).toBe("Sunday 29 March 2026");
    expect(formatDate("2026-10-25", "compact")).toBe("25 Oct 2026");
    expect(formatDate("2026-10-25", "day")).toBe("Sun 25 Oct");
    expect(formatDate("2026-03-03", "plain")).toBe("3 March 2026");
    expect(formatDateTime("2026-07-01T13:00:00Z")).toBe("Wed 1 July 2026 at 14:00");
    expect(formatDateTime("2026-03-29T01:15:00Z")).toBe("Sun 29 March 2026 at 02:15");
    expect(formatDateTime("2026-10-25T01:15:00Z")).toBe("Sun 25 October 2026 at 01:15");
    expect(formatDateTime("2026-01-15T09:05:00Z")).toBe("Thu 15 January 2026 at 09:05");
  });

  it("leaves text that is not a date as it is", () => {
    expect(formatDate("soon")).toBe("soon");
    expect(formatDate("2026-02-30")).toBe("2026-02-30");
    expect(formatTime("nonsense")).toBe("nonsense");
  });
});

describe("London wall-clock time to UTC", () => {
  it("converts ordinary winter and summer times", () => {
    expect(londonToInstant("2026-01-15", "09:30")).toBe("2026-01-15T09:30:00Z");
    expect(londonToInstant("2026-07-01", "14:00")).toBe("2026-07-01T13:00:00Z");
    expect(londonToInstant("2026-06-30", "00:30")).toBe("2026-06-29T23:30:00Z");
  });

  it("handles the day the clocks go forward (29 March 2026)", () => {
    expect(londonToInstant("2026-03-29", "00:30")).toBe("2026-03-29T00:30:00Z");
    expect(londonToInstant("2026-03-29", "09:00")).toBe("2026-03-29T08:00:00Z");
    // 01:30 does not exist: it is moved on to 02:30 BST.
    expect(londonToInstant("2026-03-29", "01:30")).toBe("2026-03-29T01:30:00Z");
    expect(formatTime(londonToInstant("2026-03-29", "01:30") as string)).toBe("02:30");
  });

  it("handles the day the clocks go back (25 October 2026)", () => {
    // 01:30 happens twice: the first (BST) is taken.
    expect(londonToInstant("2026-10-25", "01:30")).toBe("2026-10-25T00:30:00Z");
    expect(londonToInstant("2026-10-25", "00:30")).toBe("2026-10-24T23:30:00Z");
    expect(londonToInstant("2026-10-25", "09:00")).toBe("2026-10-25T09:00:00Z");
  });

  it("round-trips every quarter hour on both change days", () => {
    for (const day of ["2026-03-29", "2026-10-25", "2027-03-28", "2027-10-31"]) {
      for (let h = 0; h < 24; h++) {
        for (const m of [0, 15, 30, 45]) {
          const hm = `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
          const instant = londonToInstant(day, hm) as string;
          const inGap = day.endsWith("-03-29") || day.endsWith("-03-28") ? h === 1 : false;
          if (!inGap) {
            expect(formatTime(instant)).toBe(hm);
            expect(londonDate(instant)).toBe(day);
          }
        }
      }
    }
  });

  it("refuses what is not a date and time", () => {
    expect(londonToInstant("2026-02-30", "09:00")).toBeNull();
    expect(londonToInstant("2026-03-29", "25:00")).toBeNull();
    expect(londonToInstant("29/03/2026", "09:00")).toBeNull();
  });
});

describe("reading what people type", () => {
  it("reads times", () => {
    expect(parseTimeInput("9:30")).toBe("09:30");
    expect(parseTimeInput(" 14:05 ")).toBe("14:05");
    expect(parseTimeInput("9.30")).toBe("09:30");
    expect(parseTimeInput("0930")).toBe("09:30");
    expect(parseTimeInput("24:00")).toBeNull();
    expect(parseTimeInput("9:75")).toBeNull();
    expect(parseTimeInput("half nine")).toBeNull();
  });

  it("reads dates from day, month and year boxes", () => {
    expect(dateFromParts("", "", "")).toBe("");
    expect(dateFromParts("7", "3", "1990")).toBe("1990-03-07");
    expect(dateFromParts("29", "2", "2024")).toBe("2024-02-29");
    expect(dateFromParts("29", "2", "2025")).toBeNull();
    expect(dateFromParts("7", "", "1990")).toBeNull();
    expect(dateFromParts("7", "3", "90")).toBeNull();
    expect(partsFromDate("1990-03-07")).toEqual({ day: "7", month: "3", year: "1990" });
    expect(partsFromDate(null)).toEqual({ day: "", month: "", year: "" });
  });
});

describe("age from date of birth", () => {
  it("counts whole years, the day before and on the birthday", () => {
    expect(ageOn("1990-05-10", "2026-05-09")).toBe(35);
    expect(ageOn("1990-05-10", "2026-05-10")).toBe(36);
    expect(ageOn("1990-12-31", "2026-01-01")).toBe(35);
  });
  it("treats 1 March as the birthday of someone born on 29 February in other years", () => {
    expect(ageOn("2000-02-29", "2025-02-28")).toBe(24);
    expect(ageOn("2000-02-29", "2025-03-01")).toBe(25);
    expect(ageOn("2000-02-29", "2028-02-29")).toBe(28);
  });
  it("gives no age for a bad or future date", () => {
    expect(ageOn("not a date", "2026-01-01")).toBeNull();
    expect(ageOn("2030-01-01", "2026-01-01")).toBeNull();
  });
});

describe("release countdown wording", () => {
  const today = "2026-11-20";
  it("counts down to an expected release", () => {
    expect(releaseCountdown("2026-12-02", null, today)).toBe("Release in 12 days");
    expect(releaseCountdown("2026-11-22", null, today)).toBe("Release in 2 days");
    expect(releaseCountdown("2026-11-21", null, today)).toBe("Release tomorrow");
    expect(releaseCountdown("2026-11-20", null, today)).toBe("Release due today");
    expect(releaseCountdown("2026-11-19", null, today)).toBe("Release was due 1 day ago");
    expect(releaseCountdown("2026-11-17", null, today)).toBe("Release was due 3 days ago");
  });
  it("counts whole calendar days across a clock change", () => {
    expect(releaseCountdown("2026-03-30", null, "2026-03-28")).toBe("Release in 2 days");
    expect(releaseCountdown("2026-10-26", null, "2026-10-24")).toBe("Release in 2 days");
    expect(daysBetween("2026-03-01", "2026-04-01")).toBe(31);
  });
  it("says how long ago someone was released", () => {
    expect(releaseCountdown("2026-11-10", "2026-11-20", today)).toBe("Released today");
    expect(releaseCountdown(null, "2026-11-19", today)).toBe("Released yesterday");
    expect(releaseCountdown(null, "2026-11-14", today)).toBe("Released 6 days ago");
  });
  it("treats a future actual date as expected, and says nothing without dates", () => {
    expect(releaseCountdown(null, "2026-11-25", today)).toBe("Release in 5 days");
    expect(releaseCountdown(null, null, today)).toBeNull();
  });
  it("words distances from today", () => {
    expect(relativeDay("2026-11-20", today)).toBe("today");
    expect(relativeDay("2026-11-21", today)).toBe("tomorrow");
    expect(relativeDay("2026-11-19", today)).toBe("yesterday");
    expect(relativeDay("2026-11-05", today)).toBe("15 days ago");
    expect(relativeDay("2026-11-24", today)).toBe("in 4 days");
  });
});
