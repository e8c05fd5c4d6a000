// Outcome measures (questionnaires) as the record and the form show them. Core scores every questionnaire,
// places it in its band and compares it with the baseline; this only adds up the answers chosen so far for
// the running total on the form, and turns the scores into words and a small line drawing.
import type { MeasureReading, MeasureSeries } from "./types";
import { formatDate } from "./time";

/** The answers chosen so far (null for a question not answered yet): their sum, and how many there are. */
export function runningTotal(answers: readonly (number | null)[]): { total: number; answered: number } {
  let total = 0;
  let answered = 0;
  for (const a of answers) {
    if (a === null || a === undefined) continue;
    total += a;
    answered += 1;
  }
  return { total, answered };
}

/** The 1-based numbers of the questions with no answer yet. */
export function unanswered(answers: readonly (number | null)[]): number[] {
  return answers.flatMap((a, i) => (a === null || a === undefined ? [i + 1] : []));
}

/** "12 out of 27", and the band core gave it when there is one: "12 out of 27 (moderate)". */
export function scoreWords(total: number, max: number, band: string | null = null): string {
  return `${total} out of ${max}${band ? ` (${band})` : ""}`;
}

/** The running total on the form: "Total so far: 12 out of 27. 7 of 9 questions answered." */
export function runningWords(answers: readonly (number | null)[], max: number): string {
  const { total, answered } = runningTotal(answers);
  const n = answers.length;
  if (answered === 0) return `Total so far: 0 out of ${max}. No questions answered yet.`;
  if (answered === n) return `Total: ${total} out of ${max}. All ${n} questions answered.`;
  return `Total so far: ${total} out of ${max}. ${answered} of ${n} questions answered.`;
}

/** A total typed from a paper form: a whole number from 0 to `max`, or null. */
export function parseTotal(text: string, max: number): number | null {
  const t = text.trim();
  if (!/^\d{1,3}$/.test(t)) return null;
  const n = Number(t);
  return n <= max ? n : null;
}

/** Which way is better on a scale, in words. */
export function betterWords(higherIsBetter: boolean): string {
  return higherIsBetter ? "A higher score is better." : "A lower score is better.";
}

/** The small line drawing of a person's scores on one scale. */
export const SPARK = { width: 220, height: 64, pad: 7 } as const;

export type Spark = { points: { x: number; y: number; value: number }[]; path: string };

/** Points for scores from 0 to `max`, oldest on the left; a higher score is drawn higher. */
export function sparkline(values: readonly number[], max: number, size: { width: number; height: number; pad: number } = SPARK): Spark {
  const { width, height, pad } = size;
  const n = values.length;
  const span = Math.max(max, 1);
  const points = values.map((v, i) => ({
    x: round(n === 1 ? width / 2 : pad + ((width - 2 * pad) * i) / (n - 1)),
    y: round(height - pad - ((height - 2 * pad) * Math.min(Math.max(v, 0), span)) / span),
    value: v,
  }));
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x} ${p.y}`).join(" ");
  return { points, path };
}

/**
 * The drawing's text alternative: "PHQ-9 (depression) scores, oldest first: 18 on 3 August 2026, 11 on
 * 2 October 2026. A lower score is better."
 */
export function sparklineLabel(name: string, series: Pick<MeasureSeries, "higher_is_better" | "readings">): string {
  const each = series.readings.map((r) => `${r.measure.total} on ${formatDate(r.measure.taken_on, "plain")}`);
  return `${name} scores, oldest first: ${each.join(", ")}. ${betterWords(series.higher_is_better)}`;
}

/**
 * The warning to act on now, if the latest reading has one (PHQ-9's question 9 answered above 0). An older
 * reading's warning has been overtaken by a later questionnaire: its row is marked, but it is not raised.
 */
export function latestWarning(series: Pick<MeasureSeries, "readings">): MeasureReading | null {
  const last = series.readings[series.readings.length - 1];
  return last?.warning ? last : null;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
