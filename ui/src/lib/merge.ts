// Merging two records of one person: which details differ, what the person chose to take from the other
// record, and the words for merges already made. Core moves the records across and keeps what it needs to
// undo the merge; this only builds the choice and says what happened.
import type { ClientFields, ClientPatch, MergeFields, MergeId, Stored } from "./types";
import { label } from "./labels.svelte";
import { formatDate, londonDate } from "./time";

/** How a detail is shown: text as it is, a date in words, a code from a label set, a list of codes, or a person. */
export type FieldKind = "text" | "date" | "code" | "list" | "user";

export type MergeField = {
  key: keyof ClientFields;
  label: string;
  kind: FieldKind;
  /** The label set of a code or list. */
  set?: string;
};

/** The details compared, in the order a record shows them (consent stays with each record: it was given to it). */
export const MERGE_FIELDS: readonly MergeField[] = [
  { key: "given_name", label: "Given name", kind: "text" },
  { key: "family_name", label: "Family name", kind: "text" },
  { key: "preferred_name", label: "Preferred name", kind: "text" },
  { key: "pronouns", label: "Pronouns", kind: "text" },
  { key: "date_of_birth", label: "Date of birth", kind: "date" },
  { key: "nhs_number", label: "NHS number", kind: "text" },
  { key: "prison_number", label: "Prison number", kind: "text" },
  { key: "crn", label: "Case reference number (CRN)", kind: "text" },
  { key: "phone", label: "Phone", kind: "text" },
  { key: "email", label: "Email", kind: "text" },
  { key: "address", label: "Address", kind: "text" },
  { key: "postcode", label: "Postcode", kind: "text" },
  { key: "gp_status", label: "GP registration", kind: "code", set: "GpStatus" },
  { key: "gp_practice", label: "GP practice", kind: "text" },
  { key: "justice_status", label: "Justice status", kind: "code", set: "JusticeStatus" },
  { key: "establishment", label: "Prison or hospital", kind: "text" },
  { key: "expected_release_date", label: "Expected release date", kind: "date" },
  { key: "actual_release_date", label: "Actual release date", kind: "date" },
  { key: "licence_end_date", label: "Licence or order ends", kind: "date" },
  { key: "caseworker_id", label: "Caseworker", kind: "user" },
  { key: "support_needs", label: "Support needs", kind: "list", set: "SupportNeed" },
  { key: "risk_flags", label: "Risk flags", kind: "list", set: "RiskFlag" },
  { key: "accompaniment_needs", label: "Going with them: what to know", kind: "text" },
  { key: "gender", label: "Gender", kind: "code", set: "Gender" },
  { key: "ethnicity", label: "Ethnicity", kind: "code", set: "Ethnicity" },
  { key: "disability", label: "Disabled", kind: "code", set: "Disability" },
];

type Value = ClientFields[keyof ClientFields];

/** A value as compared: blank text is nothing, text is trimmed, a list is a sorted copy. */
function norm(v: Value): string | boolean | null | string[] {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return [...v].sort();
  if (typeof v === "string") return v.trim() === "" ? null : v.trim();
  return v;
}

