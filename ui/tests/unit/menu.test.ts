import { describe, expect, it } from "vitest";
import type { Abilities } from "../../src/lib/types";
import { mayOpen, menuFor, startScreen } from "../../src/lib/menu";

const none: Abilities = {
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
const manager: Abilities = { ...none, clients: true, referrals: true, mentors: true, sync: true, manage_people: true, audit: true, settings: true, reports: true };
const caseworker: Abilities = { ...none, clients: true, referrals: true, mentors: true, sync: true, reports: true };
const mentor: Abilities = { ...none, mentor_home: true };

const labels = (can: Abilities | null) => menuFor(can).map((m) => m.label);

describe("the main navigation follows what core says the role may use", () => {
  it("gives a manager everything but a peer mentor's own view", () => {
    expect(labels(manager)).toEqual(["Today", "Calendar", "Tasks", "Clients", "Referrals", "Services", "Peer mentors", "Reports", "Sync", "Users", "Audit", "Settings"]);
    expect(startScreen(manager)).toBe("today");
  });
  it("gives a caseworker Tasks, and no Users or Audit", () => {
    expect(labels(caseworker)).toEqual(["Today", "Calendar", "Tasks", "Clients", "Referrals", "Services", "Peer mentors", "Reports", "Sync", "Settings"]);
    expect(mayOpen("tasks", caseworker)).toBe(true);
    expect(mayOpen("services", caseworker)).toBe(true);
  });
  it("gives a peer mentor their week in place of Today, when they are free, and Settings", () => {
    expect(labels(mentor)).toEqual(["My week", "When I'm free", "Settings"]);
    expect(startScreen(mentor)).toBe("my_week");
    expect(mayOpen("my_availability", mentor)).toBe(true);
    expect(mayOpen("calendar", mentor)).toBe(false);
  });
  it("offers only Today and Settings when the app has not said", () => {
    expect(labels(null)).toEqual(["Today", "Settings"]);
    expect(startScreen(null)).toBe("today");
  });
  it("counts a client's record as under Clients, and refuses screens not in the menu", () => {
    expect(mayOpen("client", caseworker)).toBe(true);
    expect(mayOpen("client", mentor)).toBe(false);
    expect(mayOpen("mentor", mentor)).toBe(false);
    expect(mayOpen("users", caseworker)).toBe(false);
    expect(mayOpen("settings", mentor)).toBe(true);
    expect(mayOpen("tasks", mentor)).toBe(false);
    expect(mayOpen("services", mentor)).toBe(false);
  });
});
