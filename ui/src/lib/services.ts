// How the Services screen words the directory core keeps: waits, who is waiting, closed services, and the
// filters. Core works out every wait; this only says it.
import type { ServiceFields, ServiceRow } from "./types";
import { formatDate } from "./time";

/** "1 day", "12 days", "12.5 days" (a median of an even number of waits can fall between two days). */
export function daysWords(n: number): string {
  const shown = n.toLocaleString("en-GB", { maximumFractionDigits: 1 });
  return `${shown} ${n === 1 ? "day" : "days"}`;
}

/**
 * "Median wait from referral to first appointment: 12 days (over 5 referrals in the last 12 months)", or
 * that none is recorded. Core counts the first appointments of the last 12 months.
 */
export function waitWords(row: Pick<ServiceRow, "median_wait_days" | "waits_counted">): string {
  if (row.median_wait_days === null || row.waits_counted === 0) return "No waits recorded in the last 12 months";
  const over = row.waits_counted === 1 ? "over 1 referral" : `over ${row.waits_counted} referrals`;
  return `Median wait from referral to first appointment: ${daysWords(row.median_wait_days)} (${over} in the last 12 months)`;
}

/** "3 waiting now" (referrals sent and not yet at a first appointment), or "Nobody waiting now". */
export function waitingWords(n: number): string {
  return n === 0 ? "Nobody waiting now" : `${n} waiting now`;
}

/** "Closed since 3 March 2026", or null while the service is open. */
export function closedWords(closedOn: string | null): string | null {
  return closedOn ? `Closed since ${formatDate(closedOn, "plain")}` : null;
}

/** "1 service", "8 services". */
export function serviceCount(n: number): string {
  return n === 1 ? "1 service" : `${n} services`;
}

/** Text folded for matching what is typed: case, accents and extra spaces do not count. */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ł/g, "l")
    .replace(/Ł/g, "L")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** The services of a kind ("" for any) whose name holds the words typed, in the order core gave them. */
export function filterServices(rows: ServiceRow[], kind: string, name: string): ServiceRow[] {
  const words = fold(name).split(" ").filter(Boolean);
  return rows.filter((r) => {
    if (kind && r.service.service_type !== kind) return false;
    const have = fold(r.service.name);
    return words.every((w) => have.includes(w));
  });
}

/** The form's text boxes for a service: empty text for a field not recorded. */
export type ServiceForm = {
  name: string;
  service_type: string;
  area: string;
  phone: string;
  email: string;
  address: string;
  referral_route: string;
  notes: string;
};

export const SERVICE_TEXT = ["name", "area", "phone", "email", "address", "referral_route", "notes"] as const;

/** The form's starting values for a service (or a new one). */
export function serviceForm(s: ServiceFields | null): ServiceForm {
  return {
    name: s?.name ?? "",
    service_type: s?.service_type ?? "",
    area: s?.area ?? "",
    phone: s?.phone ?? "",
    email: s?.email ?? "",
    address: s?.address ?? "",
    referral_route: s?.referral_route ?? "",
    notes: s?.notes ?? "",
  };
}
