import { describe, expect, it } from "vitest";
import { keepChoices, lockChoices } from "../../src/lib/settings";

describe("how soon the app locks", () => {
  it("offers 1 to 15 minutes in words", () => {
    const c = lockChoices();
    expect(c).toHaveLength(15);
    expect(c[0]).toEqual({ code: "1", label: "1 minute" });
    expect(c[4]).toEqual({ code: "5", label: "5 minutes" });
    expect(c[14]).toEqual({ code: "15", label: "15 minutes" });
  });
});

describe("how long records are kept", () => {
  it("offers every year from 1 to the longest core allows, the usual one marked", () => {
    const c = keepChoices(20, 6);
    expect(c).toHaveLength(20);
    expect(c[0]).toEqual({ code: "1", label: "1 year" });
    expect(c[5]).toEqual({ code: "6", label: "6 years (the usual)" });
    expect(c[19]).toEqual({ code: "20", label: "20 years" });
  });
});
