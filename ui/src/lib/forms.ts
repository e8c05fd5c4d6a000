// Small checks the quick-action forms make before asking the app.

/** Minutes typed by a person: a whole number from 1 to 1440, or null. */
export function parseMinutes(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,4}$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 && n <= 1440 ? n : null;
}
