import { describe, expect, it } from "vitest";
import type { MeasureReading } from "../../src/lib/types";
import {
  betterWords,
  latestWarning,
  parseTotal,
  runningTotal,
  runningWords,
  scoreWords,
  sparkline,
  sparklineLabel,
  unanswered,
} from "../../src/lib/measures";

function reading(id: string, taken_on: string, total: number, warning: string | null = null): MeasureReading {
  return {
    measure: { id, created_at: `${taken_on}T12:00:00Z`, archived_at: null, client_id: "c-1", scale: "phq9", taken_on, answers: null, total, recorded_by: "u-1" },
    band: "moderate",
    baseline: false,
    change: null,
    change_words: null,
    reliable_improvement: false,
    warning,
  };
}

describe("the running total on the form", () => {
  it("adds up the answers chosen so far", () => {
    expect(runningTotal([1, null, 3, 0])).toEqual({ total: 4, answered: 3 });
    expect(runningTotal([])).toEqual({ total: 0, answered: 0 });
  });
  it("says how far the person has got", () => {
    expect(runningWords([null, null, null], 27)).toBe("Total so far: 0 out of 27. No questions answered yet.");
    expect(runningWords([2, null, 3], 27)).toBe("Total so far: 5 out of 27. 2 of 3 questions answered.");
    expect(runningWords([2, 1, 3], 27)).toBe("Total: 6 out of 27. All 3 questions answered.");
  });
  it("names the questions not answered yet, from 1", () => {
    expect(unanswered([0, null, 2, null])).toEqual([2, 4]);
    expect(unanswered([0, 1])).toEqual([]);
  });
});

describe("scores in words", () => {
  it("gives the score out of the maximum, with core's band", () => {
    expect(scoreWords(12, 27)).toBe("12 out of 27");
    expect(scoreWords(12, 27, "moderate")).toBe("12 out of 27 (moderate)");
  });
  it("says which way is better", () => {
    expect(betterWords(false)).toBe("A lower score is better.");
    expect(betterWords(true)).toBe("A higher score is better.");
  });
  it("accepts a paper form's total only as a whole number in range", () => {
    expect(parseTotal(" 14 ", 27)).toBe(14);
    expect(parseTotal("0", 21)).toBe(0);
    expect(parseTotal("28", 27)).toBeNull();
    expect(parseTotal("12.5", 27)).toBeNull();
    expect(parseTotal("-1", 27)).toBeNull();
    expect(parseTotal("", 27)).toBeNull();
  });
});

describe("the small drawing of scores over time", () => {
  const size = { width: 100, height: 50, pad: 5 };
  it("spreads the scores from left to right, higher drawn higher", () => {
    const s = sparkline([27, 0, 13.5], 27, size);
    expect(s.points.map((p) => p.x)).toEqual([5, 50, 95]);
    expect(s.points.map((p) => p.y)).toEqual([5, 45, 25]);
    expect(s.path).toBe("M5 5 L50 45 L95 25");
  });
  it("puts a single score in the middle", () => {
    expect(sparkline([10], 20, size).points).toEqual([{ x: 50, y: 25, value: 10 }]);
  });
  it("has a text alternative with every score", () => {
    const label = sparklineLabel("PHQ-9 (depression)", {
      higher_is_better: false,
      readings: [reading("a", "2026-08-10", 18), reading("b", "2026-10-05", 11)],
    });
    expect(label).toBe("PHQ-9 (depression) scores, oldest first: 18 on 10 August 2026, 11 on 5 October 2026. A lower score is better.");
  });
  it("raises a warning only when the latest reading has one", () => {
    const warned = reading("b", "2026-10-05", 11, "check risk today");
    expect(latestWarning({ readings: [reading("a", "2026-08-10", 18), warned] })).toBe(warned);
    expect(latestWarning({ readings: [reading("a", "2026-08-10", 18), warned, reading("c", "2026-11-01", 9)] })).toBeNull();
    expect(latestWarning({ readings: [] })).toBeNull();
  });
});
