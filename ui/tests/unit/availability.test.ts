import { describe, expect, it } from "vitest";
import {
  andList,
  availabilitySummary,
  boxId,
  draftValue,
  exceptionWords,
  fromDraft,
  parseClock,
  targetOf,
  toDraft,
  weeklyLines,
} from "../../src/lib/availability";
import type { MentorFields } from "../../src/lib/types";

type Avail = Pick<MentorFields, "weekly_availability" | "availability_exceptions" | "travel_area">;
const dee: Avail = {
  weekly_availability: [
    { day: "thursday", from: "10:00", until: "16:00", area: "Leeds" },
    { day: "tuesday", from: "10:00", until: "16:00", area: "Leeds" },
  ],
  availability_exceptions: null,
  travel_area: "Leeds and Bradford, by bus",
};

describe("times typed by a person", () => {
  it("reads the usual ways of writing a time, and the end of the day", () => {
    expect(parseClock("9:30")).toBe("09:30");
    expect(parseClock(" 09.30 ")).toBe("09:30");
    expect(parseClock("1600")).toBe("16:00");
    expect(parseClock("24:00")).toBe("24:00");
  });
  it("refuses what is not a time", () => {
    for (const bad of ["", "9", "24:01", "25:00", "10:60", "ten", "10:0"]) expect(parseClock(bad)).toBeNull();
  });
});

describe("the summary in words", () => {
  it("joins days with the same times and area, in week order", () => {
    expect(weeklyLines(dee.weekly_availability)).toEqual(["Tuesdays and Thursdays 10:00 to 16:00 (Leeds)"]);
  });
  it("keeps different times apart and says midnight for 24:00", () => {
    expect(
      weeklyLines([
        { day: "friday", from: "18:00", until: "24:00", area: null },
        { day: "monday", from: "09:00", until: "12:00", area: " " },
        { day: "wednesday", from: "09:00", until: "12:00", area: null },
        { day: "monday", from: "14:00", until: "16:00", area: "Bradford" },
        { day: "saturday", from: "09:00", until: "12:00", area: null },
      ]),
    ).toEqual([
      "Mondays, Wednesdays and Saturdays 09:00 to 12:00",
      "Mondays 14:00 to 16:00 (Bradford)",
      "Fridays 18:00 to midnight",
    ]);
    expect(weeklyLines(null)).toEqual([]);
    expect(andList(["A"])).toBe("A");
    expect(andList(["A", "B"])).toBe("A and B");
  });
  it("words days away and extra times with the date", () => {
    expect(exceptionWords({ kind: "away", first_day: "2026-12-21", last_day: "2026-12-31" })).toBe(
      "Mon 21 December 2026 to Thu 31 December 2026",
    );
    expect(exceptionWords({ kind: "away", first_day: "2026-12-21", last_day: "2026-12-21" })).toBe("Mon 21 December 2026");
    expect(exceptionWords({ kind: "extra", on: "2026-11-28", from: "10:00", until: "13:00", area: "Bradford" })).toBe(
      "Sat 28 November 2026, 10:00 to 13:00 (Bradford)",
    );
  });
  it("leaves out exceptions that are over, and says when nothing is recorded", () => {
    const s = availabilitySummary(
      {
        ...dee,
        availability_exceptions: [
          { kind: "extra", on: "2026-11-28", from: "10:00", until: "13:00", area: null },
          { kind: "away", first_day: "2026-12-21", last_day: "2026-12-31" },
          { kind: "away", first_day: "2026-11-01", last_day: "2026-11-19" },
          { kind: "away", first_day: "2026-11-19", last_day: "2026-11-20" },
        ],
      },
      "2026-11-20",
    );
    expect(s.empty).toBe(false);
    expect(s.away).toEqual(["Thu 19 November 2026 to Fri 20 November 2026", "Mon 21 December 2026 to Thu 31 December 2026"]);
    expect(s.extra).toEqual(["Sat 28 November 2026, 10:00 to 13:00"]);
    expect(s.travel).toBe("Leeds and Bradford, by bus");
    const none = availabilitySummary({ weekly_availability: null, availability_exceptions: null, travel_area: " " }, "2026-11-20");
    expect(none).toEqual({ empty: true, weekly: [], away: [], extra: [], travel: null });
  });
});

