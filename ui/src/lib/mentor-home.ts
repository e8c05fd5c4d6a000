// How a peer mentor's own view (My week, and the people linked to them) words what core sent: who is going to each appointment,
// and the appointments waiting for an outcome with the person's name beside them.
import type { AgendaItem, AppointmentFields, MentorHome } from "./types";

/** Who is going with the person, said to the mentor: "You are going with them", "Nobody named yet"… */
export function goingWith(a: Pick<AppointmentFields, "planned_accompaniment" | "planned_mentor_id">, me: string): {
  text: string;
  tone: "you" | "needed" | "plain";
} {
  if (a.planned_accompaniment === "peer_mentor") {
    if (a.planned_mentor_id === me) return { text: "You are going with them", tone: "you" };
    if (a.planned_mentor_id === null) return { text: "A peer mentor is needed: nobody named yet", tone: "needed" };
    return { text: "Another peer mentor is going", tone: "plain" };
  }
  if (a.planned_accompaniment === "caseworker") return { text: "A caseworker is going with them", tone: "plain" };
  return { text: "Nobody is planned to go with them", tone: "plain" };
}

/** The appointments waiting for an outcome, each with the name of the person it is for. */
export function awaitingItems(home: MentorHome): AgendaItem[] {
  return home.awaiting_outcome.map((appointment) => ({
    appointment,
    client_name: home.people.find((p) => p.client_id === appointment.client_id)?.name ?? "Someone you were linked to",
    companion_name: null,
  }));
}

/** The first word of a name, for a greeting ("Dee" from "Dee Campbell"). */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? "";
}
