// Words for the Users screen and the Audit screen's paging: counts said the way people say them.
import { thousands } from "./names";

/** "no open cases", "1 open case", "12 open cases". */
export function caseCount(n: number): string {
  if (n === 0) return "no open cases";
  return `${thousands(n)} open ${n === 1 ? "case" : "cases"}`;
}

/** "Showing 1–50 of 132", "Showing 51–51 of 51", or "Nothing to show" when there are none. */
export function pageSummary(offset: number, shown: number, total: number): string {
  if (total === 0 || shown === 0) return "Nothing to show";
  return `Showing ${thousands(offset + 1)}–${thousands(offset + shown)} of ${thousands(total)}`;
}
