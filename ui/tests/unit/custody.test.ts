import { describe, expect, it } from "vitest";
import { custodyCountdown } from "../../src/lib/time";
import { custodyKinds, custodyKindWords, openCustody, statusesAfterRelease, typedStatuses, type Custody } from "../../src/lib/custody";

describe("custody countdown wording", () => {
  const today = "2026-11-20"; // a Friday
  it("counts down to an expected release, with the date", () => {
    expect(custodyCountdown("2026-12-02", today)).toBe("Release expected in 12 days, on Wed 2 December 2026");
    expect(custodyCountdown("2026-11-22", today)).toBe("Release expected in 2 days, on Sun 22 November 2026");
    expect(custodyCountdown("2026-11-21", today)).toBe("Release expected tomorrow, on Sat 21 November 2026");
  });
  it("says today on the day", () => {
    expect(custodyCountdown("2026-11-20", today)).toBe("Release expected today, Fri 20 November 2026");
  });
  it("once the day has passed, asks for the release to be recorded", () => {
    expect(custodyCountdown("2026-11-19", today)).toBe(
      "Release was expected yesterday, on Thu 19 November 2026. Record the release when it happens.",
    );
    expect(custodyCountdown("2026-11-17", today)).toBe(
      "Release was expected 3 days ago, on Tue 17 November 2026. Record the release when it happens.",
    );
  });
  it("counts whole calendar days across a clock change", () => {
    expect(custodyCountdown("2026-03-30", "2026-03-28")).toBe("Release expected in 2 days, on Mon 30 March 2026");
    expect(custodyCountdown("2026-10-26", "2026-10-24")).toBe("Release expected in 2 days, on Mon 26 October 2026");
  });
  it("says nothing without a real date", () => {
    expect(custodyCountdown(null, today)).toBeNull();
    expect(custodyCountdown("2026-02-30", today)).toBeNull();
  });
});

const episode = (fields: Partial<Custody>): Custody => ({
  id: "cu-1",
  created_at: "2026-09-14T12:00:00Z",
  archived_at: null,
  client_id: "c-1",
  kind: "remand",
  establishment: "HMP Birmingham",
  started_on: "2026-09-14",
  expected_release_on: null,
  released_on: null,
  ...fields,
});

describe("custody episodes", () => {
  it("finds the episode still going on, ignoring ended and archived ones", () => {
    const ended = episode({ id: "cu-0", started_on: "2025-01-01", released_on: "2025-06-01" });
    const now = episode({ id: "cu-1" });
    expect(openCustody([now, ended])?.id).toBe("cu-1");
    expect(openCustody([ended])).toBeNull();
    expect(openCustody([episode({ archived_at: "2026-10-01T09:00:00Z" })])).toBeNull();
    expect(openCustody([])).toBeNull();
  });
});

describe("choices in the custody and edit forms", () => {
  const statuses = [
    { code: "in_custody", label: "In custody" },
    { code: "on_licence", label: "On licence" },
    { code: "unknown", label: "Not known" },
  ];
  it("never offers In custody as a status after release", () => {
    expect(statusesAfterRelease(statuses).map((s) => s.code)).toEqual(["on_licence", "unknown"]);
  });
  it("offers In custody in the edit form only when it is already the status", () => {
    expect(typedStatuses(statuses, "on_licence").map((s) => s.code)).toEqual(["on_licence", "unknown"]);
    expect(typedStatuses(statuses, "in_custody").map((s) => s.code)).toEqual(["in_custody", "on_licence", "unknown"]);
  });
  it("words the kinds from the app's labels, or in sentence case without them", () => {
    const fromApp = [{ code: "remand", label: "Remanded" }];
    expect(custodyKindWords(fromApp, "remand")).toBe("Remanded");
    expect(custodyKinds([]).map((k) => k.label)).toEqual(["Remand", "Sentence", "Recall"]);
    expect(custodyKindWords([], "recall")).toBe("Recall");
  });
});
