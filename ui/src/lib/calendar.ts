// The week calendar's arithmetic on the London clock: where an appointment sits in a day, how a move by a
// quarter of an hour or a day changes it, and how a free time reads. Core decides everything else (who is
// free, what clashes, who may see what); this only places and words what it sent.
import type { AgendaItem, AppointmentFields, AppointmentId, BookingCheck, CalendarFor, CalendarOf, FreeSlot } from "./types";
import { addDays, formatDate, formatTime, londonDate, londonParts, londonToInstant, parseInstant, toInstantString } from "./time";

/** How long an appointment with no end time is taken to last (core's DEFAULT_MINUTES). */
export const DEFAULT_MINUTES = 60;
/** A move by keyboard goes a quarter of an hour at a time. */
export const STEP_MINUTES = 15;
const DAY_MINUTES = 24 * 60;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** `HH:MM` for minutes since midnight (0 to 1439). */
export function clockOf(minutes: number): string {
  const m = Math.max(0, Math.min(DAY_MINUTES - 1, Math.round(minutes)));
  return `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/** Minutes since London midnight at an instant (on the London clock, summer time included). */
export function londonMinutes(instant: string): number {
  const d = parseInstant(instant);
  if (!d) return 0;
  const p = londonParts(d);
  return p.h * 60 + p.min;
}

/**
 * The instant a London day's clock shows `minutes` after midnight. Minutes past the end of the day (or
 * before its start) roll on to the next day (or back to the one before).
 */
export function instantAt(day: string, minutes: number): string {
  const shift = Math.floor(minutes / DAY_MINUTES);
  const within = minutes - shift * DAY_MINUTES;
  return londonToInstant(addDays(day, shift), clockOf(within)) ?? "";
}

/** When an appointment ends: its end, or an hour after it starts when no end is recorded. */
export function endOf(a: { starts_at: string; ends_at: string | null }): string {
  if (a.ends_at) return a.ends_at;
  const start = parseInstant(a.starts_at);
  return start ? toInstantString(start.getTime() + DEFAULT_MINUTES * 60_000) : a.starts_at;
}

/** A stretch of one London day, in minutes since its midnight. */
export type Span = { day: string; from: number; until: number };

/**
 * Where a stretch of time sits in the London day it starts on. One that runs past midnight is cut at the
 * end of that day (the grid shows each day on its own).
 */
export function spanOf(starts_at: string, ends_at: string): Span {
  const day = londonDate(starts_at);
  const from = londonMinutes(starts_at);
  const endDay = londonDate(ends_at);
  const until = endDay !== day ? DAY_MINUTES : Math.max(from, londonMinutes(ends_at));
  return { day, from, until };
}

/** The parts of each London day a stretch of time covers (a free time may run past midnight). */
export function spansOf(starts_at: string, ends_at: string): Span[] {
  const firstDay = londonDate(starts_at);
  const lastDay = londonDate(ends_at);
  if (!firstDay || !lastDay) return [];
  const out: Span[] = [];
  for (let day = firstDay; day <= lastDay && out.length < 8; day = addDays(day, 1)) {
    const from = day === firstDay ? londonMinutes(starts_at) : 0;
    const until = day === lastDay ? londonMinutes(ends_at) : DAY_MINUTES;
    if (until > from) out.push({ day, from, until });
  }
  return out;
}

/** The hours a week's grid shows: 07:00 to 21:00, stretched to take in anything earlier or later. */
export function gridHours(spans: Span[]): { first: number; last: number } {
  let first = 7;
  let last = 21;
  for (const s of spans) {
    first = Math.min(first, Math.floor(s.from / 60));
    last = Math.max(last, Math.ceil(Math.max(s.until, s.from + 30) / 60));
  }
  return { first: Math.max(0, first), last: Math.min(24, last) };
}

/**
 * Side by side where they overlap: for each stretch (in the order given), its lane and how many lanes its
 * group of overlapping stretches needs.
 */
export function lanes(spans: { from: number; until: number }[]): { lane: number; of: number }[] {
  const order = spans.map((s, i) => ({ ...s, i, until: Math.max(s.until, s.from + 15) })).sort((a, b) => a.from - b.from || a.i - b.i);
  const out: { lane: number; of: number }[] = spans.map(() => ({ lane: 0, of: 1 }));
  let group: typeof order = [];
  let groupEnd = -1;
  const close = () => {
    const of = group.reduce((n, g) => Math.max(n, out[g.i].lane + 1), 1);
    for (const g of group) out[g.i].of = of;
    group = [];
  };
  const laneEnds: number[] = [];
  for (const s of order) {
    if (s.from >= groupEnd && group.length > 0) {
      close();
      laneEnds.length = 0;
    }
    let lane = laneEnds.findIndex((end) => end <= s.from);
    if (lane < 0) lane = laneEnds.length;
    laneEnds[lane] = s.until;
    out[s.i].lane = lane;
    group.push(s);
    groupEnd = Math.max(groupEnd, s.until);
  }
  if (group.length > 0) close();
  return out;
}

/** Where an appointment being moved would go: a London day, a clock time, and how long it lasts. */
export type MoveTarget = {
  day: string;
  /** Minutes since midnight. */
  minutes: number;
  /** Its length in milliseconds, when it has an end time (kept as it is). */
  length: number | null;
};

/** Where an appointment is now, as a move starts. */
export function targetOf(a: { starts_at: string; ends_at: string | null }): MoveTarget {
  const start = parseInstant(a.starts_at);
  const end = a.ends_at ? parseInstant(a.ends_at) : null;
  return {
    day: londonDate(a.starts_at),
    minutes: londonMinutes(a.starts_at),
    length: start && end ? end.getTime() - start.getTime() : null,
  };
}

/**
 * A move by some minutes (on the same day's clock, running into the next or last day) and some days (the
 * same clock time). The day stays between `firstDay` and `lastDay` when they are given.
 */
export function nudge(t: MoveTarget, by: { minutes?: number; days?: number }, within?: { firstDay: string; lastDay: string }): MoveTarget {
  let day = addDays(t.day, by.days ?? 0);
  let minutes = t.minutes + (by.minutes ?? 0);
  while (minutes < 0) {
    minutes += DAY_MINUTES;
    day = addDays(day, -1);
  }
  while (minutes >= DAY_MINUTES) {
    minutes -= DAY_MINUTES;
    day = addDays(day, 1);
  }
  if (within && (day < within.firstDay || day > within.lastDay)) return t;
  return { ...t, day, minutes };
}

/** The instants to send for a move: the new start, and the end the same length after it (none if it had none). */
export function moveTimes(t: MoveTarget): { starts_at: string; ends_at: string | null } {
  const starts_at = instantAt(t.day, t.minutes);
  if (t.length === null) return { starts_at, ends_at: null };
  const start = parseInstant(starts_at);
  return { starts_at, ends_at: start ? toInstantString(start.getTime() + t.length) : null };
}

/** "10:00 to 11:00" on the London clock. */
export function timeRange(starts_at: string, ends_at: string): string {
  return `${formatTime(starts_at)} to ${formatTime(ends_at)}`;
}

/** "Wed 25 Nov, 13:30 to 14:30": a day and times in words. */
export function whenWords(starts_at: string, ends_at: string): string {
  return `${formatDate(londonDate(starts_at), "day")}, ${timeRange(starts_at, ends_at)}`;
}

/** A suggested free time as a button says it: "Tue 24 Nov, 10:00 (free until 13:00, Leeds)". */
export function freeSlotWords(slot: FreeSlot): string {
  const until = londonDate(slot.free_until) === londonDate(slot.starts_at)
    ? formatTime(slot.free_until)
    : `${formatDate(londonDate(slot.free_until), "day")} ${formatTime(slot.free_until)}`;
  const area = slot.area?.trim() ? `, ${slot.area.trim()}` : "";
  return `${formatDate(londonDate(slot.starts_at), "day")}, ${formatTime(slot.starts_at)} (free until ${until}${area})`;
}

/** Who is going, in words for the calendar, and whether someone is needed and nobody is named. */
export function goingWords(
  item: AgendaItem,
  accompanimentLabel: (code: string) => string,
  myMentorId: string | null = null,
): { text: string; needed: boolean } {
  const a = item.appointment;
  if (a.planned_accompaniment === "peer_mentor" && myMentorId !== null && a.planned_mentor_id === myMentorId) {
    return { text: "You are going", needed: false };
  }
  if (item.companion_name) return { text: `With ${item.companion_name}`, needed: false };
  if (a.planned_accompaniment === "none") return { text: "Nobody going", needed: false };
  return { text: `${accompanimentLabel(a.planned_accompaniment)} needed: nobody named`, needed: true };
}

/** Whose calendar a choice in the "Whose calendar" list means: "me", "mentor:ID", "user:ID", "team:ID" or "team:". */
export function calendarOfChoice(choice: string, me: string): CalendarOf | null {
  if (choice === "me") return { of: "caseworker", user_id: me };
  const [kind, ...rest] = choice.split(":");
  const id = rest.join(":");
  if (kind === "mentor" && id) return { of: "mentor", mentor_id: id };
  if (kind === "user" && id) return { of: "caseworker", user_id: id };
  if (kind === "team") return { of: "team", team_id: id || null };
  if (kind === "client" && id) return { of: "client", client_id: id };
  return null;
}

/** The calendar a file can be saved of: a mentor's or a caseworker's; none for a person or a team. */
export function fileOf(of: CalendarOf): CalendarFor | null {
  if (of.of === "mentor") return { of: "mentor", mentor_id: of.mentor_id };
  if (of.of === "caseworker") return { of: "caseworker", user_id: of.user_id };
  return null;
}

/** "16 to 22 November 2026", or across months "30 November to 6 December 2026". */
export function weekRange(days: string[]): string {
  const first = days[0];
  const last = days[days.length - 1];
  if (!first || !last) return "";
  const plainLast = formatDate(last, "plain");
  if (first.slice(0, 7) === last.slice(0, 7)) return `${Number(first.slice(8, 10))} to ${plainLast}`;
  if (first.slice(0, 4) === last.slice(0, 4)) return `${formatDate(first, "plain").replace(/ \d{4}$/, "")} to ${plainLast}`;
  return `${formatDate(first, "plain")} to ${plainLast}`;
}

/** An appointment as the calendar draws it: where it is, or where it would go while it is being moved. */
export type Block = { item: AgendaItem; starts_at: string; ends_at: string; moving: boolean };

/** "Hillside Surgery, 2 Hill Road": the provider and the place, whichever are recorded. */
export function whereWords(a: { provider: string | null; place: string | null }): string {
  return [a.provider, a.place].filter((x) => !!x && x.trim() !== "").join(", ");
}

/** What to ask core before moving an appointment to a new time: the same person, place and companion, the old one left out. */
export function moveCheck(a: AppointmentFields & { id: AppointmentId }, starts_at: string, ends_at: string | null): BookingCheck {
  return {
    client_id: a.client_id,
    starts_at,
    ends_at,
    place: a.place,
    planned_mentor_id: a.planned_accompaniment === "peer_mentor" ? a.planned_mentor_id : null,
    planned_user_id: a.planned_accompaniment === "caseworker" ? a.planned_user_id : null,
    moving: a.id,
  };
}
