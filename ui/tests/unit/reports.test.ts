import { describe, expect, it } from "vitest";
import type { Breakdown, Figure, MonthlySummary, Rate, TrendMonth } from "../../src/lib/types";
import {
  BAR,
  BASELINE,
  PLOT,
  REPORT_FORMATS,
  anyHidden,
  attendanceRows,
  audienceWords,
  barChart,
  breakdownItems,
  canDrill,
  chartLabel,
  columnChart,
  defaultMonth,
  drillMismatch,
  drillWhen,
  figureItem,
  figureText,
  formatName,
  headlines,
  hiddenWords,
  joinMonth,
  lineChart,
  minutesWords,
  missingDeviceLine,
  monthTick,
  monthWords,
  niceMax,
  parseMonth,
  plotY,
  rateItem,
  rateText,
  recordCount,
  scopeChoice,
  scopeFromChoice,
  scopeWords,
  splitMonth,
  trendRows,
  outcomeRows,
  yearChoices,
} from "../../src/lib/reports";
import internal from "../browser/fixtures/summary-internal.json";
import external from "../browser/fixtures/summary-external.json";

// The summaries core made for October 2026 (the same ones the browser test shows).
const inside = internal as unknown as MonthlySummary;
const outside = external as unknown as MonthlySummary;

const shown = (value: number, key = "k"): Figure => ({ key, value, hidden: "" });
const hidden = (mark: "<5" | "*", key = "k"): Figure => ({ key, value: null, hidden: mark });
const rate = (numerator: Figure, denominator: Figure, percent: number | null, label = "Rate"): Rate => ({
  label,
  numerator,
  denominator,
  percent,
});

describe("the month a report starts on", () => {
  it("is the month before today's", () => {
    expect(defaultMonth("2026-11-20")).toBe("2026-10");
    expect(defaultMonth("2026-03-01")).toBe("2026-02");
  });
  it("goes back to December of last year in January", () => {
    expect(defaultMonth("2027-01-05")).toBe("2026-12");
    expect(defaultMonth("2027-01-31")).toBe("2026-12");
  });
  it("is nothing for a day that is not real", () => {
    expect(defaultMonth("2026-02-30")).toBe("");
    expect(defaultMonth("")).toBe("");
  });
});

describe("months in the month and year boxes", () => {
  it("splits a month into the boxes' values and joins them back", () => {
    expect(splitMonth("2026-09")).toEqual({ year: "2026", month: "9" });
    expect(joinMonth("2026", "9")).toBe("2026-09");
    expect(joinMonth("2026", "12")).toBe("2026-12");
    const { year, month } = splitMonth("2025-01");
    expect(joinMonth(year, month)).toBe("2025-01");
  });
  it("refuses what is not a month", () => {
    expect(parseMonth("2026-13")).toBeNull();
    expect(parseMonth("2026-00")).toBeNull();
    expect(parseMonth("2026-1")).toBeNull();
    expect(splitMonth("October")).toEqual({ year: "", month: "" });
  });
  it("offers this year and the nine before it, newest first", () => {
    const years = yearChoices("2026-11-20");
    expect(years).toHaveLength(10);
    expect(years[0]).toBe("2026");
    expect(years[9]).toBe("2017");
  });
  it("names months in words and as chart ticks, with the year under January and the first month", () => {
    expect(monthWords("2026-10")).toBe("October 2026");
    expect(monthTick("2025-11", true)).toEqual({ month: "Nov", year: "2025" });
    expect(monthTick("2025-12", false)).toEqual({ month: "Dec", year: null });
    expect(monthTick("2026-01", false)).toEqual({ month: "Jan", year: "2026" });
  });
});

