import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { debounce, latestOnly } from "../../src/lib/debounce";

describe("debounce", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("calls once, with the last arguments, after typing stops for the delay", () => {
    const fn = vi.fn();
    const search = debounce(fn, 150);
    search("S");
    vi.advanceTimersByTime(100);
    search("Si");
    vi.advanceTimersByTime(100);
    search("Sio");
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(149);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn).toHaveBeenCalledWith("Sio");
  });

  it("can be cancelled", () => {
    const fn = vi.fn();
    const d = debounce(fn, 150);
    d(1);
    expect(d.pending()).toBe(true);
    d.cancel();
    expect(d.pending()).toBe(false);
    vi.advanceTimersByTime(500);
    expect(fn).not.toHaveBeenCalled();
  });

  it("can be run at once (Enter in the search box)", () => {
    const fn = vi.fn();
    const d = debounce(fn, 150);
    d("Łukasz");
    d.flush();
    expect(fn).toHaveBeenCalledWith("Łukasz");
    vi.advanceTimersByTime(500);
    expect(fn).toHaveBeenCalledTimes(1);
    d.flush(); // nothing pending: does nothing
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("calls again for a later burst", () => {
    const fn = vi.fn();
    const d = debounce(fn, 150);
    d("a");
    vi.advanceTimersByTime(150);
    d("b");
    vi.advanceTimersByTime(150);
    expect(fn.mock.calls).toEqual([["a"], ["b"]]);
  });
});

describe("latestOnly", () => {
  it("drops an older answer that arrives after a newer one", async () => {
    const resolvers: Array<(v: string) => void> = [];
    const fetch = latestOnly((q: string) => new Promise<string>((resolve) => resolvers.push(() => resolve(q))));
    const first = fetch("Pre");
    const second = fetch("Precious");
    resolvers[1]("Precious");
    resolvers[0]("Pre");
    expect(await second).toEqual({ stale: false, value: "Precious" });
    expect(await first).toEqual({ stale: true });
  });
});
