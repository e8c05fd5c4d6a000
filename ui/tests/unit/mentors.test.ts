import { beforeEach, describe, expect, it } from "vitest";
import { dbsWarning } from "../../src/lib/mentors";
import { setLabels } from "../../src/lib/labels.svelte";

describe("DBS warning beside a peer mentor", () => {
  beforeEach(() =>
    setLabels({
      DbsCheck: [
        { code: "in_date", label: "DBS check in date" },
        { code: "out_of_date", label: "DBS check older than 3 years" },
        { code: "not_recorded", label: "No DBS check recorded" },
      ],
    }),
  );
  it("shows nothing when the app says the check is in date", () => {
    expect(dbsWarning("in_date")).toBeNull();
  });
  it("shows the app's words when the check is out of date or missing", () => {
    expect(dbsWarning("out_of_date")).toBe("DBS check older than 3 years");
    expect(dbsWarning("not_recorded")).toBe("No DBS check recorded");
  });
});
