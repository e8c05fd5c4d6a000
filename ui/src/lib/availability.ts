// When a peer mentor is free, in words and as an editable draft. Core checks and keeps the availability
// (overlaps, end before start); this only words it, reads the times people type, and says which box an
// error from core is about. Times are London wall-clock times ("HH:MM"); "24:00" is the end of the day.
import type { Availability, AvailabilityException, MentorFields, Weekday, WeeklySlot } from "./types";
import { formatDate } from "./time";

export const WEEKDAYS: readonly Weekday[] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/** "Tuesday". */
export function dayName(day: Weekday): string {
  return day.charAt(0).toUpperCase() + day.slice(1);
}

/** "Tuesdays". */
export function dayPlural(day: Weekday): string {
  return `${dayName(day)}s`;
}

/** The days as choices for a select box. */
export const DAY_OPTIONS: { code: string; label: string }[] = WEEKDAYS.map((d) => ({ code: d, label: dayName(d) }));

/**
 * Reads a time typed by a person ("9:30", "09:30", "9.30", "0930", "16:00", "24:00") as `HH:MM`; null when it
 * is not one. 24:00 (the end of the day) is allowed; nothing later.
 */
export function parseClock(text: string): string | null {
  const match = /^(\d{1,2})[:.]?(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const h = Number(match[1]);
  const m = Number(match[2]);
  if (m > 59 || h > 24 || (h === 24 && m !== 0)) return null;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** A clock time as said in a summary: "10:00", and "midnight" for the end of the day. */
export function clockWords(t: string): string {
  return t === "24:00" ? "midnight" : t;
}

/** "A, B and C". */
export function andList(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function dayIndex(d: Weekday): number {
  return WEEKDAYS.indexOf(d);
}

/**
 * The weekly pattern as lines, in week order, joining days with the same times and area:
 * "Tuesdays and Thursdays 10:00 to 16:00 (Leeds)", "Fridays 18:00 to midnight".
 */
export function weeklyLines(slots: readonly WeeklySlot[] | null): string[] {
  const sorted = [...(slots ?? [])].sort((a, b) => dayIndex(a.day) - dayIndex(b.day) || a.from.localeCompare(b.from));
  const groups: { days: Weekday[]; from: string; until: string; area: string | null }[] = [];
  for (const s of sorted) {
    const area = s.area?.trim() || null;
    const same = groups.find((g) => g.from === s.from && g.until === s.until && g.area === area);
    if (same) {
      if (!same.days.includes(s.day)) same.days.push(s.day);
    } else {
      groups.push({ days: [s.day], from: s.from, until: s.until, area });
    }
  }
  return groups.map(
    (g) =>
      `${andList(g.days.map(dayPlural))} ${clockWords(g.from)} to ${clockWords(g.until)}${g.area ? ` (${g.area})` : ""}`,
  );
}

/** One exception in words: "Mon 21 December 2026 to Thu 31 December 2026", "Sat 28 November 2026, 10:00 to 13:00 (Bradford)". */
export function exceptionWords(e: AvailabilityException): string {
  if (e.kind === "away") {
    return e.first_day === e.last_day ? formatDate(e.first_day) : `${formatDate(e.first_day)} to ${formatDate(e.last_day)}`;
  }
  const area = e.area?.trim();
  return `${formatDate(e.on)}, ${clockWords(e.from)} to ${clockWords(e.until)}${area ? ` (${area})` : ""}`;
}

/** Whether an exception is over by `today` (its last day is before it). */
export function exceptionPast(e: AvailabilityException, today: string): boolean {
  return (e.kind === "away" ? e.last_day : e.on) < today;
}

export type AvailabilitySummary = {
  /** Nothing at all is recorded (no pattern, no exceptions, no travel area). */
  empty: boolean;
  weekly: string[];
  /** Days away that have not yet passed. */
  away: string[];
  /** Extra times that have not yet passed. */
  extra: string[];
  travel: string | null;
};

/** What a read-only view shows: the pattern, coming days away and extra times, where they can travel. */
export function availabilitySummary(
  f: Pick<MentorFields, "weekly_availability" | "availability_exceptions" | "travel_area">,
  today: string,
): AvailabilitySummary {
  const exceptions = [...(f.availability_exceptions ?? [])].sort((a, b) => exceptionStart(a).localeCompare(exceptionStart(b)));
  const coming = exceptions.filter((e) => !exceptionPast(e, today));
  const weekly = weeklyLines(f.weekly_availability);
  const travel = f.travel_area?.trim() || null;
  return {
    empty: weekly.length === 0 && exceptions.length === 0 && travel === null,
    weekly,
    away: coming.filter((e) => e.kind === "away").map(exceptionWords),
    extra: coming.filter((e) => e.kind === "extra").map(exceptionWords),
    travel,
  };
}

function exceptionStart(e: AvailabilityException): string {
  return e.kind === "away" ? e.first_day : `${e.on} ${e.from}`;
}

// ---- the editor's draft ----------------------------------------------------------------------------------------

export type SlotRow = { key: number; day: Weekday; from: string; until: string; area: string };
export type AwayRow = { key: number; first_day: string; last_day: string; firstProblem: string | null; lastProblem: string | null };
export type ExtraRow = { key: number; on: string; from: string; until: string; area: string; onProblem: string | null };
export type Draft = { weekly: SlotRow[]; away: AwayRow[]; extra: ExtraRow[]; travel_area: string };

let nextKey = 1;
/** A key for a new row, unique in this page. */
export function rowKey(): number {
  nextKey += 1;
  return nextKey;
}

/** The editor's rows for what is recorded, in the order core keeps them. */
export function toDraft(
  f: Pick<MentorFields, "weekly_availability" | "availability_exceptions" | "travel_area">,
): Draft {
  const exceptions = f.availability_exceptions ?? [];
  return {
    weekly: (f.weekly_availability ?? []).map((s) => ({ key: rowKey(), day: s.day, from: s.from, until: s.until, area: s.area ?? "" })),
    away: exceptions.flatMap((e) =>
      e.kind === "away" ? [{ key: rowKey(), first_day: e.first_day, last_day: e.last_day, firstProblem: null, lastProblem: null }] : [],
    ),
    extra: exceptions.flatMap((e) =>
      e.kind === "extra" ? [{ key: rowKey(), on: e.on, from: e.from, until: e.until, area: e.area ?? "", onProblem: null }] : [],
    ),
    travel_area: f.travel_area ?? "",
  };
}

/** A draft as plain values, to tell whether it changed (keys and spaces around text do not count). */
export function draftValue(d: Draft): string {
  return JSON.stringify({
    weekly: d.weekly.map((r) => [r.day, r.from.trim(), r.until.trim(), r.area.trim()]),
    away: d.away.map((r) => [r.first_day, r.last_day, r.firstProblem, r.lastProblem]),
    extra: d.extra.map((r) => [r.on, r.from.trim(), r.until.trim(), r.area.trim(), r.onProblem]),
    travel: d.travel_area.trim(),
  });
}

const FROM_WORDS = "Enter the start time on the 24-hour clock, for example 09:30.";
const UNTIL_WORDS = "Enter the end time on the 24-hour clock, for example 16:00 (24:00 is midnight).";

/**
 * What the draft sends, or the problems found before asking the app, each named as core names its field
 * (`weekly.0.from`, `exceptions.2.first_day`) in the order of the boxes. Days away are sent first, then the
 * extra times, so `exceptions.N` is away row N, or extra row N minus the number of days away.
 */
export function fromDraft(d: Draft): { availability: Availability | null; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const text = (s: string) => s.trim() || null;
  const weekly: WeeklySlot[] = d.weekly.map((r, i) => {
    const from = parseClock(r.from);
    const until = parseClock(r.until);
    if (!from) problems[`weekly.${i}.from`] = FROM_WORDS;
    if (!until) problems[`weekly.${i}.until`] = UNTIL_WORDS;
    return { day: r.day, from: from ?? r.from, until: until ?? r.until, area: text(r.area) };
  });
  const exceptions: AvailabilityException[] = [];
  d.away.forEach((r, i) => {
    if (r.firstProblem) problems[`exceptions.${i}.first_day`] = r.firstProblem;
    else if (!r.first_day) problems[`exceptions.${i}.first_day`] = "Enter the first day away.";
    if (r.lastProblem) problems[`exceptions.${i}.last_day`] = r.lastProblem;
    // An empty last day means one day away.
    exceptions.push({ kind: "away", first_day: r.first_day, last_day: r.last_day || r.first_day });
  });
  d.extra.forEach((r, j) => {
    const i = d.away.length + j;
    const from = parseClock(r.from);
    const until = parseClock(r.until);
    if (r.onProblem) problems[`exceptions.${i}.on`] = r.onProblem;
    else if (!r.on) problems[`exceptions.${i}.on`] = "Enter the day of the extra time.";
    if (!from) problems[`exceptions.${i}.from`] = FROM_WORDS;
    if (!until) problems[`exceptions.${i}.until`] = UNTIL_WORDS;
    exceptions.push({ kind: "extra", on: r.on, from: from ?? r.from, until: until ?? r.until, area: text(r.area) });
  });
  if (Object.keys(problems).length > 0) return { availability: null, problems };
  return { availability: { weekly, exceptions, travel_area: text(d.travel_area) }, problems };
}

/** Which row (and which box of it) a field named by core is about; null when it names none of them. */
export type Target =
  | { list: "weekly" | "away" | "extra"; index: number; part: string | null }
  | { list: "travel_area" };

export function targetOf(field: string | null, awayCount: number): Target | null {
  if (!field) return null;
  if (field === "travel_area") return { list: "travel_area" };
  const m = /^(weekly|exceptions)\.(\d+)(?:\.(\w+))?$/.exec(field);
  if (!m) return null;
  const n = Number(m[2]);
  const part = m[3] ?? null;
  if (m[1] === "weekly") return { list: "weekly", index: n, part };
  return n < awayCount ? { list: "away", index: n, part } : { list: "extra", index: n - awayCount, part };
}

/**
 * The id of the box (or the row) a field is about, in the editor with this prefix: `avail-weekly-0-until`,
 * `avail-away-1-last-day` (a date's first box), `avail-extra-0` (the whole row). Unknown fields go to the form.
 */
export function boxId(field: string, awayCount: number, prefix = "avail"): string {
  const t = targetOf(field, awayCount);
  if (!t) return `${prefix}-form`;
  if (t.list === "travel_area") return `${prefix}-travel`;
  const row = `${prefix}-${t.list}-${t.index}`;
  switch (t.part) {
    case null:
      return row;
    case "first_day":
      return `${row}-first-day`;
    case "last_day":
      return `${row}-last-day`;
    case "on":
      return `${row}-on-day`;
    default:
      return `${row}-${t.part}`;
  }
}
