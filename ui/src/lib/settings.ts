// The choices for the organisation's settings: how soon the app locks itself (1 to 15 minutes) and how long records
// are kept (1 year to the longest core allows). Core refuses anything else.
import type { Label } from "./shell-types";

/** "1 minute", "2 minutes" … "15 minutes", as choices for a select. */
export function lockChoices(): Label[] {
  return Array.from({ length: 15 }, (_, i) => i + 1).map((n) => ({
    code: String(n),
    label: n === 1 ? "1 minute" : `${n} minutes`,
  }));
}

/** "1 year" … the longest core allows, the usual one marked, as choices for a select. */
export function keepChoices(longest: number, usual: number): Label[] {
  return Array.from({ length: longest }, (_, i) => i + 1).map((n) => ({
    code: String(n),
    label: `${n === 1 ? "1 year" : `${n} years`}${n === usual ? " (the usual)" : ""}`,
  }));
}
