// What the main navigation offers, from what core says the person's role lets them use (AppStatus.can).
// Core decides the abilities; this only turns them into links and a first screen.
import type { Abilities } from "./types";

export type MenuScreen =
  | "today"
  | "calendar"
  | "tasks"
  | "my_week"
  | "my_availability"
  | "clients"
  | "referrals"
  | "services"
  | "mentors"
  | "reports"
  | "sync"
  | "users"
  | "audit"
  | "settings";

export type MenuItem = {
  screen: MenuScreen;
  label: string;
  /** The link's id, where tests and skip links use one. */
  id?: string;
  /** The screens that count as "here" for this link (a client's record is under Clients). */
  current: string[];
};

const ALL: (MenuItem & { shown: (can: Abilities) => boolean })[] = [
  // A peer mentor's own view takes the place of Today: Today is built around client records they cannot open.
  { screen: "today", label: "Today", current: ["today"], shown: (can) => !can.mentor_home },
  // The week calendar: a caseworker's or manager's own, a peer mentor's, a colleague's or the team's.
  { screen: "calendar", label: "Calendar", id: "nav-calendar", current: ["calendar"], shown: (can) => can.clients && !can.mentor_home },
  // Tasks are for caseworkers and managers, who work from client records; peer mentors do not see tasks.
  { screen: "tasks", label: "Tasks", id: "nav-tasks", current: ["tasks"], shown: (can) => can.clients && !can.mentor_home },
  // A peer mentor's own week, with the people linked to them; and when they are free.
  { screen: "my_week", label: "My week", id: "nav-my-week", current: ["my_week"], shown: (can) => can.mentor_home },
  { screen: "my_availability", label: "When I'm free", id: "nav-my-availability", current: ["my_availability"], shown: (can) => can.mentor_home },
  { screen: "clients", label: "Clients", current: ["clients", "client"], shown: (can) => can.clients },
  { screen: "referrals", label: "Referrals", id: "nav-referrals", current: ["referrals"], shown: (can) => can.referrals },
  // The service directory: caseworkers read it (a manager keeps it); peer mentors do not refer people.
  { screen: "services", label: "Services", id: "nav-services", current: ["services"], shown: (can) => can.clients && !can.mentor_home },
  { screen: "mentors", label: "Peer mentors", id: "nav-mentors", current: ["mentors", "mentor"], shown: (can) => can.mentors },
  { screen: "reports", label: "Reports", id: "nav-reports", current: ["reports"], shown: (can) => can.reports },
  { screen: "sync", label: "Sync", id: "nav-sync", current: ["sync"], shown: (can) => can.sync },
  { screen: "users", label: "Users", id: "nav-users", current: ["users"], shown: (can) => can.manage_people },
  { screen: "audit", label: "Audit", id: "nav-audit", current: ["audit"], shown: (can) => can.audit },
  { screen: "settings", label: "Settings", id: "nav-settings", current: ["settings"], shown: () => true },
];

const NOTHING: Abilities = {
  clients: false,
  referrals: false,
  mentors: false,
  sync: false,
  manage_people: false,
  audit: false,
  settings: false,
  mentor_home: false,
  reports: false,
  erase: false,
  subject_access: false,
};

/** The links in the main navigation, in order. */
export function menuFor(can: Abilities | null): MenuItem[] {
  const c = can ?? NOTHING;
  return ALL.filter((item) => item.shown(c)).map(({ screen, label, id, current }) => ({ screen, label, id, current }));
}

/** The screen the app opens on after unlocking. */
export function startScreen(can: Abilities | null): "today" | "my_week" {
  return can?.mentor_home ? "my_week" : "today";
}

/** Whether a screen (by name) is one this person's menu leads to. */
export function mayOpen(screen: string, can: Abilities | null): boolean {
  return menuFor(can).some((item) => item.current.includes(screen));
}
