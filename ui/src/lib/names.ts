import type { ClientFields } from "./types";

type Named = Pick<ClientFields, "given_name" | "family_name" | "preferred_name">;

/** A client's name as written on their record: given and family name, or whichever one they have. */
export function fullName(c: Named): string {
  const parts = [c.given_name, c.family_name].map((p) => p?.trim()).filter((p): p is string => !!p);
  if (parts.length > 0) return parts.join(" ");
  return c.preferred_name?.trim() || "Name not recorded";
}

/** "known as Kev" when a preferred name differs from the given name. */
export function knownAs(c: Named): string | null {
  const preferred = c.preferred_name?.trim();
  if (!preferred) return null;
  if (preferred === c.given_name?.trim() || preferred === fullName(c)) return null;
  return preferred;
}

/** Counts that arrive as JSON numbers even where the generated types say bigint. */
export function count(n: number | bigint | null | undefined): number {
  return n === null || n === undefined ? 0 : Number(n);
}

/** A whole number as people write it: 85,134. */
export function thousands(n: number | bigint | null | undefined): string {
  return count(n).toLocaleString("en-GB");
}

/** "50 of 2,302" when a list is cut short, otherwise just the number. */
export function shownOf(shown: number, total: number | bigint): string {
  const t = count(total);
  return shown < t ? `${thousands(shown)} of ${thousands(t)}` : thousands(t);
}
