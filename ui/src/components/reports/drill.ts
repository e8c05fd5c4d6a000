// How a figure on the Reports screen asks for the records behind it: the screen provides `open` through
// Svelte context, so every figure, however deep in a table, can be a button without passing it down.
import { getContext, setContext } from "svelte";
import type { Figure } from "../../lib/types";

/** Opens the records behind `figure`; `what` says what it counts ("active clients in October 2026"). */
export type OpenDrill = (figure: Figure, what: string, opener: HTMLElement) => void;

const KEY = Symbol("report-drill");

export function provideDrill(open: OpenDrill) {
  setContext(KEY, open);
}

export function useDrill(): OpenDrill | undefined {
  return getContext<OpenDrill | undefined>(KEY);
}
