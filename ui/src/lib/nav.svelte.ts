// Which screen is showing, and the guard that stops unsaved changes being lost silently.
import { onDestroy } from "svelte";

export type Screen =
  | { name: "today" }
  | { name: "calendar"; client?: { id: string; name: string } }
  | { name: "tasks" }
  | { name: "clients" }
  | { name: "client"; id: string; book?: boolean }
  | { name: "mentors" }
  | { name: "mentor"; id: string }
  | { name: "referrals" }
  | { name: "services" }
  | { name: "reports" }
  | { name: "sync" }
  | { name: "my_week" }
  | { name: "my_availability" }
  | { name: "users" }
  | { name: "audit" }
  | { name: "settings" };

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

/**
 * For a form component (call it while the component starts): counts the form's changes as unsaved while
 * it is open, so leaving the screen or locking asks first. `mayDiscard` asks before the form itself is
 * closed (Cancel, or another form opened in its place); `release` is for after a save.
 */
export function guardUnsaved(isDirty: () => boolean, question = LEAVE_QUESTION) {
  const release = registerUnsaved(isDirty);
  onDestroy(release);
  return {
    release,
    /** True when nothing would be lost, or the person says to go on. */
    mayDiscard: (): boolean => mayDiscard(isDirty(), question),
    /** Closes the form with `then` (its Cancel), asking first if it has changes. */
    close(then: () => void): void {
      if (!mayDiscard(isDirty(), question)) return;
      release();
      then();
    },
  };
}

/** Before closing one form: true when it has no changes, or the person says to throw them away. */
export function mayDiscard(dirty: boolean, question = LEAVE_QUESTION): boolean {
  return !dirty || window.confirm(question);
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
