import { describe, expect, it } from "vitest";
import { GENERIC_MESSAGE, fieldOf, placeError, toUiError } from "../../src/lib/errors";
import { fullName, knownAs, shownOf, count, thousands } from "../../src/lib/names";
import { buildTimeline } from "../../src/lib/timeline";
import { blankClient } from "../../src/lib/api";
import type { ClientRecord } from "../../src/lib/types";

describe("errors from commands", () => {
  it("keeps the app's own message, kind and field", () => {
    const e = toUiError({ kind: "validation", field: "nhs_number", message: "The NHS number must be 10 digits." });
    expect(e).toEqual({ kind: "validation", field: "nhs_number", message: "The NHS number must be 10 digits." });
  });
  it("turns a plain string or anything else into a readable error", () => {
    expect(toUiError("The database is locked.")).toEqual({ kind: "internal", field: null, message: "The database is locked." });
    expect(toUiError(undefined).message).toBe(GENERIC_MESSAGE);
    expect(toUiError({ kind: "strange", message: "Hm." }).kind).toBe("internal");
  });
  it("places a message beside the field it names, or for the whole form", () => {
    const fields = ["given_name", "nhs_number"];
    expect(fieldOf({ kind: "validation", field: "patch.nhs_number", message: "x" }, fields)).toBe("nhs_number");
    expect(placeError({ kind: "validation", field: "nhs_number", message: "Bad" }, fields)).toEqual({
      fields: { nhs_number: "Bad" },
      general: null,
      field: "nhs_number",
    });
    expect(placeError({ kind: "forbidden", field: null, message: "Not allowed" }, fields)).toEqual({
      fields: {},
      general: "Not allowed",
      field: null,
    });
    expect(placeError({ kind: "validation", field: "team_id", message: "No team" }, fields).general).toBe("No team");
  });
});

describe("names and counts", () => {
  it("shows given and family name, or the one a person has", () => {
    expect(fullName(blankClient({ given_name: "Łukasz", family_name: "Nowak" }))).toBe("Łukasz Nowak");
    expect(fullName(blankClient({ given_name: "Precious" }))).toBe("Precious");
    expect(fullName(blankClient({ family_name: "Okafor" }))).toBe("Okafor");
    expect(fullName(blankClient({ preferred_name: "Jay" }))).toBe("Jay");
    expect(fullName(blankClient({}))).toBe("Name not recorded");
  });
  it("shows a preferred name only when it differs", () => {
    expect(knownAs(blankClient({ given_name: "Siobhán", preferred_name: "Shiv" }))).toBe("Shiv");
    expect(knownAs(blankClient({ given_name: "Siobhán", preferred_name: "Siobhán" }))).toBeNull();
  });
  it("says N of TOTAL when a list is cut short", () => {
    expect(shownOf(5, 12)).toBe("5 of 12");
    expect(shownOf(3, 3)).toBe("3");
    expect(shownOf(50, 2302)).toBe("50 of 2,302");
    expect(thousands(85134)).toBe("85,134");
    expect(shownOf(0, 0n)).toBe("0");
    expect(count(7n)).toBe(7);
  });
});

describe("timeline", () => {
  it("mixes contacts, appointments and referral steps, newest first, in London days", () => {
    const client = { id: "c1", created_at: "2026-01-01T00:00:00Z", archived_at: null, ...blankClient({ given_name: "A" }) };
    const appt = (id: string, starts_at: string) => ({
      id,
      created_at: starts_at,
      archived_at: null,
      client_id: "c1",
      service_type: "gp" as const,
      service_id: null,
      provider: null,
      place: null,
      starts_at,
      ends_at: null,
      scheduled_by: "u1",
      planned_accompaniment: "none" as const,
      planned_user_id: null,
      planned_mentor_id: null,
      actual_accompaniment: null,
      actual_user_id: null,
      actual_mentor_id: null,
      outcome: "not_recorded" as const,
      dna_reason: null,
      outcome_recorded_at: null,
      rescheduled_to: null,
    });
    const record: ClientRecord = {
      client,
      name: "A",
      caseworker_name: null,
      episodes: [],
      custody: [],
      appointments: [appt("a1", "2026-06-30T23:30:00Z"), appt("a2", "2026-06-29T09:00:00Z")],
      contacts: [
        {
          id: "k1",
          created_at: "2026-06-30T10:00:00Z",
          archived_at: null,
          client_id: "c1",
          author_id: "u1",
          contact_on: "2026-06-30",
          kind: "phone",
          minutes: 10,
          summary: null,
          follow_up_on: null,
          supersedes_id: null,
        },
      ],
      referrals: [
        {
          referral: {
            id: "r1",
            created_at: "2026-06-01T10:00:00Z",
            archived_at: null,
            sent_on: "2026-06-01",
            last_step_on: "2026-06-10",
            client_name: "Jo Bloggs",
            client_id: "c1",
            service_type: "drug_alcohol",
            service_id: null,
            provider: null,
            reason: null,
            status: "acknowledged",
            next_statuses: ["accepted", "declined", "closed_no_engagement"],
            made_by: "u1",
          },
          steps: [
            { id: "s1", created_at: "x", archived_at: null, referral_id: "r1", status: "sent", happened_on: "2026-06-01", recorded_by: "u1" },
            { id: "s2", created_at: "x", archived_at: null, referral_id: "r1", status: "acknowledged", happened_on: "2026-06-10", recorded_by: "u1" },
          ],
        },
      ],
      mentors: [],
      tasks: [],
      pathway: null,
      measures: [],
      merges: [],
      shares: [],
      hidden_fields: [],
      erased: false,
      consent: { current: [], history: [], erasure_due: false },
    };
    const t = buildTimeline(record);
    expect(t.map((e) => e.id)).toEqual(["a1", "k1", "a2", "s2", "s1"]);
    expect(t[0].date).toBe("2026-07-01"); // 23:30 UTC on 30 June is 00:30 on 1 July in London
    expect(t[0].time).toBe("00:30");
  });
});
