// The Reports screen's words, numbers and chart shapes. Core computes every figure of the monthly summary
// (and hides small ones in an external summary); this file only lays them out for people and for charts,
// so it never adds, subtracts or hides a count itself.
import type { Audience, Breakdown, Figure, MissingDevice, MonthlySummary, Rate, ReportFormat, ReportScope, ScopeLabel, TrendMonth } from "./types";
import { formatDate, formatDateTime, parseInstant, parseYmd } from "./time";
import { thousands } from "./names";

// ---- Files ------------------------------------------------------------------------------------------------

/** The kinds of file offered, in the order shown: the one place to add another. */
export const REPORT_FORMATS: readonly { code: ReportFormat; name: string; use: string }[] = [
  { code: "pdf", name: "PDF", use: "to send to a funder or commissioner" },
  { code: "xlsx", name: "Excel", use: "to work with the figures" },
  { code: "csv", name: "CSV", use: "for other spreadsheet programs" },
  { code: "json", name: "JSON", use: "for other computer programs" },
];

/** "PDF", "Excel"… for a format code. */
export function formatName(code: ReportFormat): string {
  return REPORT_FORMATS.find((f) => f.code === code)?.name ?? code.toUpperCase();
}

// ---- Months -----------------------------------------------------------------------------------------------

export const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

const MONTH = /^(\d{4})-(\d{2})$/;

/** `YYYY-MM` as numbers, or null when it is not a month. */
export function parseMonth(code: string): { y: number; m: number } | null {
  const match = MONTH.exec(code);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  return m >= 1 && m <= 12 ? { y, m } : null;
}

/** The month before the one `today` (`YYYY-MM-DD`, London) is in: the usual month to report on. */
export function defaultMonth(today: string): string {
  const t = parseYmd(today);
  if (!t) return "";
  const y = t.m === 1 ? t.y - 1 : t.y;
  const m = t.m === 1 ? 12 : t.m - 1;
  return `${y}-${String(m).padStart(2, "0")}`;
}

/** The year and month boxes' values (`"2026"`, `"10"`) for a month code. */
export function splitMonth(code: string): { year: string; month: string } {
  const p = parseMonth(code);
  return p ? { year: String(p.y), month: String(p.m) } : { year: "", month: "" };
}

/** A month code from the year and month boxes (`"2026"`, `"9"` → `2026-09`). */
export function joinMonth(year: string, month: string): string {
  return `${year}-${month.padStart(2, "0")}`;
}

/** The years offered, this year first, going back `count` years in all. */
export function yearChoices(today: string, count = 10): string[] {
  const t = parseYmd(today);
  if (!t) return [];
  return Array.from({ length: count }, (_, i) => String(t.y - i));
}

/** "October 2026". */
export function monthWords(code: string): string {
  const p = parseMonth(code);
  return p ? `${MONTH_NAMES[p.m - 1]} ${p.y}` : code;
}

/** A chart's label for a month: "Oct", with the year under January and under the first month shown. */
export function monthTick(code: string, first: boolean): { month: string; year: string | null } {
  const p = parseMonth(code);
  if (!p) return { month: code, year: null };
  return { month: MONTH_NAMES[p.m - 1].slice(0, 3), year: first || p.m === 1 ? String(p.y) : null };
}

// ---- Whom a summary covers -------------------------------------------------------------------------------

/** A scope as the value of the "Whose clients" box. */
export function scopeChoice(scope: ReportScope): string {
  return scope.kind === "organisation" ? "organisation" : `${scope.kind}:${scope.id}`;
}

/** The scope a "Whose clients" value means; null when it is not one. */
export function scopeFromChoice(choice: string): ReportScope | null {
  if (choice === "organisation") return { kind: "organisation" };
  const at = choice.indexOf(":");
  if (at < 0) return null;
  const kind = choice.slice(0, at);
  const id = choice.slice(at + 1);
  if (id === "") return null;
  if (kind === "team") return { kind: "team", id };
  if (kind === "caseworker") return { kind: "caseworker", id };
  return null;
}

