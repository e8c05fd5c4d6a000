#!/usr/bin/python3
"""Reads a Throughcare calendar file the way a phone's calendar would (Python's icalendar package)
and checks what it must and must not hold. Prints one JSON object per event (uid, sequence, start on
the London clock, status, summary, location) for the caller to compare across exports.

Usage: ics_check.py FILE.ics [WORD ...]   (each WORD must not appear anywhere in the file)
Exits 1 with a sentence on the first problem.
"""
import json
import os
import re
import stat
import sys

from icalendar import Calendar

SUMMARY = re.compile(r"^Appointment (with|for) (\w\.|someone)( \(go with them\))?$")
HEALTH_WORDS = ["GP", "mental health", "drug", "alcohol", "dental", "maternity", "sexual health",
                "hospital", "outpatient", "talking therapies", "pharmacy", "optician", "support need"]


def fail(msg):
    print(f"ics_check: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    path, forbidden = sys.argv[1], sys.argv[2:]
    mode = stat.S_IMODE(os.stat(path).st_mode)
    if mode != 0o600:
        fail(f"{path} is readable by others (mode {oct(mode)}), not 0600")
    raw = open(path, "rb").read()
    text = raw.decode("utf-8")
    if "\r\n" not in text or any(len(line.encode()) > 75 for line in text.split("\r\n")):
        fail("lines must end CRLF and be folded at 75 octets")
    for word in forbidden:
        if word and word in text:
            fail(f"the file holds '{word}', which must not leave Throughcare")
    cal = Calendar.from_ical(raw)
    if str(cal.get("VERSION")) != "2.0" or not cal.get("PRODID"):
        fail("VERSION 2.0 and PRODID are required")
    zones = [str(z.get("TZID")) for z in cal.walk("VTIMEZONE")]
    if zones != ["Europe/London"]:
        fail(f"expected one Europe/London time zone, found {zones}")
    seen = set()
    for ev in cal.walk("VEVENT"):
        uid = str(ev.get("UID"))
        if not uid.endswith("@throughcare") or uid in seen:
            fail(f"UID {uid} is not a stable, unique Throughcare id")
        seen.add(uid)
        summary = str(ev.get("SUMMARY"))
        if not SUMMARY.match(summary):
            fail(f"SUMMARY '{summary}' says more than an initial")
        if ev.get("DESCRIPTION") is not None:
            fail("an event has a DESCRIPTION: no detail may leave Throughcare")
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        zone = getattr(start.tzinfo, "zone", None) or str(start.tzinfo)
        if zone != "Europe/London":
            fail(f"DTSTART of {uid} is in {zone}, not Europe/London")
        if end <= start:
            fail(f"{uid} ends before it starts")
        status = str(ev.get("STATUS"))
        if status not in ("CONFIRMED", "CANCELLED"):
            fail(f"STATUS {status}")
        seq = int(ev.get("SEQUENCE"))
        if seq < 0:
            fail("SEQUENCE below 0")
        # The place may be a hospital; the title never says what the appointment is for.
        for w in HEALTH_WORDS:
            if w.lower() in summary.lower():
                fail(f"'{w}' in the title of {uid}")
        print(json.dumps({
            "uid": uid,
            "sequence": seq,
            "start": start.strftime("%Y-%m-%d %H:%M"),
            "utc_offset": start.strftime("%z"),
            "status": status,
            "summary": summary,
            "location": str(ev.get("LOCATION", "")),
        }))


main()