describe("the editor's draft", () => {
  it("round-trips what is recorded, sending days away before extra times", () => {
    const d = toDraft({
      ...dee,
      availability_exceptions: [
        { kind: "extra", on: "2026-11-28", from: "10:00", until: "13:00", area: "Bradford" },
        { kind: "away", first_day: "2026-12-21", last_day: "2026-12-31" },
      ],
    });
    expect(d.away).toHaveLength(1);
    expect(d.extra).toHaveLength(1);
    const { availability, problems } = fromDraft(d);
    expect(problems).toEqual({});
    expect(availability).toEqual({
      weekly: dee.weekly_availability,
      exceptions: [
        { kind: "away", first_day: "2026-12-21", last_day: "2026-12-31" },
        { kind: "extra", on: "2026-11-28", from: "10:00", until: "13:00", area: "Bradford" },
      ],
      travel_area: "Leeds and Bradford, by bus",
    });
  });
  it("tidies typed times, treats empty text as none and an empty last day as one day away", () => {
    const d = toDraft({ weekly_availability: null, availability_exceptions: null, travel_area: null });
    d.weekly.push({ key: 1, day: "monday", from: "9.30", until: "1300", area: "  " });
    d.away.push({ key: 2, first_day: "2026-12-24", last_day: "", firstProblem: null, lastProblem: null });
    d.travel_area = "  ";
    expect(fromDraft(d).availability).toEqual({
      weekly: [{ day: "monday", from: "09:30", until: "13:00", area: null }],
      exceptions: [{ kind: "away", first_day: "2026-12-24", last_day: "2026-12-24" }],
      travel_area: null,
    });
  });
  it("names problems as core names its fields, in the order of the boxes", () => {
    const d = toDraft({ weekly_availability: null, availability_exceptions: null, travel_area: null });
    d.weekly.push({ key: 1, day: "monday", from: "", until: "25:00", area: "" });
    d.away.push({ key: 2, first_day: "", last_day: "", firstProblem: null, lastProblem: "Last day away: enter a real date" });
    d.extra.push({ key: 3, on: "2026-11-28", from: "10:00", until: "x", area: "", onProblem: null });
    const { availability, problems } = fromDraft(d);
    expect(availability).toBeNull();
    expect(Object.keys(problems)).toEqual([
      "weekly.0.from",
      "weekly.0.until",
      "exceptions.0.first_day",
      "exceptions.0.last_day",
      "exceptions.1.until",
    ]);
    expect(problems["exceptions.0.last_day"]).toBe("Last day away: enter a real date");
  });
  it("notices a change but not spaces or new row keys", () => {
    const a = toDraft(dee);
    const b = toDraft(dee);
    expect(draftValue(a)).toBe(draftValue(b));
    b.weekly[0].area = " Leeds ";
    expect(draftValue(a)).toBe(draftValue(b));
    b.weekly[0].until = "17:00";
    expect(draftValue(a)).not.toBe(draftValue(b));
  });
});

describe("which box an error from core is about", () => {
  it("finds the row and box, counting days away before extra times", () => {
    expect(targetOf("weekly.2", 1)).toEqual({ list: "weekly", index: 2, part: null });
    expect(targetOf("exceptions.0.last_day", 1)).toEqual({ list: "away", index: 0, part: "last_day" });
    expect(targetOf("exceptions.1", 1)).toEqual({ list: "extra", index: 0, part: null });
    expect(targetOf("travel_area", 0)).toEqual({ list: "travel_area" });
    expect(targetOf("weekly", 0)).toBeNull();
    expect(targetOf(null, 0)).toBeNull();
  });
  it("gives the id of the box to focus", () => {
    expect(boxId("weekly.1", 0)).toBe("avail-weekly-1");
    expect(boxId("weekly.1.until", 0)).toBe("avail-weekly-1-until");
    expect(boxId("exceptions.0.first_day", 2)).toBe("avail-away-0-first-day");
    expect(boxId("exceptions.2.on", 2)).toBe("avail-extra-0-on-day");
    expect(boxId("exceptions.3.until", 2)).toBe("avail-extra-1-until");
    expect(boxId("travel_area", 0)).toBe("avail-travel");
    expect(boxId("exceptions", 0)).toBe("avail-form");
  });
});