/** Whom a summary covers, in words: "Bridges Health Link, the whole organisation", "North team", "Aisha Rahman's caseload". */
export function scopeWords(scope: ScopeLabel): string {
  if (scope.kind === "organisation") return `${scope.name}, the whole organisation`;
  if (scope.kind === "team") return /\bteam$/i.test(scope.name.trim()) ? scope.name : `${scope.name} team`;
  return scope.name;
}

/** Who a summary is for, in one plain sentence (shown after a badge that says Internal or External). */
export function audienceWords(audience: Audience): string {
  return audience === "external"
    ? "This is the external summary, for funders and commissioners. Numbers from 1 to 4 are shown as <5."
    : "This is the internal summary: exact numbers, for people in the organisation only. Do not share it outside.";
}

// ---- Figures and rates -----------------------------------------------------------------------------------

/** A figure as it is shown: the number, or the mark that stands for it (`<5` or `*`). */
export function figureText(f: Figure): string {
  if (f.value !== null) return thousands(f.value);
  return f.hidden || "not shown";
}

/** What a hidden figure's mark means, in words (a screen reader reads the mark itself oddly). */
export function hiddenWords(hidden: string): string {
  if (hidden === "<5") return "fewer than 5";
  if (hidden === "*") return "hidden";
  return "not shown";
}

/** Whether a figure can be opened as the list of records it counts: shown, above 0, and named. */
export function canDrill(f: Figure): boolean {
  return f.key !== "" && f.value !== null && f.value > 0;
}

/** A percentage with one decimal place: "82.0%". */
export function formatPercent(p: number): string {
  return `${p.toFixed(1)}%`;
}

/**
 * A rate as it is shown: its percentage, or why there is none. `none` says what there was none of
 * ("no appointments attended or missed"), for when the rate has nothing to divide by.
 */
export function rateText(rate: Rate, none: string): { percent: string | null; why: string | null } {
  if (rate.percent !== null) return { percent: formatPercent(rate.percent), why: null };
  if (rate.numerator.value === null || rate.denominator.value === null)
    return { percent: null, why: "a number it needs is hidden" };
  return { percent: null, why: none };
}

/** Time spent, in minutes and (from an hour up) in hours: "4,215 minutes (70 hours 15 minutes)". */
export function minutesWords(n: number): string {
  const words = `${thousands(n)} ${n === 1 ? "minute" : "minutes"}`;
  if (n < 60) return words;
  const h = Math.floor(n / 60);
  const m = n % 60;
  const hours = `${thousands(h)} ${h === 1 ? "hour" : "hours"}`;
  return `${words} (${m === 0 ? hours : `${hours} ${m} ${m === 1 ? "minute" : "minutes"}`})`;
}

/** Whether any figure anywhere in the summary is hidden. */
export function anyHidden(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(anyHidden);
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.key === "string" && "hidden" in o && "value" in o) return o.value === null;
    return Object.values(o).some(anyHidden);
  }
  return false;
}

/** "Alex's laptop: its last sync file arrived Tue 27 October 2026 at 17:05". */
export function missingDeviceLine(d: MissingDevice): string {
  return d.last_file_at
    ? `${d.name}: its last sync file arrived ${formatDateTime(d.last_file_at)}`
    : `${d.name}: no sync file from it has arrived yet`;
}

// ---- The summary as rows ----------------------------------------------------------------------------------

/** One headline: a count or a rate, and what it is. */
export type Headline =
  | { kind: "figure"; label: string; figure: Figure; note: string | null }
  | { kind: "rate"; label: string; rate: Rate; none: string; of: string };

/** The headline figures, in the order they are shown. */
export function headlines(s: MonthlySummary): Headline[] {
  return [
    { kind: "figure", label: "Active clients", figure: s.clients.active, note: null },
    { kind: "figure", label: "New clients", figure: s.clients.new, note: null },
    {
      kind: "figure",
      label: "Support contacts",
      figure: s.contacts.by_kind.total,
      note: `${minutesWords(s.contacts.minutes)} in all`,
    },
    { kind: "figure", label: "Health appointments", figure: s.appointments.by_outcome.total, note: null },
    {
      kind: "rate",
      label: "Attendance",
      rate: s.appointments.attendance,
      none: "no appointments attended or missed",
      of: "attended, of those attended or missed",
    },
    { kind: "figure", label: "Referrals sent", figure: s.referrals.made.total, note: null },
    { kind: "figure", label: "GP registrations", figure: s.gp_registrations, note: null },
    { kind: "figure", label: "Releases from custody", figure: s.releases.releases, note: null },
  ];
}