describe("whose clients", () => {
  it("turns a scope into the box's value and back", () => {
    for (const scope of [{ kind: "organisation" }, { kind: "team", id: "t-north" }, { kind: "caseworker", id: "u-aisha" }] as const) {
      expect(scopeFromChoice(scopeChoice(scope))).toEqual(scope);
    }
  });
  it("refuses a value that names no scope", () => {
    expect(scopeFromChoice("team:")).toBeNull();
    expect(scopeFromChoice("mentor:m-dee")).toBeNull();
    expect(scopeFromChoice("everyone")).toBeNull();
  });
  it("says whom a summary covers, without doubling 'team'", () => {
    expect(scopeWords({ kind: "organisation", id: null, name: "Bridges Health Link" })).toBe("Bridges Health Link, the whole organisation");
    expect(scopeWords({ kind: "team", id: "t", name: "North" })).toBe("North team");
    expect(scopeWords({ kind: "team", id: "t", name: "Outreach Team" })).toBe("Outreach Team");
    expect(scopeWords({ kind: "caseworker", id: "u", name: "Aisha Rahman's caseload" })).toBe("Aisha Rahman's caseload");
  });
  it("says plainly who a summary is for", () => {
    expect(audienceWords("external")).toContain("external summary");
    expect(audienceWords("external")).toContain("<5");
    expect(audienceWords("internal")).toContain("Do not share it outside");
  });
});

describe("figures and rates as they are shown", () => {
  it("shows a count with thousands separated, or the mark core put in its place", () => {
    expect(figureText(shown(1366))).toBe("1,366");
    expect(figureText(shown(0))).toBe("0");
    expect(figureText(hidden("<5"))).toBe("<5");
    expect(figureText(hidden("*"))).toBe("*");
    expect(hiddenWords("<5")).toBe("fewer than 5");
    expect(hiddenWords("*")).toBe("hidden");
  });
  it("opens the records only behind a shown count above 0", () => {
    expect(canDrill(shown(3, "clients.new"))).toBe(true);
    expect(canDrill(shown(0, "clients.new"))).toBe(false);
    expect(canDrill(hidden("<5", "clients.new"))).toBe(false);
    expect(canDrill(shown(3, ""))).toBe(false);
  });
  it("shows core's percentage, or why there is none", () => {
    expect(rateText(rate(shown(112), shown(147), 76.2), "none")).toEqual({ percent: "76.2%", why: null });
    expect(rateText(rate(shown(0), shown(5), 0), "none")).toEqual({ percent: "0.0%", why: null });
    expect(rateText(rate(hidden("*"), shown(50), null), "none")).toEqual({ percent: null, why: "a number it needs is hidden" });
    expect(rateText(rate(shown(0), shown(0), null), "no releases")).toEqual({ percent: null, why: "no releases" });
  });
  it("never works a rate out itself", () => {
    // Core sent no percentage although both counts are shown: nothing is made up.
    expect(rateText(rate(shown(1), shown(2), null), "none").percent).toBeNull();
  });
  it("says time in minutes and hours", () => {
    expect(minutesWords(1)).toBe("1 minute");
    expect(minutesWords(45)).toBe("45 minutes");
    expect(minutesWords(60)).toBe("60 minutes (1 hour)");
    expect(minutesWords(13000)).toBe("13,000 minutes (216 hours 40 minutes)");
    expect(minutesWords(61)).toBe("61 minutes (1 hour 1 minute)");
  });
  it("knows whether anything in a summary is hidden", () => {
    expect(anyHidden(inside)).toBe(false);
    expect(anyHidden(outside)).toBe(true);
    expect(anyHidden({ a: [{ b: hidden("*") }] })).toBe(true);
  });
  it("says when a computer's work last arrived", () => {
    expect(missingDeviceLine({ device_id: "d", name: "Sam's laptop", last_file_at: "2026-11-18T16:40:00Z" })).toBe(
      "Sam's laptop: its last sync file arrived Wed 18 November 2026 at 16:40",
    );
    expect(missingDeviceLine({ device_id: "d", name: "Reception PC", last_file_at: null })).toBe(
      "Reception PC: no sync file from it has arrived yet",
    );
  });
});

