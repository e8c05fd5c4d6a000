import { describe, expect, it } from "vitest";
import type { DeviceSummary, ImportReport, KnownDevice } from "../../src/lib/types";
import {
  count,
  deviceName,
  deviceStatus,
  devicesForTable,
  fileSize,
  invitationDaysLabel,
  invitationLasts,
  lastFile,
  mayRevoke,
  otherDevices,
  percent,
  previewSummary,
  reportLines,
  reportTitle,
  sendTargets,
  sideByline,
} from "../../src/lib/sync";

const report = (r: Partial<ImportReport>): ImportReport => ({
  sender: "0192f1d2-0000-7000-8000-00000000abcdef",
  sender_name: "Sam's laptop",
  received: 0,
  applied: 0,
  already_had: 0,
  new_records: 0,
  changed_records: 0,
  new_conflicts: 0,
  open_conflicts: 0,
  quarantined: 0,
  released: 0,
  set_aside: 0,
  audit_entries: 0,
  ...r,
});

describe("numbers in words", () => {
  it("groups thousands and says one or many", () => {
    expect(count(1, "change")).toBe("1 change");
    expect(count(1366, "change")).toBe("1,366 changes");
    expect(count(0, "conflict")).toBe("0 conflicts");
  });
  it("says how big a file is", () => {
    expect(fileSize(820)).toBe("820 bytes");
    expect(fileSize(245_300)).toBe("245 KB");
    expect(fileSize(1_234_567)).toBe("1.2 MB");
  });
  it("turns progress into a percentage that never leaves 0 to 100", () => {
    expect(percent(null)).toBe(0);
    expect(percent({ done: 0, total: 0 })).toBe(0);
    expect(percent({ done: 1, total: 3 })).toBe(33);
    expect(percent({ done: 5, total: 4 })).toBe(100);
  });
});

describe("a sync file before it is imported", () => {
  it("says who wrote it, how much it holds and when, in London time", () => {
    expect(
      previewSummary({
        sender: "x",
        sender_name: "Sam's laptop",
        created_at: "2026-11-22T14:03:00Z",
        ops: 1366,
        needs_passphrase: false,
      }),
    ).toBe("From Sam's laptop: 1,366 changes, written Sun 22 November 2026 at 14:03.");
    // Summer time: 13:03 UTC is 14:03 in London.
    expect(
      previewSummary({ sender: "x", sender_name: "Sam's laptop", created_at: "2026-06-01T13:03:00Z", ops: 1, needs_passphrase: true }),
    ).toContain("1 change, written Mon 1 June 2026 at 14:03");
  });
  it("names a device it does not know by the end of its id", () => {
    expect(deviceName(null, "0192f1d2-aaaa-7000-8000-0000001a2b3c")).toBe(
      "a computer this one does not know yet (…1a2b3c)",
    );
  });
});

describe("what an import did", () => {
  it("says plainly when nothing was new", () => {
    const lines = reportLines(report({ received: 40, already_had: 40 }));
    expect(lines).toEqual([{ text: "Nothing new: this computer already had all 40 changes in the file.", tone: "ok" }]);
  });
  it("counts new changes and records, and points at new conflicts", () => {
    const lines = reportLines(
      report({ received: 1366, applied: 1200, already_had: 166, new_records: 3, changed_records: 12, new_conflicts: 2, open_conflicts: 2 }),
    );
    expect(lines.map((l) => l.text)).toEqual([
      "1,200 new changes applied, of 1,366 changes in the file; 166 were already here.",
      "3 records added and 12 records changed.",
      "2 new conflicts: someone changed the same thing on two computers. Choose which version to keep under “Conflicts”.",
    ]);
    expect(lines[2].tone).toBe("warn");
    expect(reportTitle(report({}))).toBe("Imported from Sam's laptop");
  });
  it("reminds about conflicts from before when none are new", () => {
    const lines = reportLines(report({ received: 2, applied: 2, changed_records: 1, open_conflicts: 1 }));
    expect(lines.at(-1)?.text).toBe("No new conflicts, but 1 conflict from before still waits for you under “Conflicts”.");
  });
  it("explains changes held back for a clock that is ahead, and ones let through later", () => {
    const lines = reportLines(report({ received: 5, applied: 0, quarantined: 5, released: 0 }));
    expect(lines.map((l) => l.text).join(" ")).toContain(
      "5 changes are held back because they are dated more than an hour ahead of this computer's clock. Check the date and time on both computers",
    );
    expect(lines.every((l) => !l.text.startsWith("Nothing new"))).toBe(true);
    const later = reportLines(report({ received: 1, applied: 1, released: 1 }));
    expect(later.map((l) => l.text)).toContain("1 change held back from an earlier file has now been applied.");
  });
});

