// How "Needs attention" words who is going with each person, and how much of a list is shown.
import type { AgendaItem, Role, UserId } from "./types";
import { count } from "./names";

export type Viewer = { role: Role | null; user_id: UserId | null };

/**
 * Who is going with the person, in words: "You are going with them", "Ben Carter is going with them",
 * "A peer mentor is needed: nobody named yet", "Nobody is planned to go with them". `allMine` says every
 * item of the list is the viewer's own to go to (core sends a peer mentor only theirs for tomorrow).
 */
export function whoIsGoing(item: AgendaItem, viewer: Viewer, allMine = false): string {
  const a = item.appointment;
  if (a.planned_accompaniment === "none") return "Nobody is planned to go with them";
  const named = a.planned_accompaniment === "peer_mentor" ? a.planned_mentor_id : a.planned_user_id;
  if (!named) {
    return a.planned_accompaniment === "peer_mentor"
      ? "A peer mentor is needed: nobody named yet"
      : "A caseworker is needed: nobody named yet";
  }
  const mine =
    (allMine && viewer.role === "peer_mentor" && a.planned_accompaniment === "peer_mentor") ||
    (a.planned_accompaniment === "caseworker" && viewer.user_id !== null && a.planned_user_id === viewer.user_id);
  if (mine) return "You are going with them";
  return item.companion_name ? `${item.companion_name} is going with them` : "Someone is named to go with them";
}

/** "Showing 50 of 62." when a list is cut short; null when everything is shown. */
export function moreWords(shown: number, total: number | bigint): string | null {
  const t = count(total);
  return shown < t ? `Showing the first ${shown} of ${t}.` : null;
}

/** The day after a date (`YYYY-MM-DD`). */
export function dayAfter(ymd: string): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return ymd;
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