/** The attendance rates: overall, with and without someone going, and by who was to go. */
export function attendanceRows(s: MonthlySummary): { label: string; rate: Rate }[] {
  const a = s.appointments;
  return [
    { label: "All appointments", rate: a.attendance },
    { label: "Someone went with them", rate: a.accompanied },
    { label: "They went alone", rate: a.unaccompanied },
    ...a.by_accompaniment
      .filter((r) => r.label !== "Nobody")
      .map((r) => ({ label: `With a ${r.label.toLowerCase()}`, rate: r })),
  ];
}

/** The outcome measures: for each questionnaire, reviews in the month showing reliable improvement since the baseline. */
export function outcomeRows(s: MonthlySummary): { scale: "phq9" | "gad7" | "wellbeing"; rate: Rate }[] {
  const o = s.outcomes;
  return [
    { scale: "phq9", rate: o.phq9 },
    { scale: "gad7", rate: o.gad7 },
    { scale: "wellbeing", rate: o.wellbeing },
  ];
}

/** A month of the trend, ready for its table row. */
export type TrendRow = {
  month: string;
  label: string;
  active: Figure;
  referrals: Figure;
  accompanied: Rate;
  unaccompanied: Rate;
  seen: Rate;
};

/** The trend's months, oldest first as core sends them, each named in words. */
export function trendRows(trend: TrendMonth[]): TrendRow[] {
  return trend.map((t) => ({
    month: t.month,
    label: monthWords(t.month),
    active: t.active_clients,
    referrals: t.referrals_made,
    accompanied: t.accompanied,
    unaccompanied: t.unaccompanied,
    seen: t.seen_within_14_days,
  }));
}

// ---- The records behind a figure ---------------------------------------------------------------------------

/** When a record happened: a date ("Sat 3 October 2026") or, for appointments, a date and UK time. */
export function drillWhen(when: string): string {
  if (parseYmd(when)) return formatDate(when);
  return parseInstant(when) ? formatDateTime(when) : when;
}

/** "1 record", "31 records". */
export function recordCount(n: number): string {
  return `${thousands(n)} ${n === 1 ? "record" : "records"}`;
}

/** Said plainly when the list is not as long as the figure (which should never happen). */
export function drillMismatch(f: Figure, rows: number): string | null {
  if (f.value === null || f.value === rows) return null;
  return `The summary says ${thousands(f.value)}, but ${recordCount(rows)} ${rows === 1 ? "was" : "were"} found. Please tell whoever looks after Throughcare, and check the figure before sending it.`;
}

// ---- Charts -----------------------------------------------------------------------------------------------

/**
 * One bar, column or point: its words, its number (null when there is none to draw), the text shown with it,
 * and, when there is no number, why, in words (drawn where the bar would be, and read out).
 */
export type ChartItem = { label: string; value: number | null; text: string; why: string | null };

/** A count as a chart item: a hidden count has no bar, only its mark and what the mark means. */
export function figureItem(label: string, f: Figure): ChartItem {
  if (f.value !== null) return { label, value: f.value, text: thousands(f.value), why: null };
  const why = f.hidden === "<5" ? "fewer than 5, so not shown" : f.hidden === "*" ? "hidden, so a small number cannot be worked out" : "not shown";
  return { label, value: null, text: f.hidden || "–", why };
}

/** A rate as a chart item: its percentage, or no bar and why there is none. */
export function rateItem(label: string, rate: Rate, none: string): ChartItem {
  const t = rateText(rate, none);
  if (t.percent !== null && rate.percent !== null) return { label, value: rate.percent, text: t.percent, why: null };
  return { label, value: null, text: "–", why: `no rate: ${t.why}` };
}

