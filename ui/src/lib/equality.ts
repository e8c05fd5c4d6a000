// Equality monitoring on a client's record: the ethnicity list grouped the way the 2021 census groups it.
// The app's labels carry the group before the first ": " ("Asian or Asian British: Indian").
import type { Label } from "./shell-types";

export type OptionGroup = { group: string; options: Label[] };

/** Why the three questions are asked, said beside them. */
export const EQUALITY_HINT =
  "Optional. Asked so the charity can show it reaches everyone fairly; the person can choose not to say.";

/**
 * Splits the ethnicity labels into their census groups (in the app's order) and the choices that belong to
 * no group ("Prefer not to say"). Within a group the option says only what follows the group's name.
 */
export function groupEthnicities(labels: Label[]): { groups: OptionGroup[]; loose: Label[] } {
  const groups: OptionGroup[] = [];
  const loose: Label[] = [];
  for (const l of labels) {
    const at = l.label.indexOf(": ");
    if (at < 0) {
      loose.push(l);
      continue;
    }
    const group = l.label.slice(0, at);
    const rest = l.label.slice(at + 2);
    const text = rest.charAt(0).toUpperCase() + rest.slice(1);
    let g = groups.find((x) => x.group === group);
    if (!g) {
      g = { group, options: [] };
      groups.push(g);
    }
    g.options.push({ code: l.code, label: text });
  }
  return { groups, loose };
}
