import { beforeAll, describe, expect, it } from "vitest";
import type { ClientFields } from "../../src/lib/types";
import { blankClient } from "../../src/lib/api";
import { setLabels } from "../../src/lib/labels.svelte";
import { MERGE_FIELDS, differingFields, inSentence, mergeChoices, mergeWords, movedWords, otherOf, valueWords, type Merge } from "../../src/lib/merge";

const kept: ClientFields = blankClient({
  given_name: "Mohammed",
  family_name: "Khan",
  date_of_birth: "1986-05-14",
  phone: "07700 900218",
  prison_number: "A5531FT",
  gp_status: "not_registered",
  risk_flags: ["overdose"],
  support_needs: ["drugs"],
});
const other: ClientFields = blankClient({
  given_name: "Muhammad",
  family_name: "Khan",
  date_of_birth: "1986-05-14",
  phone: "07700 900995",
  address: "Flat 3, 18 Canal Street",
  crn: "X774120",
  gp_status: "registered",
  risk_flags: ["self_harm", "overdose"],
  support_needs: ["drugs"],
});

beforeAll(() =>
  setLabels({
    GpStatus: [
      { code: "registered", label: "Registered" },
      { code: "not_registered", label: "Not registered" },
    ],
    RiskFlag: [
      { code: "self_harm", label: "Self-harm" },
      { code: "overdose", label: "Overdose risk" },
    ],
  }),
);

describe("the details that differ between two records", () => {
  it("lists only the details that differ, in the record's order", () => {
    const keys = differingFields(kept, other).map((d) => d.field.key);
    expect(keys).toEqual(["given_name", "prison_number", "crn", "phone", "address", "gp_status", "risk_flags"]);
  });
  it("does not count spaces, empty text for nothing, or the order of a list", () => {
    const a = blankClient({ phone: " 07700 900218 ", email: "", risk_flags: ["overdose", "self_harm"] });
    const b = blankClient({ phone: "07700 900218", email: null, risk_flags: ["self_harm", "overdose"] });
    expect(differingFields(a, b)).toEqual([]);
  });
  it("compares every detail a merge can take", () => {
    expect(MERGE_FIELDS.map((f) => f.key)).toContain("date_of_birth");
    expect(MERGE_FIELDS.map((f) => f.key)).not.toContain("consent_store");
  });
});

describe("what the merge takes from the other record", () => {
  const diffs = differingFields(kept, other);
  it("takes nothing when every detail is kept", () => {
    expect(mergeChoices(diffs, {})).toEqual({});
    expect(mergeChoices(diffs, { phone: "keep" })).toEqual({});
  });
  it("takes the details chosen from the other record", () => {
    expect(mergeChoices(diffs, { phone: "other", crn: "other", given_name: "keep" })).toEqual({ phone: "07700 900995", crn: "X774120" });
  });
  it("can keep both lists together, this record's first", () => {
    expect(mergeChoices(diffs, { risk_flags: "both" })).toEqual({ risk_flags: ["overdose", "self_harm"] });
  });
  it("takes nothing from a plain detail marked both", () => {
    expect(mergeChoices(diffs, { phone: "both" })).toEqual({});
  });
});

describe("a detail's value in words", () => {
  const field = (key: string) => MERGE_FIELDS.find((f) => f.key === key)!;
  it("writes dates, codes and lists for people", () => {
    expect(valueWords(field("date_of_birth"), "1986-05-14")).toBe("14 May 1986");
    expect(valueWords(field("gp_status"), "registered")).toBe("Registered");
    expect(valueWords(field("risk_flags"), ["self_harm", "overdose"])).toBe("Self-harm, Overdose risk");
    expect(valueWords(field("phone"), null)).toBe("Not recorded");
    expect(valueWords(field("risk_flags"), [])).toBe("Not recorded");
    expect(valueWords(field("caseworker_id"), "u-1", (id) => (id === "u-1" ? "Ben Carter" : null))).toBe("Ben Carter");
  });
});

describe("a detail's name inside a sentence", () => {
  it("starts with a small letter, unless it starts with initials", () => {
    expect(inSentence("Phone")).toBe("phone");
    expect(inSentence("Case reference number (CRN)")).toBe("case reference number (CRN)");
    expect(inSentence("NHS number")).toBe("NHS number");
    expect(inSentence("GP practice")).toBe("GP practice");
  });
});

describe("a merge as the record lists it", () => {
  const m: Merge = {
    id: "mg-1",
    created_at: "2026-03-03T10:00:00Z",
    archived_at: null,
    kept_id: "c-kept",
    merged_id: "c-other",
    kept_before: "{}",
    moved: ["appointment:a-1", "appointment:a-2", "support_contact:k-1", "measure:me-1"],
    merged_by: "u-1",
    undone_at: null,
  };
  it("says who it was merged with, when and by whom", () => {
    expect(mergeWords(m, "c-kept", "Mo Khan", "Morgan Hale")).toEqual({
      what: "Merged with Mo Khan's record on 3 March 2026 by Morgan Hale.",
      undone: null,
      intoHere: true,
    });
    expect(mergeWords(m, "c-other", "Mohammed Khan", null).what).toBe("Merged into Mohammed Khan's record on 3 March 2026.");
  });
  it("says when it was undone", () => {
    expect(mergeWords({ ...m, undone_at: "2026-03-05T16:30:00Z" }, "c-kept", "Mo Khan", "Morgan Hale").undone).toBe("Undone on 5 March 2026.");
  });
  it("finds the other record from either side", () => {
    expect(otherOf(m, "c-kept")).toBe("c-other");
    expect(otherOf(m, "c-other")).toBe("c-kept");
  });
  it("counts what moved", () => {
    expect(movedWords(m.moved)).toBe("2 appointments, 1 contact and 1 questionnaire");
    expect(movedWords(["referral:r-1"])).toBe("1 referral");
    expect(movedWords([])).toBe("nothing");
  });
});
