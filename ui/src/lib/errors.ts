import type { UiError } from "./shell-types";
import type { ErrorKind } from "./types";

const KINDS: readonly ErrorKind[] = [
  "validation",
  "wrong_passphrase",
  "not_found",
  "forbidden",
  "database_too_new",
  "already_exists",
  "no_database",
  "damaged",
  "refused",
  "too_many_tries",
  "internal",
];

export const GENERIC_MESSAGE = "Something went wrong and the change was not made. Please try again.";

/** Turns whatever a failed command rejected with into a UiError; the app's own messages are kept as they are. */
export function toUiError(e: unknown): UiError {
  if (e && typeof e === "object" && "message" in e && typeof (e as { message: unknown }).message === "string") {
    const obj = e as { kind?: unknown; field?: unknown; message: string };
    const kind = KINDS.includes(obj.kind as ErrorKind) ? (obj.kind as ErrorKind) : "internal";
    const field = typeof obj.field === "string" && obj.field !== "" ? obj.field : null;
    return { kind, field, message: obj.message || GENERIC_MESSAGE };
  }
  if (typeof e === "string" && e.trim() !== "") return { kind: "internal", field: null, message: e };
  return { kind: "internal", field: null, message: GENERIC_MESSAGE };
}

export function isUiError(e: unknown): e is UiError {
  return !!e && typeof e === "object" && "kind" in e && "message" in e && "field" in e;
}

/** The form field an error belongs to, when it is one of `fields` (matching `a.b.name` on its last part). */
export function fieldOf(error: UiError, fields: readonly string[]): string | null {
  if (!error.field) return null;
  if (fields.includes(error.field)) return error.field;
  const last = error.field.split(/[.[\]]/).filter(Boolean).pop() ?? "";
  return fields.includes(last) ? last : null;
}

/** Splits an error into a message beside a field, or one for the form as a whole. */
export function placeError(
  error: UiError,
  fields: readonly string[],
): { fields: Record<string, string>; general: string | null; field: string | null } {
  const field = fieldOf(error, fields);
  if (field) return { fields: { [field]: error.message }, general: null, field };
  return { fields: {}, general: error.message, field: null };
}
