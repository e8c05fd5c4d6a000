// Custody episodes on a client's record: which one is going on, and the choices the custody forms offer.
// The client's justice status follows the episodes (core changes both together), so it is never typed by hand
// as "in custody".
import type { Label } from "./shell-types";
import type { CustodyFields, CustodyId, CustodyKind, Stored } from "./types";

export type Custody = Stored<CustodyId, CustodyFields>;

/** The episode still going on (no release recorded), if there is one. */
export function openCustody(episodes: readonly Custody[]): Custody | null {
  return episodes.find((e) => e.released_on === null && e.archived_at === null) ?? null;
}

/** The statuses a person can have after a release: every one but "in custody". */
export function statusesAfterRelease(all: readonly Label[]): Label[] {
  return all.filter((l) => l.code !== "in_custody");
}

/**
 * The statuses the edit form offers. "In custody" comes only from recording custody, so it is offered only
 * when it is already the status (an older record with no custody episode), so that nothing changes unasked.
 */
export function typedStatuses(all: readonly Label[], current: string): Label[] {
  return all.filter((l) => l.code !== "in_custody" || current === "in_custody");
}

const KINDS: readonly CustodyKind[] = ["remand", "sentence", "recall"];

/** Remand, sentence and recall with the app's labels; if the app sent none, the codes in sentence case. */
export function custodyKinds(fromApp: readonly Label[]): Label[] {
  if (fromApp.length > 0) return [...fromApp];
  return KINDS.map((code) => ({ code, label: code[0].toUpperCase() + code.slice(1) }));
}

/** One kind in words ("Remand"), from the app's labels or, without them, the code in sentence case. */
export function custodyKindWords(fromApp: readonly Label[], code: string): string {
  return custodyKinds(fromApp).find((l) => l.code === code)?.label ?? code.replaceAll("_", " ");
}