describe("the summary laid out", () => {
  it("gives the headline figures as core counted them", () => {
    const h = headlines(inside);
    expect(h.map((x) => x.label)).toEqual([
      "Active clients",
      "New clients",
      "Support contacts",
      "Health appointments",
      "Attendance",
      "Referrals sent",
      "GP registrations",
      "Releases from custody",
    ]);
    const active = h[0];
    expect(active.kind === "figure" && active.figure.value).toBe(203);
    const attendance = h[4];
    expect(attendance.kind === "rate" && attendance.rate.percent).toBe(76.2);
    const contacts = h[2];
    expect(contacts.kind === "figure" && contacts.note).toBe("13,000 minutes (216 hours 40 minutes) in all");
  });
  it("lists attendance overall, with someone, alone, and by who went (not 'nobody' twice)", () => {
    const rows = attendanceRows(inside);
    expect(rows.map((r) => r.label)).toEqual([
      "All appointments",
      "Someone went with them",
      "They went alone",
      "With a caseworker",
      "With a peer mentor",
    ]);
    expect(rows[3].rate.percent).toBe(80);
  });
  it("lists the outcome measures' rates by questionnaire, as core counted them", () => {
    const phq9 = rate(shown(7, "outcomes.phq9.improved"), shown(18, "outcomes.phq9.reviewed"), 38.9, "PHQ-9: reliable improvement");
    const gad7 = rate(shown(0, "outcomes.gad7.improved"), shown(0, "outcomes.gad7.reviewed"), null);
    const wellbeing = rate(hidden("<5", "outcomes.wellbeing.improved"), shown(9, "outcomes.wellbeing.reviewed"), null);
    const rows = outcomeRows({ ...inside, outcomes: { phq9, gad7, wellbeing } });
    expect(rows.map((r) => r.scale)).toEqual(["phq9", "gad7", "wellbeing"]);
    expect(rows[0].rate).toBe(phq9);
    expect(rateText(rows[1].rate, "none reviewed")).toEqual({ percent: null, why: "none reviewed" });
    expect(rateText(rows[2].rate, "none reviewed").why).toBe("a number it needs is hidden");
  });
  it("gives the 12 months of the trend oldest first, named in words, with core's figures", () => {
    const rows = trendRows(inside.trend);
    expect(rows).toHaveLength(12);
    expect(rows[0].label).toBe("November 2025");
    expect(rows[11].label).toBe("October 2026");
    expect(rows[0].active.value).toBe(100);
    expect(rows[0].accompanied.percent).toBe(76.9);
    expect(rows[0].seen.percent).toBe(28.6);
    const t: TrendMonth = inside.trend[3];
    expect(trendRows([t])[0].referrals).toBe(t.referrals_made);
  });
});

describe("the records behind a figure", () => {
  it("says when, as a date or a UK time", () => {
    expect(drillWhen("2026-10-03")).toBe("Sat 3 October 2026");
    expect(drillWhen("2026-07-01T08:30:00Z")).toBe("Wed 1 July 2026 at 09:30");
    expect(drillWhen("sometime")).toBe("sometime");
  });
  it("counts records in words", () => {
    expect(recordCount(1)).toBe("1 record");
    expect(recordCount(1366)).toBe("1,366 records");
  });
  it("says plainly when the list is not as long as the figure", () => {
    expect(drillMismatch(shown(11), 11)).toBeNull();
    expect(drillMismatch(shown(11), 10)).toContain("The summary says 11, but 10 records were found");
    expect(drillMismatch(shown(2), 1)).toContain("1 record was found");
  });
});

