import { describe, expect, it } from "vitest";
import { parseMinutes } from "../../src/lib/forms";

describe("minutes typed in a contact", () => {
  it("accepts whole numbers from 1 to 1440", () => {
    expect(parseMinutes("30")).toBe(30);
    expect(parseMinutes(" 5 ")).toBe(5);
    expect(parseMinutes("1440")).toBe(1440);
  });
  it("refuses anything else", () => {
    expect(parseMinutes("")).toBeNull();
    expect(parseMinutes("0")).toBeNull();
    expect(parseMinutes("1441")).toBeNull();
    expect(parseMinutes("half an hour")).toBeNull();
    expect(parseMinutes("1.5")).toBeNull();
  });
});
