import { describe, expect, it } from "vitest";
import { EQUALITY_HINT, groupEthnicities } from "../../src/lib/equality";

// Core's ethnicity labels (crates/core/src/enums.rs), in its order.
const CORE = [
  ["asian_bangladeshi", "Asian or Asian British: Bangladeshi"],
  ["asian_chinese", "Asian or Asian British: Chinese"],
  ["asian_indian", "Asian or Asian British: Indian"],
  ["asian_pakistani", "Asian or Asian British: Pakistani"],
  ["asian_other", "Asian or Asian British: any other Asian background"],
  ["black_african", "Black, Black British, Caribbean or African: African"],
  ["black_caribbean", "Black, Black British, Caribbean or African: Caribbean"],
  ["black_other", "Black, Black British, Caribbean or African: any other Black background"],
  ["mixed_white_asian", "Mixed or multiple: White and Asian"],
  ["mixed_white_black_african", "Mixed or multiple: White and Black African"],
  ["mixed_white_black_caribbean", "Mixed or multiple: White and Black Caribbean"],
  ["mixed_other", "Mixed or multiple: any other mixed background"],
  ["white_british", "White: English, Welsh, Scottish, Northern Irish or British"],
  ["white_irish", "White: Irish"],
  ["white_gypsy_traveller", "White: Gypsy or Irish Traveller"],
  ["white_roma", "White: Roma"],
  ["white_other", "White: any other White background"],
  ["other_arab", "Other ethnic group: Arab"],
  ["other_any", "Other ethnic group: any other ethnic group"],
  ["not_stated", "Prefer not to say"],
].map(([code, label]) => ({ code, label }));

describe("ethnicity grouped as the 2021 census groups it", () => {
  const { groups, loose } = groupEthnicities(CORE);

  it("makes the five census groups, in the app's order", () => {
    expect(groups.map((g) => g.group)).toEqual([
      "Asian or Asian British",
      "Black, Black British, Caribbean or African",
      "Mixed or multiple",
      "White",
      "Other ethnic group",
    ]);
    expect(groups.map((g) => g.options.length)).toEqual([5, 3, 4, 5, 2]);
  });
  it("keeps every code once, and 'Prefer not to say' outside any group", () => {
    const codes = [...groups.flatMap((g) => g.options.map((o) => o.code)), ...loose.map((o) => o.code)];
    expect(codes.sort()).toEqual(CORE.map((c) => c.code).sort());
    expect(loose).toEqual([{ code: "not_stated", label: "Prefer not to say" }]);
  });
  it("says in each option only what follows the group's name, starting with a capital", () => {
    const white = groups.find((g) => g.group === "White")!;
    expect(white.options[0]).toEqual({ code: "white_british", label: "English, Welsh, Scottish, Northern Irish or British" });
    expect(white.options[4]).toEqual({ code: "white_other", label: "Any other White background" });
    const other = groups.find((g) => g.group === "Other ethnic group")!;
    expect(other.options.map((o) => o.label)).toEqual(["Arab", "Any other ethnic group"]);
  });
  it("splits at the first ': ' only", () => {
    const got = groupEthnicities([{ code: "x", label: "Group: part: more" }]);
    expect(got.groups).toEqual([{ group: "Group", options: [{ code: "x", label: "Part: more" }] }]);
  });
  it("keeps a group together even when its options are not next to each other", () => {
    const got = groupEthnicities([
      { code: "a1", label: "A: one" },
      { code: "b1", label: "B: one" },
      { code: "a2", label: "A: two" },
    ]);
    expect(got.groups.map((g) => [g.group, g.options.map((o) => o.code)])).toEqual([
      ["A", ["a1", "a2"]],
      ["B", ["b1"]],
    ]);
  });
  it("gives nothing for no labels", () => {
    expect(groupEthnicities([])).toEqual({ groups: [], loose: [] });
  });
  it("explains why it is asked and that it is optional", () => {
    expect(EQUALITY_HINT).toMatch(/^Optional\./);
    expect(EQUALITY_HINT).toContain("choose not to say");
  });
});
