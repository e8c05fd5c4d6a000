import type { Label, Labels } from "./shell-types";

// The plain-English labels for every closed set, loaded once from the app. Held as they came (not a deep
// reactive copy), with each set's codes in a map: a screen such as Today asks for hundreds of labels as it
// first draws, and each used to search a reactive list, reading every entry through a proxy.
let sets = $state.raw<Labels>({});
let byCode = new Map<string, Map<string, string>>();

export function setLabels(next: Labels) {
  sets = next;
  byCode = new Map();
}

function codes(set: string): Map<string, string> | undefined {
  // Read first, every time, so that whatever shows a label is drawn again when the labels change.
  const current = sets;
  let found = byCode.get(set);
  if (!found) {
    const list = current[set];
    if (!list) return undefined;
    found = new Map(list.map((l) => [l.code, l.label]));
    byCode.set(set, found);
  }
  return found;
}

/** The label for one value of a set; falls back to the code in words if the app sent none. */
export function label(set: string, code: string | null | undefined): string {
  if (code === null || code === undefined || code === "") return "Not recorded";
  return codes(set)?.get(code) ?? code.replaceAll("_", " ");
}

/** Every option of a set, in the app's order. */
export function options(set: string): Label[] {
  return sets[set] ?? [];
}
