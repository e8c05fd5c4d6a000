// One form's messages and its submit: the steps every form here takes, in one place.
//
// A submit stops the page from reloading, clears the last messages, shows any problem found before asking
// the app (beside its field, with focus moved there), and otherwise runs the save with the form marked busy.
// A refusal from the app is shown beside the field it names, or at the top of the form when it names none.
import { placeError, toUiError } from "./errors";

export type Problems = { field: string | null; message: string }[];

export class FormState {
  errors = $state<Record<string, string>>({});
  general = $state<string | null>(null);
  saving = $state(false);
  readonly #idOf: (field: string) => string;
  readonly #fields: readonly string[];

  /**
   * `ids` maps each field the app may name to the id of its box (or is a function that does); `fields`
   * lists those names when `ids` is a function.
   */
  constructor(ids: Record<string, string> | ((field: string) => string), fields: readonly string[] = []) {
    if (typeof ids === "function") {
      this.#idOf = ids;
      this.#fields = fields;
    } else {
      this.#idOf = (f) => ids[f] ?? f;
      this.#fields = Object.keys(ids);
    }
  }

  /** What the form's alert lists: each field's message, linked to its box, then the form's own. */
  get problems(): Problems {
    return [
      ...Object.entries(this.errors).map(([field, message]) => ({ field: this.#idOf(field), message })),
      ...(this.general ? [{ field: null, message: this.general }] : []),
    ];
  }

  /** Moves focus to a field's box (or the first box inside it). */
  focus(field: string) {
    const el = document.getElementById(this.#idOf(field));
    const box =
      el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement
        ? el
        : (el?.querySelector("input, select, textarea") as HTMLElement | null);
    box?.focus();
  }

  /** Forgets the last messages. */
  clear() {
    this.errors = {};
    this.general = null;
  }

  /** Shows a message that is not about one field (for example, when a list could not be loaded). */
  fail(e: unknown) {
    this.general = toUiError(e).message;
  }

  /** Shows problems found before asking the app; true when there were any. */
  refuse(local: Record<string, string>): boolean {
    const first = Object.keys(local)[0];
    if (first === undefined) return false;
    this.errors = local;
    this.focus(first);
    return true;
  }

  /** Runs a save with the form marked busy: what it returned, or null when it failed (and says why). */
  async save<T>(run: () => Promise<T>): Promise<{ value: T } | null> {
    this.saving = true;
    try {
      return { value: await run() };
    } catch (e) {
      const placed = placeError(toUiError(e), this.#fields);
      this.errors = placed.fields;
      this.general = placed.general;
      if (placed.field) this.focus(placed.field);
      return null;
    } finally {
      this.saving = false;
    }
  }

  /** The whole submit: stop the page submitting, clear, refuse `local` problems, or else save. */
  async submit<T>(
    event: Event | null,
    local: Record<string, string>,
    run: () => Promise<T>,
  ): Promise<{ value: T } | null> {
    event?.preventDefault();
    this.clear();
    if (this.refuse(local)) return null;
    return this.save(run);
  }
}
