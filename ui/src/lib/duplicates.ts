// The duplicate check on the add-client form: what to ask core as the person types, and the words for what
// it found. Core decides what counts as a likely match (the same identifier, or the same date of birth with
// a close name); this only asks at the right moments and says the answer plainly.
import type { DuplicateQuery, Duplicates } from "./types";
import { formatDate } from "./time";

/** What has been typed so far on the add-client form. */
export type Typed = {
  given: string;
  family: string;
  dob: string;
  nhs: string;
  prison: string;
  crn: string;
};

const text = (s: string) => s.trim() || null;

/**
 * The question to ask core, or null when nothing typed could match anyone yet: core matches on an
 * identifier, or on a date of birth with a name, so a name alone is not worth asking about.
 */
export function duplicateQuery(t: Typed, exclude: string | null = null): DuplicateQuery | null {
  const q: DuplicateQuery = {
    given_name: text(t.given),
    family_name: text(t.family),
    date_of_birth: text(t.dob),
    nhs_number: text(t.nhs),
    prison_number: text(t.prison),
    crn: text(t.crn),
    exclude,
  };
  const named = q.given_name !== null || q.family_name !== null;
  const identifier = q.nhs_number !== null || q.prison_number !== null || q.crn !== null;
  return identifier || (named && q.date_of_birth !== null) ? q : null;
}

/** The same question twice (so a repeat of the last one need not be asked again). */
export function sameQuery(a: DuplicateQuery | null, b: DuplicateQuery | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether core's answer has anything to say. */
export function anyDuplicates(d: Duplicates | null): boolean {
  return !!d && (d.matches.length > 0 || d.elsewhere > 0);
}

/** "Born 14 March 1988", or that the date of birth is not recorded. */
export function bornWords(dob: string | null): string {
  return dob ? `Born ${formatDate(dob, "plain")}` : "Date of birth not recorded";
}

/**
 * Matches the person may not see, only counted: "2 possible matches are in other caseloads. Ask a manager
 * before adding this person." Null when there are none.
 */
export function elsewhereWords(elsewhere: number, certain: number): string | null {
  if (elsewhere <= 0) return null;
  const lead =
    elsewhere === 1
      ? "1 possible match is in another caseload."
      : `${elsewhere} possible matches are in other caseloads.`;
  const sure =
    certain <= 0
      ? ""
      : certain === elsewhere
        ? elsewhere === 1
          ? " It has the same NHS number, prison number or CRN."
          : " They have the same NHS number, prison number or CRN."
        : ` ${certain} of them ${certain === 1 ? "has" : "have"} the same NHS number, prison number or CRN.`;
  return `${lead}${sure} Ask a manager before adding this person.`;
}

/** What a screen reader hears when the check finds something (or finds nothing after having found some). */
export function duplicatesAnnouncement(d: Duplicates | null): string {
  if (!anyDuplicates(d) || !d) return "";
  const seen = d.matches.length;
  const parts: string[] = [];
  if (seen > 0) parts.push(seen === 1 ? "1 record on file may be this person." : `${seen} records on file may be this person.`);
  const away = elsewhereWords(d.elsewhere, d.elsewhere_certain);
  if (away) parts.push(away);
  return `This may be someone already on record. ${parts.join(" ")}`;
}
