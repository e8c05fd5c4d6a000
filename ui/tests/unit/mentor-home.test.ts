import { describe, expect, it } from "vitest";
import type { AppointmentFields, MentorHome, Stored } from "../../src/lib/types";
import { awaitingItems, firstName, goingWith } from "../../src/lib/mentor-home";

const appt = (f: Partial<AppointmentFields> & { id: string }): Stored<string, AppointmentFields> => ({
  created_at: "2026-11-01T09:00:00Z",
  archived_at: null,
  client_id: "c-1",
  service_type: "gp",
  service_id: null,
  provider: null,
  place: null,
  starts_at: "2026-11-19T10:00:00Z",
  ends_at: null,
  scheduled_by: "u-1",
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
});

describe("a peer mentor's own view", () => {
  it("tells the mentor who is going with the person", () => {
    expect(goingWith({ planned_accompaniment: "peer_mentor", planned_mentor_id: "m-me" }, "m-me")).toEqual({
      text: "You are going with them",
      tone: "you",
    });
    expect(goingWith({ planned_accompaniment: "peer_mentor", planned_mentor_id: null }, "m-me").tone).toBe("needed");
    expect(goingWith({ planned_accompaniment: "peer_mentor", planned_mentor_id: "m-other" }, "m-me").text).toBe(
      "Another peer mentor is going",
    );
    expect(goingWith({ planned_accompaniment: "caseworker", planned_mentor_id: null }, "m-me").text).toBe(
      "A caseworker is going with them",
    );
    expect(goingWith({ planned_accompaniment: "none", planned_mentor_id: null }, "m-me").text).toBe(
      "Nobody is planned to go with them",
    );
  });
  it("names the person beside each appointment waiting for an outcome", () => {
    const home: MentorHome = {
      date: "2026-11-20",
      mentor_id: "m-me",
      mentor_name: "Dee Campbell",
      people: [
        {
          client_id: "c-1",
          name: "Siobhán O'Brien",
          preferred_name: null,
          pronouns: null,
          phone: null,
          accompaniment_needs: null,
          risks: [],
          linked_since: "2026-10-01",
          upcoming: [],
        },
      ],
      awaiting_outcome: [appt({ id: "a-1" }), appt({ id: "a-2", client_id: "c-gone" })],
    };
    expect(awaitingItems(home).map((i) => i.client_name)).toEqual(["Siobhán O'Brien", "Someone you were linked to"]);
  });
  it("greets the mentor by their first name", () => {
    expect(firstName("  Dee Campbell ")).toBe("Dee");
    expect(firstName("Marcus")).toBe("Marcus");
  });
});