/** A breakdown's parts as chart items. */
export function breakdownItems(b: Breakdown): ChartItem[] {
  return b.parts.map((p) => figureItem(p.label, p.figure));
}

/** A chart's accessible name: its title, then each item's words and number (or why it has none). */
export function chartLabel(title: string, items: ChartItem[]): string {
  const each = items.map((i) => `${i.label}: ${i.value === null ? (i.why ?? i.text) : i.text}`);
  return `${title}. ${each.join("; ")}.`;
}

/** A round number at or above `n` for the top of a chart's scale (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten). */
export function niceMax(n: number): number {
  if (!(n > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * power >= n) return step * power;
  return 10 * power;
}

/** Horizontal bars: each row has its words and number on one line and the bar under them. */
export const BAR = { width: 520, row: 46, text: 16, barTop: 23, barHeight: 14 } as const;

export type BarShape = ChartItem & { y: number; width: number };

/**
 * Horizontal bars, one row each. `max` is the value a full bar stands for (100 for percentages, when a track
 * shows the whole); otherwise the largest value is a full bar. An item with no value has no bar.
 */
export function barChart(items: ChartItem[], max?: number): { bars: BarShape[]; height: number } {
  const top = max ?? Math.max(0, ...items.map((i) => i.value ?? 0));
  const bars = items.map((item, i) => ({
    ...item,
    y: i * BAR.row,
    width:
      item.value === null || top <= 0
        ? 0
        : round(Math.max(item.value > 0 ? 3 : 0, (Math.min(item.value, top) / top) * BAR.width)),
  }));
  return { bars, height: items.length * BAR.row };
}

/** The plot of a chart over the months of the trend. */
export const PLOT = { width: 560, height: 236, left: 46, right: 8, top: 26, bottom: 46 } as const;

export type ColumnShape = ChartItem & { x: number; y: number; width: number; height: number; centre: number };

/** The x of the middle of slot `i` of `n` across the plot. */
export function slotCentre(i: number, n: number): number {
  const inner = PLOT.width - PLOT.left - PLOT.right;
  return round(PLOT.left + (inner / n) * (i + 0.5));
}

/** The y of the bottom of the plot. */
export const BASELINE = PLOT.height - PLOT.bottom;

/** Vertical columns over equal slots, scaled to a round top value; an item with no value has no column. */
export function columnChart(items: ChartItem[]): { columns: ColumnShape[]; top: number } {
  const n = Math.max(items.length, 1);
  const slot = (PLOT.width - PLOT.left - PLOT.right) / n;
  const plotHeight = BASELINE - PLOT.top;
  const top = niceMax(Math.max(0, ...items.map((i) => i.value ?? 0)));
  const columns = items.map((item, i) => {
    const h = item.value === null ? 0 : round((item.value / top) * plotHeight);
    const width = round(slot * 0.62);
    const centre = slotCentre(i, n);
    return { ...item, x: round(centre - width / 2), y: round(BASELINE - h), width, height: h, centre };
  });
  return { columns, top };
}

/** Where a share of the plot's scale sits up the plot: 0 at the bottom, 1 at the top. */
export function plotY(share: number): number {
  return round(BASELINE - (BASELINE - PLOT.top) * Math.min(Math.max(share, 0), 1));
}

export type LineShape = { points: { x: number; y: number; value: number; i: number }[]; paths: string[] };

/** A line of percentages over equal slots; it breaks where a month has no rate. */
export function lineChart(values: (number | null)[]): LineShape {
  const n = Math.max(values.length, 1);
  const points: LineShape["points"] = [];
  const paths: string[] = [];
  let run: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length > 1) paths.push(run.join(" "));
      run = [];
      return;
    }
    const x = slotCentre(i, n);
    const y = plotY(v / 100);
    points.push({ x, y, value: v, i });
    run.push(`${run.length === 0 ? "M" : "L"}${x} ${y}`);
  });
  if (run.length > 1) paths.push(run.join(" "));
  return { points, paths };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
