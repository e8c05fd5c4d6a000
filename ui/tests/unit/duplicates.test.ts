import { describe, expect, it } from "vitest";
import { anyDuplicates, bornWords, duplicateQuery, duplicatesAnnouncement, elsewhereWords, sameQuery, type Typed } from "../../src/lib/duplicates";

const blank: Typed = { given: "", family: "", dob: "", nhs: "", prison: "", crn: "" };

describe("what to ask core as a new client is typed in", () => {
  it("asks nothing while nothing typed could match anyone", () => {
    expect(duplicateQuery(blank)).toBeNull();
    expect(duplicateQuery({ ...blank, given: "Muhammad", family: "Khan" })).toBeNull();
    expect(duplicateQuery({ ...blank, dob: "1986-05-14" })).toBeNull();
  });
  it("asks once a name has a date of birth", () => {
    expect(duplicateQuery({ ...blank, given: " Muhammad ", family: "Khan", dob: "1986-05-14" })).toEqual({
      given_name: "Muhammad",
      family_name: "Khan",
      date_of_birth: "1986-05-14",
      nhs_number: null,
      prison_number: null,
      crn: null,
      exclude: null,
    });
  });
  it("asks about an identifier on its own, as typed", () => {
    expect(duplicateQuery({ ...blank, nhs: "943 476 5919" })?.nhs_number).toBe("943 476 5919");
    expect(duplicateQuery({ ...blank, crn: "x774120" }, "c-1")).toMatchObject({ crn: "x774120", exclude: "c-1" });
  });
  it("knows the same question asked twice", () => {
    const q = duplicateQuery({ ...blank, prison: "A5531FT" });
    expect(sameQuery(q, duplicateQuery({ ...blank, prison: "A5531FT " }))).toBe(true);
    expect(sameQuery(q, null)).toBe(false);
    expect(sameQuery(null, null)).toBe(true);
  });
});

describe("what the warning says", () => {
  it("gives the date of birth in words", () => {
    expect(bornWords("1986-05-14")).toBe("Born 14 May 1986");
    expect(bornWords(null)).toBe("Date of birth not recorded");
  });
  it("counts matches in other caseloads and says to ask a manager", () => {
    expect(elsewhereWords(0, 0)).toBeNull();
    expect(elsewhereWords(1, 0)).toBe("1 possible match is in another caseload. Ask a manager before adding this person.");
    expect(elsewhereWords(2, 0)).toBe("2 possible matches are in other caseloads. Ask a manager before adding this person.");
    expect(elsewhereWords(2, 2)).toBe(
      "2 possible matches are in other caseloads. They have the same NHS number, prison number or CRN. Ask a manager before adding this person.",
    );
    expect(elsewhereWords(3, 1)).toBe(
      "3 possible matches are in other caseloads. 1 of them has the same NHS number, prison number or CRN. Ask a manager before adding this person.",
    );
  });
  it("is silent when core found nothing", () => {
    expect(anyDuplicates(null)).toBe(false);
    expect(anyDuplicates({ matches: [], elsewhere: 0, elsewhere_certain: 0 })).toBe(false);
    expect(duplicatesAnnouncement({ matches: [], elsewhere: 0, elsewhere_certain: 0 })).toBe("");
  });
  it("tells a screen reader what was found", () => {
    const match = { client_id: "c-1", name: "Mohammed Khan", date_of_birth: "1986-05-14", why: "Same date of birth and another spelling of the name", certain: false };
    expect(duplicatesAnnouncement({ matches: [match], elsewhere: 1, elsewhere_certain: 0 })).toBe(
      "This may be someone already on record. 1 record on file may be this person. 1 possible match is in another caseload. Ask a manager before adding this person.",
    );
  });
});