describe("charts", () => {
  const parts = (...figures: Figure[]): Breakdown => ({
    total: shown(0),
    parts: figures.map((figure, i) => ({ code: `p${i}`, label: `Part ${i}`, figure })),
  });

  it("never draws a hidden count as a bar or as 0", () => {
    const items = breakdownItems(parts(shown(40), hidden("<5"), hidden("*"), shown(0)));
    expect(items.map((i) => i.value)).toEqual([40, null, null, 0]);
    expect(items.map((i) => i.text)).toEqual(["40", "<5", "*", "0"]);
    const chart = barChart(items);
    expect(chart.bars.map((b) => b.width)).toEqual([BAR.width, 0, 0, 0]);
    expect(items[1].why).toBe("fewer than 5, so not shown");
    expect(items[2].why).toContain("hidden");
  });
  it("scales bars to the largest count, or to 100 for percentages, with a visible sliver for small ones", () => {
    const counts = barChart([figureItem("a", shown(50)), figureItem("b", shown(25)), figureItem("c", shown(1))]);
    expect(counts.bars.map((b) => b.width)).toEqual([520, 260, 10.4]);
    expect(counts.height).toBe(3 * BAR.row);
    const tiny = barChart([figureItem("a", shown(1000)), figureItem("b", shown(1))]);
    expect(tiny.bars[1].width).toBe(3);
    const rates = barChart([rateItem("x", rate(shown(3), shown(4), 75), "none")], 100);
    expect(rates.bars[0].width).toBe(390);
  });
  it("gives a rate with no percentage no bar, and says why", () => {
    const item = rateItem("With a caseworker", rate(hidden("*"), shown(50), null), "none attended or missed");
    expect(item).toMatchObject({ value: null, why: "no rate: a number it needs is hidden" });
    expect(rateItem("x", rate(shown(0), shown(0), null), "no releases").why).toBe("no rate: no releases");
  });
  it("names a chart with every number, and with words for the hidden ones", () => {
    const label = chartLabel("Support contacts", [figureItem("Phone", shown(55)), figureItem("Video call", hidden("*")), figureItem("Gate pick-up", hidden("<5"))]);
    expect(label).toBe(
      "Support contacts. Phone: 55; Video call: hidden, so a small number cannot be worked out; Gate pick-up: fewer than 5, so not shown.",
    );
  });
  it("tops a column chart with a round number just above the largest", () => {
    expect(niceMax(203)).toBe(250);
    expect(niceMax(27)).toBe(30);
    expect(niceMax(100)).toBe(100);
    expect(niceMax(101)).toBe(150);
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(8);
  });
  it("draws columns from the baseline, none for a hidden month", () => {
    const { columns, top } = columnChart([
      { ...figureItem("Nov", shown(100)) },
      { ...figureItem("Dec", hidden("<5")) },
      { ...figureItem("Jan", shown(200)) },
    ]);
    expect(top).toBe(200);
    const full = BASELINE - PLOT.top;
    expect(columns.map((c) => c.height)).toEqual([full / 2, 0, full]);
    expect(columns[2].y).toBe(PLOT.top);
    expect(columns[1].y).toBe(BASELINE);
    expect(columns[0].centre).toBeLessThan(columns[1].centre);
  });
  it("breaks a line where a month has no rate", () => {
    const line = lineChart([50, 60, null, 70, null, 80, 90]);
    expect(line.points.map((p) => p.i)).toEqual([0, 1, 3, 5, 6]);
    expect(line.paths).toHaveLength(2); // 0–1 and 5–6; month 3 stands alone as a point
    expect(line.paths[0].startsWith("M")).toBe(true);
    expect(line.points[0].y).toBe(plotY(0.5));
    expect(plotY(0)).toBe(BASELINE);
    expect(plotY(1)).toBe(PLOT.top);
    expect(plotY(1.5)).toBe(PLOT.top);
  });
});

describe("kinds of file", () => {
  it("offers every format core can write, PDF first", () => {
    expect(REPORT_FORMATS.map((f) => f.code)).toEqual(["pdf", "xlsx", "csv", "json"]);
    expect(formatName("xlsx")).toBe("Excel");
    expect(formatName("pdf")).toBe("PDF");
  });
});
