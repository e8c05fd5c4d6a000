// The choices for how soon the app locks itself: 1 to 15 minutes (core refuses anything else).
import type { Label } from "./shell-types";

/** "1 minute", "2 minutes" … "15 minutes", as choices for a select. */
export function lockChoices(): Label[] {
  return Array.from({ length: 15 }, (_, i) => i + 1).map((n) => ({
    code: String(n),
    label: n === 1 ? "1 minute" : `${n} minutes`,
  }));
}
