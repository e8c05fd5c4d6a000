import { describe, expect, it } from "vitest";
import { label, options, setLabels } from "../../src/lib/labels.svelte";

describe("labels for codes", () => {
  it("gives each code its words, and the code in words when the app sent none", () => {
    setLabels({ Outcome: [{ code: "dna", label: "Did not attend" }, { code: "attended", label: "Attended" }] });
    expect(label("Outcome", "dna")).toBe("Did not attend");
    expect(label("Outcome", "cancelled_by_patient")).toBe("cancelled by patient");
    expect(label("NoSuchSet", "some_code")).toBe("some code");
    expect(label("Outcome", null)).toBe("Not recorded");
    expect(options("Outcome").map((o) => o.code)).toEqual(["dna", "attended"]);
  });

  it("gives the new words once the labels are loaded again, not the ones looked up before", () => {
    setLabels({ Outcome: [{ code: "dna", label: "Did not attend" }] });
    expect(label("Outcome", "dna")).toBe("Did not attend");
    setLabels({ Outcome: [{ code: "dna", label: "Missed it" }] });
    expect(label("Outcome", "dna")).toBe("Missed it");
    setLabels({});
    expect(label("Outcome", "dna")).toBe("dna");
    expect(options("Outcome")).toEqual([]);
  });
});
