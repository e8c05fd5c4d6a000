import { describe, expect, it } from "vitest";
import type { AgendaItem } from "../../src/lib/types";
import {
  calendarOfChoice,
  endOf,
  fileOf,
  freeSlotWords,
  goingWords,
  gridHours,
  instantAt,
  lanes,
  londonMinutes,
  moveTimes,
  nudge,
  spanOf,
  targetOf,
  weekRange,
  whenWords,
} from "../../src/lib/calendar";
import { addDays, addMonths, mondayOf } from "../../src/lib/time";

describe("days and weeks", () => {
  it("adds days and months, and finds the Monday of a week", () => {
    expect(addDays("2026-11-30", 1)).toBe("2026-12-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addMonths("2026-11-20", 3)).toBe("2027-02-20");
    expect(addMonths("2026-05-31", 1)).toBe("2026-06-30");
    expect(mondayOf("2026-11-20")).toBe("2026-11-16"); // a Friday
    expect(mondayOf("2026-11-22")).toBe("2026-11-16"); // a Sunday
    expect(mondayOf("2026-11-23")).toBe("2026-11-23"); // a Monday
    expect(weekRange(["2026-11-16", "2026-11-22"])).toBe("16 to 22 November 2026");
    expect(weekRange(["2026-11-30", "2026-12-06"])).toBe("30 November to 6 December 2026");
    expect(weekRange(["2026-12-28", "2027-01-03"])).toBe("28 December 2026 to 3 January 2027");
  });
});

describe("placing appointments on the London clock", () => {
  it("reads minutes since London midnight in winter and summer", () => {
    expect(londonMinutes("2026-11-24T10:00:00Z")).toBe(600);
    expect(londonMinutes("2026-07-01T09:30:00Z")).toBe(630); // 10:30 BST
    expect(instantAt("2026-07-01", 630)).toBe("2026-07-01T09:30:00Z");
    expect(instantAt("2026-11-24", 24 * 60 + 15)).toBe("2026-11-25T00:15:00Z");
  });

  it("takes an appointment with no end as an hour long, and cuts one at midnight", () => {
    expect(endOf({ starts_at: "2026-11-24T10:00:00Z", ends_at: null })).toBe("2026-11-24T11:00:00Z");
    expect(spanOf("2026-11-24T23:30:00Z", "2026-11-25T00:30:00Z")).toEqual({ day: "2026-11-24", from: 1410, until: 1440 });
    expect(gridHours([])).toEqual({ first: 7, last: 21 });
    expect(gridHours([{ day: "2026-11-24", from: 6 * 60 + 30, until: 22 * 60 + 15 }])).toEqual({ first: 6, last: 23 });
  });

  it("puts overlapping appointments side by side", () => {
    const out = lanes([
      { from: 600, until: 660 },
      { from: 630, until: 690 },
      { from: 700, until: 760 },
      { from: 640, until: 650 },
    ]);
    expect(out[0]).toEqual({ lane: 0, of: 3 });
    expect(out[1]).toEqual({ lane: 1, of: 3 });
    expect(out[3]).toEqual({ lane: 2, of: 3 });
    expect(out[2]).toEqual({ lane: 0, of: 1 });
  });
});

describe("moving an appointment", () => {
  const a = { starts_at: "2026-11-25T13:30:00Z", ends_at: "2026-11-25T14:30:00Z" };

  it("moves by quarter hours and days, keeping its length", () => {
    let t = targetOf(a);
    t = nudge(t, { minutes: 15 });
    t = nudge(t, { minutes: 15 });
    t = nudge(t, { days: 1 });
    expect(moveTimes(t)).toEqual({ starts_at: "2026-11-26T14:00:00Z", ends_at: "2026-11-26T15:00:00Z" });
    expect(whenWords(moveTimes(t).starts_at, moveTimes(t).ends_at as string)).toBe("Thu 26 Nov, 14:00 to 15:00");
  });

  it("keeps no end when there was none, and stays inside the week shown", () => {
    const t = targetOf({ starts_at: "2026-11-22T10:00:00Z", ends_at: null });
    expect(moveTimes(t)).toEqual({ starts_at: "2026-11-22T10:00:00Z", ends_at: null });
    const within = { firstDay: "2026-11-16", lastDay: "2026-11-22" };
    expect(nudge(t, { days: 1 }, within)).toEqual(t);
    expect(nudge(t, { days: -1 }, within).day).toBe("2026-11-21");
  });

  it("keeps the same clock time when a day move crosses the clocks going back", () => {
    const t = targetOf({ starts_at: "2026-10-24T09:00:00Z", ends_at: null }); // 10:00 BST on Saturday
    expect(moveTimes(nudge(t, { days: 1 })).starts_at).toBe("2026-10-25T10:00:00Z"); // 10:00 GMT on Sunday
  });
});

describe("words", () => {
  it("words a free slot for its button", () => {
    expect(freeSlotWords({ starts_at: "2026-11-24T10:00:00Z", free_until: "2026-11-24T13:00:00Z", area: "Leeds" })).toBe(
      "Tue 24 Nov, 10:00 (free until 13:00, Leeds)",
    );
    expect(freeSlotWords({ starts_at: "2026-11-24T10:00:00Z", free_until: "2026-11-24T13:00:00Z", area: null })).toBe(
      "Tue 24 Nov, 10:00 (free until 13:00)",
    );
  });

  it("says who is going", () => {
    const item = (fields: Partial<AgendaItem["appointment"]>, companion: string | null = null) =>
      ({ appointment: { planned_accompaniment: "none", planned_mentor_id: null, ...fields }, client_name: "Lan", companion_name: companion }) as AgendaItem;
    const lbl = (c: string) => (c === "peer_mentor" ? "Peer mentor" : "Caseworker");
    expect(goingWords(item({}), lbl).text).toBe("Nobody going");
    expect(goingWords(item({ planned_accompaniment: "caseworker" }, "Sam Patel"), lbl).text).toBe("With Sam Patel");
    expect(goingWords(item({ planned_accompaniment: "peer_mentor" }), lbl)).toEqual({ text: "Peer mentor needed: nobody named", needed: true });
    expect(goingWords(item({ planned_accompaniment: "peer_mentor", planned_mentor_id: "m-dee" }, "Dee Campbell"), lbl, "m-dee").text).toBe("You are going");
  });

  it("turns the choice of whose calendar into what core asks for", () => {
    expect(calendarOfChoice("me", "u-sam")).toEqual({ of: "caseworker", user_id: "u-sam" });
    expect(calendarOfChoice("mentor:m-dee", "u-sam")).toEqual({ of: "mentor", mentor_id: "m-dee" });
    expect(calendarOfChoice("team:", "u-sam")).toEqual({ of: "team", team_id: null });
    expect(calendarOfChoice("team:t-north", "u-sam")).toEqual({ of: "team", team_id: "t-north" });
    expect(calendarOfChoice("nonsense", "u-sam")).toBeNull();
    expect(fileOf({ of: "team", team_id: null })).toBeNull();
    expect(fileOf({ of: "mentor", mentor_id: "m-dee" })).toEqual({ of: "mentor", mentor_id: "m-dee" });
  });
});

describe("free times across midnight", () => {
  it("splits a stretch into the days it covers", async () => {
    const { spansOf } = await import("../../src/lib/calendar");
    expect(spansOf("2026-11-24T22:00:00Z", "2026-11-25T01:00:00Z")).toEqual([
      { day: "2026-11-24", from: 1320, until: 1440 },
      { day: "2026-11-25", from: 0, until: 60 },
    ]);
    expect(spansOf("2026-11-24T09:00:00Z", "2026-11-24T13:00:00Z")).toEqual([{ day: "2026-11-24", from: 540, until: 780 }]);
  });
});
