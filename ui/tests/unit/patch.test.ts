import { describe, expect, it } from "vitest";
import { diffPatch, formValues, isEmptyPatch, normalise } from "../../src/lib/patch";
import { blankClient } from "../../src/lib/api";
import type { ClientFields, ClientPatch } from "../../src/lib/types";

const siobhan: ClientFields = blankClient({
  given_name: "Siobhán",
  family_name: "O'Brien",
  preferred_name: null,
  phone: "07700 900123",
  nhs_number: null,
  justice_status: "on_licence",
  expected_release_date: null,
  actual_release_date: "2026-11-14",
  gp_status: "not_registered",
  support_needs: ["mental_health", "housing"],
  risk_flags: ["self_harm"],
});

const EDITABLE = [
  "given_name",
  "family_name",
  "preferred_name",
  "phone",
  "nhs_number",
  "justice_status",
  "expected_release_date",
  "gp_status",
  "support_needs",
  "risk_flags",
] as const;

describe("building a ClientPatch from an edited form", () => {
  it("is empty when nothing changed (null shown as an empty box is not a change)", () => {
    const form = formValues(siobhan, EDITABLE);
    expect(form.preferred_name).toBe("");
    expect(diffPatch(siobhan, form)).toEqual({});
    expect(isEmptyPatch(diffPatch(siobhan, form))).toBe(true);
  });

  it("holds only the fields that changed", () => {
    const form = { ...formValues(siobhan, EDITABLE), preferred_name: "Shiv", justice_status: "released_no_supervision" };
    const patch: ClientPatch = diffPatch(siobhan, form);
    expect(patch).toEqual({ preferred_name: "Shiv", justice_status: "released_no_supervision" });
    expect(Object.keys(patch)).toHaveLength(2);
  });

  it("sends null when a box is emptied, and trims the ends of text", () => {
    const form = { ...formValues(siobhan, EDITABLE), phone: "   ", nhs_number: " 9434765919 " };
    expect(diffPatch(siobhan, form)).toEqual({ phone: null, nhs_number: "9434765919" });
  });

  it("does not count added spaces as a change", () => {
    const form = { ...formValues(siobhan, EDITABLE), given_name: " Siobhán " };
    expect(diffPatch(siobhan, form)).toEqual({});
  });

  it("keeps names exactly as written otherwise (accents, apostrophes, other scripts)", () => {
    const form = { ...formValues(siobhan, EDITABLE), family_name: "Ó Briain", given_name: "سيوبهان" };
    expect(diffPatch(siobhan, form)).toEqual({ family_name: "Ó Briain", given_name: "سيوبهان" });
  });

  it("compares lists as sets, and sends the whole new list when it changes", () => {
    const reordered = { ...formValues(siobhan, EDITABLE), support_needs: ["housing", "mental_health"] };
    expect(diffPatch(siobhan, reordered)).toEqual({});
    const added = { ...formValues(siobhan, EDITABLE), support_needs: ["housing", "mental_health", "drugs"] };
    expect(diffPatch(siobhan, added)).toEqual({ support_needs: ["housing", "mental_health", "drugs"] });
    const cleared = { ...formValues(siobhan, EDITABLE), risk_flags: [] };
    expect(diffPatch(siobhan, cleared)).toEqual({ risk_flags: [] });
  });

  it("sets a date that was empty and ignores keys that are not fields of the record", () => {
    const form = { ...formValues(siobhan, EDITABLE), expected_release_date: "2026-12-02", not_a_field: "x" };
    expect(diffPatch(siobhan, form as never)).toEqual({ expected_release_date: "2026-12-02" });
  });

  it("normalises form values", () => {
    expect(normalise("")).toBeNull();
    expect(normalise(undefined)).toBeNull();
    expect(normalise(" a ")).toBe("a");
    expect(normalise(false)).toBe(false);
    expect(normalise(["a"])).toEqual(["a"]);
  });
});
