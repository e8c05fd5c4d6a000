import { describe, expect, it } from "vitest";
import { lockChoices } from "../../src/lib/settings";

describe("how soon the app locks", () => {
  it("offers 1 to 15 minutes in words", () => {
    const c = lockChoices();
    expect(c).toHaveLength(15);
    expect(c[0]).toEqual({ code: "1", label: "1 minute" });
    expect(c[4]).toEqual({ code: "5", label: "5 minutes" });
    expect(c[14]).toEqual({ code: "15", label: "15 minutes" });
  });
});
