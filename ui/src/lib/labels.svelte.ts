import type { Label, Labels } from "./shell-types";

/** The plain-English labels for every closed set, loaded once from the app. */
export const labelStore = $state<{ sets: Labels }>({ sets: {} });

export function setLabels(sets: Labels) {
  labelStore.sets = sets;
}

/** The label for one value of a set; falls back to the code in words if the app sent none. */
export function label(set: string, code: string | null | undefined): string {
  if (code === null || code === undefined || code === "") return "Not recorded";
  const found = labelStore.sets[set]?.find((l) => l.code === code);
  return found ? found.label : code.replaceAll("_", " ");
}

/** Every option of a set, in the app's order. */
export function options(set: string): Label[] {
  return labelStore.sets[set] ?? [];
}
