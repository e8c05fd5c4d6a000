// Dates and times for people in England. Dates (`YYYY-MM-DD`) are calendar days with no time zone;
// instants (`YYYY-MM-DDTHH:MM:SSZ`) are UTC and are always shown in Europe/London, BST included.

export const LONDON = "Europe/London";
const DAY_MS = 86_400_000;

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Splits `YYYY-MM-DD` into numbers, or returns null when it is not a date. */
export function parseYmd(ymd: string): { y: number; m: number; d: number } | null {
  const match = YMD.exec(ymd);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
  return { y, m, d };
}

function ymdToUtcMs(ymd: string): number | null {
  const p = parseYmd(ymd);
  return p ? Date.UTC(p.y, p.m - 1, p.d) : null;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

const partsCache = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = partsCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", options);
    partsCache.set(key, f);
  }
  return f;
}

/** Joins the non-literal parts with single spaces, so the result does not depend on the browser's ICU punctuation. */
function joinParts(f: Intl.DateTimeFormat, date: Date): string {
  return f
    .formatToParts(date)
    .filter((p) => p.type !== "literal")
    .map((p) => p.value)
    .join(" ");
}

type LondonParts = { y: number; m: number; d: number; h: number; min: number; s: number };

/** The wall-clock reading in London at an instant. */
export function londonParts(instant: Date): LondonParts {
  const f = formatter("parts", {
    timeZone: LONDON,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(instant)) {
    if (p.type !== "literal") out[p.type] = Number(p.value);
  }
  return { y: out.year, m: out.month, d: out.day, h: out.hour % 24, min: out.minute, s: out.second };
}

/** London's offset from UTC, in minutes, at an instant (0 in winter, 60 in summer). */
export function londonOffsetMinutes(instant: Date): number {
  const p = londonParts(instant);
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / 60_000);
}

