// How the peer mentor screens show what the app decided about a mentor. The DBS rule itself lives in core.
import type { DbsCheck } from "./types";
import { label } from "./labels.svelte";

/** The warning to show beside a DBS date, in the app's words; null when the check is in date. */
export function dbsWarning(dbs: DbsCheck): string | null {
  return dbs === "in_date" ? null : label("DbsCheck", dbs);
}