describe("conflicts and devices", () => {
  it("says who made a version, on which computer and when", () => {
    const side = { value: "07700 900123", shown: "07700 900123", author: "Sam Patel", device: "Sam's laptop", this_device: true, at: "2026-11-22T14:03:00Z" };
    expect(sideByline(side)).toBe("By Sam Patel on Sam's laptop (this computer), Sun 22 November 2026 at 14:03");
    expect(sideByline({ ...side, this_device: false })).toBe("By Sam Patel on Sam's laptop, Sun 22 November 2026 at 14:03");
  });
  it("lists the other devices, named ones first, and when each last sent a file", () => {
    const summary: DeviceSummary = {
      device_id: "me",
      device_name: "Office PC",
      organisation_id: "o",
      organisation_name: "Bridges",
      fingerprint: "AAAA-BBBB-CCCC-DDDD",
      schema_version: 1,
      clock: "",
      quarantined: 0,
      open_conflicts: 0,
      devices: [
        { device_id: "me", name: "Office PC", fingerprint: null, changes_held: 10, last_file_at: null, revoked_at: null, joined: true, invite_expires_at: null },
        { device_id: "zz9", name: null, fingerprint: null, changes_held: 3, last_file_at: null, revoked_at: null, joined: true, invite_expires_at: null },
        { device_id: "b", name: "Sam's laptop", fingerprint: null, changes_held: 5, last_file_at: "2026-11-22T14:03:00Z", revoked_at: null, joined: true, invite_expires_at: null },
        { device_id: "a", name: "Alex's laptop", fingerprint: null, changes_held: 0, last_file_at: null, revoked_at: null, joined: true, invite_expires_at: null },
      ],
    };
    expect(otherDevices(summary).map((d) => d.device_id)).toEqual(["a", "b", "zz9"]);
    expect(devicesForTable(summary).map((d) => d.device_id)).toEqual(["me", "a", "b", "zz9"]);
    expect(lastFile(summary.devices[0], "me")).toBe("–");
    expect(lastFile(summary.devices[2], "me")).toBe("Sun 22 November 2026 at 14:03");
    expect(lastFile(summary.devices[3], "me")).toBe("No file from it yet");
    // A revoked computer stays in the table but is not offered as one to make a sync file for.
    const revoked: DeviceSummary = {
      ...summary,
      devices: summary.devices.map((d) => (d.device_id === "b" ? { ...d, revoked_at: "2026-11-21T09:00:00Z" } : d)),
    };
    expect(devicesForTable(revoked).map((d) => d.device_id)).toEqual(["me", "a", "b", "zz9"]);
    expect(sendTargets(revoked).map((d) => d.device_id)).toEqual(["a", "zz9"]);
  });
});

describe("what an import set aside", () => {
  it("says changes from a revoked computer were not applied, as a warning", () => {
    const lines = reportLines(report({ received: 10, applied: 7, set_aside: 3 }));
    const last = lines.at(-1);
    expect(last).toEqual({
      text: "3 changes were set aside and not applied: they came from a computer that a manager has revoked.",
      tone: "warn",
    });
    const one = reportLines(report({ received: 1, applied: 0, set_aside: 1 }));
    expect(one.map((l) => l.text)).toContain(
      "1 change was set aside and not applied: it came from a computer that a manager has revoked.",
    );
  });
  it("says nothing about it when nothing was set aside", () => {
    const lines = reportLines(report({ received: 2, applied: 2, changed_records: 1 }));
    expect(lines.some((l) => l.text.includes("set aside"))).toBe(false);
  });
});

describe("a device's status", () => {
  const device = (d: Partial<KnownDevice>): KnownDevice => ({
    device_id: "b",
    name: "Sam's laptop",
    fingerprint: null,
    changes_held: 0,
    last_file_at: null,
    revoked_at: null,
    joined: true,
    invite_expires_at: null,
    ...d,
  });
  const now = new Date("2026-11-20T10:00:00Z");

  it("says nothing for a computer that has joined and is trusted", () => {
    expect(deviceStatus(device({}), now)).toBe("");
    expect(deviceStatus(device({ invite_expires_at: "2026-11-10T10:00:00Z" }), now)).toBe("");
    // Not joined, but with no invitation on record (known only from its changes): nothing to say.
    expect(deviceStatus(device({ joined: false }), now)).toBe("");
  });
  it("says when a manager revoked it, in London time, whatever else is true", () => {
    expect(deviceStatus(device({ revoked_at: "2026-12-01T12:00:00Z" }), now)).toBe(
      "Revoked on Tue 1 December 2026 at 12:00 — its files are refused",
    );
    // Summer time: 11:30 UTC is 12:30 in London.
    expect(deviceStatus(device({ revoked_at: "2026-06-01T11:30:00Z", joined: false, invite_expires_at: "2026-06-02T11:00:00Z" }), now)).toBe(
      "Revoked on Mon 1 June 2026 at 12:30 — its files are refused",
    );
  });
  it("says until when an invitation works, and when it ran out unused", () => {
    const invited = device({ joined: false, invite_expires_at: "2026-11-27T10:00:00Z" });
    expect(deviceStatus(invited, now)).toBe("Invited, not joined yet — the invitation works until Fri 27 November 2026 at 10:00");
    expect(deviceStatus(invited, new Date("2026-11-27T09:59:59Z"))).toContain("Invited, not joined yet");
    expect(deviceStatus(invited, new Date("2026-11-27T10:00:00Z"))).toBe(
      "Invitation expired on Fri 27 November 2026 at 10:00 without being used",
    );
  });
  it("offers revoking only for another computer not revoked already", () => {
    expect(mayRevoke(device({}), "me")).toBe(true);
    expect(mayRevoke(device({ device_id: "me" }), "me")).toBe(false);
    expect(mayRevoke(device({ revoked_at: "2026-11-19T10:00:00Z" }), "me")).toBe(false);
  });
});

describe("an invitation", () => {
  it("names how long it may work and says until when it works", () => {
    expect([1, 3, 7, 14, 30].map(invitationDaysLabel)).toEqual([
      "1 day",
      "3 days",
      "7 days (a week)",
      "14 days (two weeks)",
      "30 days",
    ]);
    expect(invitationLasts("2026-11-27T10:00:00Z")).toBe("It works once, until Fri 27 November 2026 at 10:00.");
  });
});