/** Parses an instant string; returns null when it is not one. */
export function parseInstant(instant: string): Date | null {
  const d = new Date(instant);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The London calendar day of an instant, as `YYYY-MM-DD`. */
export function londonDate(instant: string | Date): string {
  const d = typeof instant === "string" ? parseInstant(instant) : instant;
  if (!d) return "";
  const p = londonParts(d);
  return `${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)}`;
}

/** Today's date in London. */
export function todayInLondon(now: Date = new Date()): string {
  return londonDate(now);
}

/** The London wall-clock time of an instant, `HH:MM` (24-hour). */
export function formatTime(instant: string): string {
  const d = parseInstant(instant);
  if (!d) return instant;
  const p = londonParts(d);
  return `${pad(p.h)}:${pad(p.min)}`;
}

/**
 * A calendar date in words: `Sun 29 March 2026` (short), `Sunday 29 March 2026` (long),
 * `29 Mar 2026` (compact), `29 March 2026` (plain, inside a sentence) or `Sun 29 Mar` (day, for this
 * week's agenda).
 */
export function formatDate(ymd: string, style: "short" | "long" | "compact" | "plain" | "day" = "short"): string {
  const ms = ymdToUtcMs(ymd);
  if (ms === null) return ymd;
  const f =
    style === "compact"
      ? formatter("date-compact", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" })
      : style === "plain"
        ? formatter("date-plain", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" })
        : style === "day"
          ? formatter("date-day", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" })
          : formatter(`date-${style}`, { timeZone: "UTC", weekday: style, day: "numeric", month: "long", year: "numeric" });
  return joinParts(f, new Date(ms));
}

/** An instant as a London date and time: `Sun 29 March 2026 at 02:30`. */
export function formatDateTime(instant: string): string {
  const d = parseInstant(instant);
  if (!d) return instant;
  return `${formatDate(londonDate(d))} at ${formatTime(instant)}`;
}

/** Formats milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ`. */
export function toInstantString(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * The UTC instant for a London date and wall-clock time (`HH:MM`).
 * When the clocks go back the hour happens twice and the first (BST) one is taken;
 * when they go forward a time in the missing hour is moved on by an hour.
 * Returns null for input that is not a date and time.
 */
export function londonToInstant(ymd: string, hm: string): string | null {
  const date = parseYmd(ymd);
  const time = /^(\d{2}):(\d{2})$/.exec(hm);
  if (!date || !time) return null;
  const h = Number(time[1]);
  const min = Number(time[2]);
  if (h > 23 || min > 59) return null;
  const naive = Date.UTC(date.y, date.m - 1, date.d, h, min);
  const candidates = [60, 0]
    .map((offset) => naive - offset * 60_000)
    .filter((ms) => {
      const p = londonParts(new Date(ms));
      return p.y === date.y && p.m === date.m && p.d === date.d && p.h === h && p.min === min;
    })
    .sort((a, b) => a - b);
  if (candidates.length > 0) return toInstantString(candidates[0]);
  // In the gap when the clocks go forward: the same reading on the old (GMT) offset, an hour later in BST.
  return toInstantString(naive);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number | null {
  const a = ymdToUtcMs(from);
  const b = ymdToUtcMs(to);
  if (a === null || b === null) return null;
  return Math.round((b - a) / DAY_MS);
}

/** Age in whole years on `today`. Someone born on 29 February has their birthday on 1 March in other years. */
export function ageOn(dateOfBirth: string, today: string): number | null {
  const b = parseYmd(dateOfBirth);
  const t = parseYmd(today);
  if (!b || !t) return null;
  let age = t.y - b.y;
  if (t.m < b.m || (t.m === b.m && t.d < b.d)) age -= 1;
  return age < 0 ? null : age;
}

function days(n: number): string {
  return n === 1 ? "1 day" : `${n} days`;
}

/**
 * Plain-English wording for where someone is relative to release:
 * "Release in 12 days", "Release tomorrow", "Release due today", "Release was due 3 days ago",
 * "Released today", "Released yesterday", "Released 5 days ago". Null when there is nothing to say.
 */
export function releaseCountdown(
  expected: string | null,
  actual: string | null,
  today: string,
): string | null {
  if (actual) {
    const since = daysBetween(actual, today);
    if (since !== null && since >= 0) {
      if (since === 0) return "Released today";
      if (since === 1) return "Released yesterday";
      return `Released ${days(since)} ago`;
    }
  }
  const date = expected ?? actual;
  if (!date) return null;
  const until = daysBetween(today, date);
  if (until === null) return null;
  if (until > 1) return `Release in ${days(until)}`;
  if (until === 1) return "Release tomorrow";
  if (until === 0) return "Release due today";
  return `Release was due ${days(-until)} ago`;
}

/**
 * While someone is in custody, their expected release in plain words, with the date:
 * "Release expected in 12 days, on Wed 2 December 2026", "Release expected tomorrow, on Sat 21 November 2026",
 * "Release expected today, Fri 20 November 2026", or once the day has passed
 * "Release was expected 3 days ago, on Tue 17 November 2026. Record the release when it happens."
 * Null when no release date is expected (or it is not a date).
 */
export function custodyCountdown(expected: string | null, today: string): string | null {
  if (!expected) return null;
  const until = daysBetween(today, expected);
  if (until === null) return null;
  const on = formatDate(expected);
  if (until > 1) return `Release expected in ${days(until)}, on ${on}`;
  if (until === 1) return `Release expected tomorrow, on ${on}`;
  if (until === 0) return `Release expected today, ${on}`;
  const ago = until === -1 ? "yesterday" : `${days(-until)} ago`;
  return `Release was expected ${ago}, on ${on}. Record the release when it happens.`;
}

/** "today", "yesterday", "3 days ago", "tomorrow", "in 4 days": how far a date is from today. */
export function relativeDay(date: string, today: string): string {
  const n = daysBetween(today, date);
  if (n === null) return "";
  if (n === 0) return "today";
  if (n === 1) return "tomorrow";
  if (n === -1) return "yesterday";
  return n > 0 ? `in ${days(n)}` : `${days(-n)} ago`;
}

/** Reads a time typed by a person ("9:30", "09:30", "9.30", "0930", "14:05") as `HH:MM`; null if it is not one. */
export function parseTimeInput(text: string): string | null {
  const t = text.trim();
  const match = /^(\d{1,2})[:.]?(\d{2})$/.exec(t);
  if (!match) return null;
  const h = Number(match[1]);
  const min = Number(match[2]);
  if (h > 23 || min > 59) return null;
  return `${pad(h)}:${pad(min)}`;
}

/** A date from separate day, month and year boxes; "" when all are empty, null when it is not a real date. */
export function dateFromParts(day: string, month: string, year: string): string | null {
  const [d, m, y] = [day.trim(), month.trim(), year.trim()];
  if (d === "" && m === "" && y === "") return "";
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return null;
  const ymd = `${y}-${pad(Number(m))}-${pad(Number(d))}`;
  return parseYmd(ymd) ? ymd : null;
}

/** The day, month and year boxes for a date (empty for none). */
export function partsFromDate(ymd: string | null): { day: string; month: string; year: string } {
  const p = ymd ? parseYmd(ymd) : null;
  if (!p) return { day: "", month: "", year: "" };
  return { day: String(p.d), month: String(p.m), year: String(p.y) };
}

/** The date `n` days after `ymd` (before it when `n` is negative); `ymd` itself when it is not a date. */
export function addDays(ymd: string, n: number): string {
  const ms = ymdToUtcMs(ymd);
  if (ms === null) return ymd;
  return new Date(ms + n * DAY_MS).toISOString().slice(0, 10);
}

/** The same day `n` months on (the last day of the month when that month is shorter: 31 May + 1 is 30 June). */
export function addMonths(ymd: string, n: number): string {
  const p = parseYmd(ymd);
  if (!p) return ymd;
  const index = p.y * 12 + (p.m - 1) + n;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${pad(y, 4)}-${pad(m)}-${pad(Math.min(p.d, last))}`;
}

/** The Monday of the week a date falls in. */
export function mondayOf(ymd: string): string {
  const ms = ymdToUtcMs(ymd);
  if (ms === null) return ymd;
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(ymd, -weekday);
}
