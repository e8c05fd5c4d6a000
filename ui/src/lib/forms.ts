// Small checks the forms make before asking the app, and whether a form holds unsaved changes.

/** Minutes typed by a person: a whole number from 1 to 1440, or null. */
export function parseMinutes(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,4}$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 && n <= 1440 ? n : null;
}

/** What a form holds: text, choices, ticked lists, and the problem a half-typed date reports. */
export type FormValues = Record<string, string | number | boolean | null | readonly string[]>;

function same(a: FormValues[string] | undefined, b: FormValues[string] | undefined): boolean {
  const norm = (v: FormValues[string] | undefined) =>
    typeof v === "string" ? v.trim() : Array.isArray(v) ? [...v].sort().join("\u0000") : (v ?? null);
  return norm(a) === norm(b);
}

/**
 * True when a form no longer holds what it started with. Spaces around text do not count, nor the order
 * of ticked boxes; a date half typed (its problem is set) does.
 */
export function isDirty(start: FormValues, now: FormValues): boolean {
  const keys = new Set([...Object.keys(start), ...Object.keys(now)]);
  for (const k of keys) if (!same(start[k], now[k])) return true;
  return false;
}
