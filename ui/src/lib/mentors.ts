// Rules the peer mentor screens show: when a DBS check is out of date, and which links are current.
import { parseYmd } from "./time";

/** The same day `years` later (29 February becomes 28 February in a year that has none). */
export function addYears(ymd: string, years: number): string | null {
  const p = parseYmd(ymd);
  if (!p) return null;
  const y = p.y + years;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const d = p.m === 2 && p.d === 29 && !leap ? 28 : p.d;
  return `${String(y).padStart(4, "0")}-${String(p.m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** True when a DBS check was done more than 3 years before `today` (or never recorded). */
export function dbsOutOfDate(checkedOn: string | null, today: string): boolean {
  if (!checkedOn) return true;
  const due = addYears(checkedOn, 3);
  return due === null ? true : today > due;
}

/** What to show beside a DBS date. */
export function dbsWarning(checkedOn: string | null, today: string): string | null {
  if (!checkedOn) return "No DBS check recorded";
  return dbsOutOfDate(checkedOn, today) ? "DBS check older than 3 years" : null;
}

/** A link is current until its last day has passed; one ended today counts as past, so it moves off the list. */
export function isCurrentLink(link: { ends_on: string | null }, today: string): boolean {
  return link.ends_on === null || link.ends_on > today;
}
