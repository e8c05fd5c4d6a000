import { describe, expect, it } from "vitest";
import type { AgendaItem, AppointmentFields } from "../../src/lib/types";
import { dayAfter, moreWords, whoIsGoing } from "../../src/lib/attention-words";

const item = (f: Partial<AppointmentFields>, companion_name: string | null = null): AgendaItem => ({
  appointment: {
    id: "a-1",
    created_at: "2026-11-01T09:00:00Z",
    archived_at: null,
    client_id: "c-1",
    service_type: "gp",
    service_id: null,
    provider: null,
    place: null,
    starts_at: "2026-11-21T10:30:00Z",
    ends_at: null,
    scheduled_by: "u-sam",
    planned_accompaniment: "none",
    planned_user_id: null,
    planned_mentor_id: null,
    actual_accompaniment: null,
    actual_user_id: null,
    actual_mentor_id: null,
    outcome: "not_recorded",
    dna_reason: null,
    outcome_recorded_at: null,
    rescheduled_to: null,
    ...f,
  },
  client_name: "Lan Nguyễn Thị",
  companion_name,
});

const manager = { role: "manager" as const, user_id: "u-sam" };
const mentor = { role: "peer_mentor" as const, user_id: "u-dee" };

describe("who is going, in words", () => {
  it("names who is going, or says nobody is", () => {
    expect(whoIsGoing(item({ planned_accompaniment: "peer_mentor", planned_mentor_id: "m-dee" }, "Dee Campbell"), manager)).toBe(
      "Dee Campbell is going with them",
    );
    expect(whoIsGoing(item({}), manager)).toBe("Nobody is planned to go with them");
    expect(whoIsGoing(item({ planned_accompaniment: "peer_mentor" }), manager)).toBe("A peer mentor is needed: nobody named yet");
    expect(whoIsGoing(item({ planned_accompaniment: "caseworker" }), manager)).toBe("A caseworker is needed: nobody named yet");
  });
  it("says 'you' to the person going", () => {
    expect(whoIsGoing(item({ planned_accompaniment: "caseworker", planned_user_id: "u-sam" }, "Sam Patel"), manager)).toBe(
      "You are going with them",
    );
    const dee = item({ planned_accompaniment: "peer_mentor", planned_mentor_id: "m-dee" }, "Dee Campbell");
    expect(whoIsGoing(dee, mentor, true)).toBe("You are going with them");
    // Without knowing the list is theirs, a mentor is told the name.
    expect(whoIsGoing(dee, mentor)).toBe("Dee Campbell is going with them");
  });
});

describe("how much is shown", () => {
  it("says so only when a list is cut short", () => {
    expect(moreWords(3, 3)).toBeNull();
    expect(moreWords(50, 62)).toBe("Showing the first 50 of 62.");
  });
});

describe("tomorrow", () => {
  it("is the day after, across months and years", () => {
    expect(dayAfter("2026-11-20")).toBe("2026-11-21");
    expect(dayAfter("2026-11-30")).toBe("2026-12-01");
    expect(dayAfter("2026-12-31")).toBe("2027-01-01");
    expect(dayAfter("2028-02-28")).toBe("2028-02-29");
  });
});