function same(a: Value, b: Value): boolean {
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/** A detail that differs between the two records. */
export type FieldDiff = { field: MergeField; kept: Value; other: Value };

/** The details that differ between the record kept and the other one, in the order of `fields`. */
export function differingFields(kept: ClientFields, other: ClientFields, fields: readonly MergeField[] = MERGE_FIELDS): FieldDiff[] {
  return fields.filter((f) => !same(kept[f.key], other[f.key])).map((f) => ({ field: f, kept: kept[f.key], other: other[f.key] }));
}

/** Which value to keep for a detail: this record's, the other's, or (for a list) both together. */
export type Choice = "keep" | "other" | "both";

/** Whether a detail may take both records' values together (a list, such as risk flags). */
export function canKeepBoth(f: MergeField): boolean {
  return f.kind === "list";
}

/**
 * The kept record's fields to take from the other one, as core's `choices`: only the details where the
 * person chose the other record's value (or both lists together); "keep" sends nothing.
 */
export function mergeChoices(diffs: FieldDiff[], choices: Record<string, Choice>): ClientPatch {
  const patch: Record<string, unknown> = {};
  for (const d of diffs) {
    const choice = choices[d.field.key] ?? "keep";
    if (choice === "other") patch[d.field.key] = Array.isArray(d.other) ? [...d.other] : d.other;
    else if (choice === "both" && canKeepBoth(d.field)) {
      const kept = (d.kept as string[] | null) ?? [];
      const other = (d.other as string[] | null) ?? [];
      patch[d.field.key] = [...kept, ...other.filter((x) => !kept.includes(x))];
    }
  }
  return patch as ClientPatch;
}

/** A detail's value in words, for the side-by-side table ("Not recorded" when there is none). */
export function valueWords(f: MergeField, v: Value, userName: (id: string) => string | null = () => null): string {
  const n = norm(v);
  if (n === null || (Array.isArray(n) && n.length === 0)) return "Not recorded";
  switch (f.kind) {
    case "date":
      return formatDate(String(n), "plain");
    case "code":
      return label(f.set ?? "", String(n));
    case "list":
      return (v as string[]).map((c) => label(f.set ?? "", c)).join(", ");
    case "user":
      return userName(String(n)) ?? "Someone who no longer uses Throughcare";
    default:
      return String(n);
  }
}

/** A detail's name inside a sentence: "phone", "case reference number (CRN)", but "NHS number" and "GP practice". */
export function inSentence(label: string): string {
  const first = label.split(" ")[0];
  return first.length > 1 && first === first.toUpperCase() ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

/** "Mo Khan's record". */
export function recordOf(name: string): string {
  return `${name}'s record`;
}

export type Merge = Stored<MergeId, MergeFields>;

/**
 * A merge as the record lists it: "Merged with Mo Khan's record on 3 March 2026 by Morgan Hale." (or, on the
 * record that was merged, "Merged into …"), and when it was undone.
 */
export function mergeWords(
  m: Merge,
  here: string,
  otherName: string,
  byName: string | null,
): { what: string; undone: string | null; intoHere: boolean } {
  const intoHere = m.kept_id === here;
  const on = formatDate(londonDate(m.created_at), "plain");
  const by = byName ? ` by ${byName}` : "";
  const what = `${intoHere ? "Merged with" : "Merged into"} ${recordOf(otherName)} on ${on}${by}.`;
  const undone = m.undone_at ? `Undone on ${formatDate(londonDate(m.undone_at), "plain")}.` : null;
  return { what, undone, intoHere };
}

/** The other record of a merge, seen from `here`. */
export function otherOf(m: Merge, here: string): string {
  return m.kept_id === here ? m.merged_id : m.kept_id;
}

/** What moved in a merge, counted by kind in words: "3 appointments, 2 contacts and 1 referral". */
export function movedWords(moved: string[]): string {
  const NAMES: Record<string, [string, string]> = {
    appointment: ["appointment", "appointments"],
    support_contact: ["contact", "contacts"],
    referral: ["referral", "referrals"],
    task: ["task", "tasks"],
    custody_episode: ["time in custody", "times in custody"],
    episode: ["episode of support", "episodes of support"],
    mentor_link: ["peer mentor link", "peer mentor links"],
    client_share: ["share", "shares"],
    measure: ["questionnaire", "questionnaires"],
  };
  const counts = new Map<string, number>();
  for (const m of moved) {
    const kind = m.split(":")[0];
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const parts = [...counts].map(([kind, n]) => {
    const [one, many] = NAMES[kind] ?? ["record", "records"];
    return `${n} ${n === 1 ? one : many}`;
  });
  if (parts.length === 0) return "nothing";
  if (parts.length === 1) return parts[0];
  return `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}
