// Words for the Sync screen: what a sync file holds, what an import did, and the devices this one knows.
// Every number comes from the app; this file only puts it into plain English.
import type { BundlePreview, ConflictSide, DeviceSummary, ImportReport, KnownDevice, Progress } from "./types";
import { formatDateTime, parseInstant } from "./time";
import { thousands } from "./names";

/** "1 change", "1,366 changes". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${thousands(n)} ${n === 1 ? one : many}`;
}

/** The last six characters of a device id, for a device this one has no name for. */
export function shortId(id: string): string {
  return id.slice(-6);
}

/** A device by name, or in words when this computer does not know its name yet. */
export function deviceName(name: string | null, id: string): string {
  return name ?? `a computer this one does not know yet (…${shortId(id)})`;
}

/** What a chosen sync file holds, in one sentence. */
export function previewSummary(p: BundlePreview): string {
  return `From ${deviceName(p.sender_name, p.sender)}: ${count(p.ops, "change")}, written ${formatDateTime(p.created_at)}.`;
}

export type ReportLine = { text: string; tone: "plain" | "ok" | "warn" };

/** What an import did, line by line, with what to do next where something needs a person. */
export function reportLines(r: ImportReport): ReportLine[] {
  const lines: ReportLine[] = [];
  if (r.applied === 0 && r.quarantined === 0 && r.released === 0) {
    lines.push({
      text: `Nothing new: this computer already had all ${count(r.received, "change")} in the file.`,
      tone: "ok",
    });
  } else {
    const had = r.already_had > 0 ? `; ${thousands(r.already_had)} were already here` : "";
    lines.push({
      text: `${count(r.applied, "new change")} applied, of ${count(r.received, "change")} in the file${had}.`,
      tone: "ok",
    });
    if (r.new_records > 0 || r.changed_records > 0) {
      lines.push({
        text: `${count(r.new_records, "record")} added and ${count(r.changed_records, "record")} changed.`,
        tone: "plain",
      });
    }
  }
  if (r.released > 0) {
    lines.push({
      text: `${count(r.released, "change")} held back from an earlier file ${r.released === 1 ? "has" : "have"} now been applied.`,
      tone: "plain",
    });
  }
  if (r.new_conflicts > 0) {
    lines.push({
      text: `${count(r.new_conflicts, "new conflict")}: someone changed the same thing on two computers. Choose which version to keep under “Conflicts”.`,
      tone: "warn",
    });
  } else if (r.open_conflicts > 0) {
    lines.push({
      text: `No new conflicts, but ${count(r.open_conflicts, "conflict")} from before still ${r.open_conflicts === 1 ? "waits" : "wait"} for you under “Conflicts”.`,
      tone: "warn",
    });
  }
  if (r.quarantined > 0) {
    lines.push({
      text: `${count(r.quarantined, "change")} ${r.quarantined === 1 ? "is" : "are"} held back because ${r.quarantined === 1 ? "it is" : "they are"} dated more than an hour ahead of this computer's clock. Check the date and time on both computers; held-back changes are tried again at the next import.`,
      tone: "warn",
    });
  }
  if (r.set_aside > 0) {
    lines.push({
      text: `${count(r.set_aside, "change")} ${r.set_aside === 1 ? "was" : "were"} set aside and not applied: ${r.set_aside === 1 ? "it" : "they"} came from a computer that a manager has revoked.`,
      tone: "warn",
    });
  }
  return lines;
}

/** A heading for an import's summary. */
export function reportTitle(r: ImportReport): string {
  return `Imported from ${deviceName(r.sender_name, r.sender)}`;
}

/** How far an import has got, 0 to 100. */
export function percent(p: Progress | null): number {
  if (!p || p.total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.round((p.done * 100) / p.total)));
}

/** A file's size in words: 820 bytes, 245 KB, 1.2 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1000) return `${thousands(bytes)} bytes`;
  if (bytes < 1_000_000) return `${thousands(Math.round(bytes / 1000))} KB`;
  if (bytes < 1_000_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${(bytes / 1_000_000_000).toFixed(1)} GB`;
}

/** Who made one version of a conflict, where and when. */
export function sideByline(s: ConflictSide): string {
  const where = s.this_device ? `${s.device} (this computer)` : s.device;
  return `By ${s.author} on ${where}, ${formatDateTime(s.at)}`;
}

/** The other devices, for "only what this device has not seen": named ones first, by name. */
export function otherDevices(summary: DeviceSummary): KnownDevice[] {
  return summary.devices
    .filter((d) => d.device_id !== summary.device_id)
    .sort((a, b) => {
      if (!!a.name !== !!b.name) return a.name ? -1 : 1;
      return (a.name ?? a.device_id).localeCompare(b.name ?? b.device_id, "en-GB");
    });
}

/** The computers a sync file may be made for: the others, less any a manager has revoked (their files are refused). */
export function sendTargets(summary: DeviceSummary): KnownDevice[] {
  return otherDevices(summary).filter((d) => !d.revoked_at);
}

/** Every device for the table: this one first, then the others as `otherDevices` orders them. */
export function devicesForTable(summary: DeviceSummary): KnownDevice[] {
  const me = summary.devices.filter((d) => d.device_id === summary.device_id);
  return [...me, ...otherDevices(summary)];
}

/** When a device last sent this one a file. */
export function lastFile(d: KnownDevice, thisDevice: string): string {
  if (d.device_id === thisDevice) return "–";
  return d.last_file_at ? formatDateTime(d.last_file_at) : "No file from it yet";
}

/**
 * Where a device stands, in words, for the devices table: revoked, invited but not joined yet, or its
 * invitation ran out unused. Empty for a computer that has joined and is trusted. `now` is the current time.
 */
export function deviceStatus(d: KnownDevice, now: Date): string {
  if (d.revoked_at) return `Revoked on ${formatDateTime(d.revoked_at)} — its files are refused`;
  if (d.joined || !d.invite_expires_at) return "";
  const ends = parseInstant(d.invite_expires_at);
  if (ends && ends.getTime() <= now.getTime()) {
    return `Invitation expired on ${formatDateTime(d.invite_expires_at)} without being used`;
  }
  return `Invited, not joined yet — the invitation works until ${formatDateTime(d.invite_expires_at)}`;
}

/** Whether a manager may revoke a device from this one: any other computer not revoked already. */
export function mayRevoke(d: KnownDevice, thisDevice: string): boolean {
  return d.device_id !== thisDevice && !d.revoked_at;
}

/** How long an invitation may work, for the invite dialog's choice: 7 days unless the manager chooses. */
export const INVITATION_DAYS = [1, 3, 7, 14, 30] as const;
export const DEFAULT_INVITATION_DAYS = 7;

/** A choice of how long an invitation works, in words: "1 day", "7 days (a week)". */
export function invitationDaysLabel(days: number): string {
  const extra: Record<number, string> = { 7: " (a week)", 14: " (two weeks)" };
  return `${count(days, "day")}${extra[days] ?? ""}`;
}

/** When a saved invitation stops working: "It works once, until Fri 27 November 2026 at 10:00." */
export function invitationLasts(expires_at: string): string {
  return `It works once, until ${formatDateTime(expires_at)}.`;
}
