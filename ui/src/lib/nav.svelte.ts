// Which screen is showing, and the guard that stops unsaved changes being lost silently.

export type Screen =
  | { name: "today" }
  | { name: "clients" }
  | { name: "client"; id: string; book?: boolean }
  | { name: "mentors" }
  | { name: "mentor"; id: string }
  | { name: "referrals" };

export const nav = $state<{ screen: Screen; seq: number }>({ screen: { name: "today" }, seq: 0 });

const guards = new Set<() => boolean>();

/** Registers a check that answers "are there unsaved changes?"; returns a function that removes it. */
export function registerUnsaved(isDirty: () => boolean): () => void {
  guards.add(isDirty);
  return () => guards.delete(isDirty);
}

export function hasUnsavedChanges(): boolean {
  for (const g of guards) if (g()) return true;
  return false;
}

export const LEAVE_QUESTION = "You have changes that are not saved. Leave without saving them?";

/** Asks before throwing away unsaved changes. True when it is fine to go on. */
export function confirmLeave(): boolean {
  if (!hasUnsavedChanges()) return true;
  return window.confirm(LEAVE_QUESTION);
}

/** Goes to a screen, asking first if a form has unsaved changes. */
export function go(screen: Screen): boolean {
  if (!confirmLeave()) return false;
  guards.clear();
  nav.screen = screen;
  nav.seq += 1;
  return true;
}

/** Opens a client's record (for use as a link's click handler). */
export function openClient(event: MouseEvent | null, id: string, book = false) {
  event?.preventDefault();
  go({ name: "client", id, book });
}

export function clientHref(id: string): string {
  return `#/clients/${encodeURIComponent(id)}`;
}
