import type { ClientRecord } from "./types";
import { londonDate, formatTime } from "./time";

export type TimelineEntry =
  | { kind: "contact"; key: string; date: string; time: null; id: string; record: ClientRecord["contacts"][number] }
  | { kind: "appointment"; key: string; date: string; time: string; id: string; record: ClientRecord["appointments"][number] }
  | {
      kind: "referral_step";
      key: string;
      date: string;
      time: null;
      id: string;
      referral: ClientRecord["referrals"][number]["referral"];
      step: ClientRecord["referrals"][number]["steps"][number];
    };

/**
 * One list of contacts, appointments and referral steps, newest first.
 * Appointments have a time; contacts and referral steps only a date, and come after the day's timed entries
 * in reading order (they are sorted as the end of their day).
 */
export function buildTimeline(record: ClientRecord): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const c of record.contacts) {
    entries.push({ kind: "contact", key: `${c.contact_on}T99:99`, date: c.contact_on, time: null, id: c.id, record: c });
  }
  for (const a of record.appointments) {
    const date = londonDate(a.starts_at);
    const time = formatTime(a.starts_at);
    entries.push({ kind: "appointment", key: `${date}T${time}`, date, time, id: a.id, record: a });
  }
  for (const r of record.referrals) {
    for (const s of r.steps) {
      entries.push({
        kind: "referral_step",
        key: `${s.happened_on}T99:99`,
        date: s.happened_on,
        time: null,
        id: s.id,
        referral: r.referral,
        step: s,
      });
    }
  }
  return entries.sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : a.id < b.id ? 1 : -1));
}
