//! The `throughcare` command line as a manager or a script uses it: real binary, real files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const PASS: &str = "correct horse battery staple";

fn tc(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_throughcare"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("THROUGHCARE_PASSPHRASE", PASS)
        .env_remove("THROUGHCARE_DB")
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn every_command_has_help() {
    for cmd in [
        vec![],
        vec!["init"],
        vec!["seed"],
        vec!["import", "clients"],
        vec!["export", "json"],
        vec!["verify"],
        vec!["backup"],
        vec!["restore"],
        vec!["info"],
    ] {
        let mut args = cmd.clone();
        args.push("--help");
        let o = Command::new(env!("CARGO_BIN_EXE_throughcare")).args(&args).output().unwrap();
        assert!(o.status.success(), "{cmd:?}");
        assert!(out(&o).contains("Usage: throughcare"), "{cmd:?}");
    }
}

#[test]
fn a_managers_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("org.db");

    let o = tc(&db, &["init", "--org", "Bridges Health Link", "--user", "Morgan Hale"]);
    assert!(o.status.success(), "{}", err(&o));
    let o = tc(&db, &["init"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("already exists"), "{}", err(&o));

    let o = tc(&db, &["seed", "--clients", "40", "--seed", "7"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("Added 40 clients"), "{}", out(&o));

    let o = tc(&db, &["info"]);
    assert!(out(&o).contains("Bridges Health Link"));
    assert!(out(&o).lines().any(|l| l.starts_with("Clients") && l.trim_end().ends_with("40")), "{}", out(&o));

    let o = tc(&db, &["verify"]);
    assert!(o.status.success(), "{}{}", out(&o), err(&o));
    assert!(out(&o).contains("The database is sound"));

    let export = dir.path().join("export");
    let o = tc(&db, &["export", "json", "--out", export.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("NOT encrypted"));
    assert!(
        export.join("schema.md").exists()
            && export.join("clients.json").exists()
            && export.join("ops.json").exists()
    );

    let backup = dir.path().join("org.backup");
    let o = tc(&db, &["backup", "--out", backup.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let restored = dir.path().join("restored.db");
    let o = tc(&restored, &["restore", backup.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("40 clients"), "{}", out(&o));
    let o = tc(&restored, &["restore", backup.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "restoring over a database needs --force");
    let o = tc(&restored, &["restore", "--force", backup.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let again = dir.path().join("export2");
    let o = tc(&restored, &["export", "json", "--out", again.to_str().unwrap()]);
    assert!(o.status.success());
    assert_eq!(fs::read(export.join("clients.json")).unwrap(), fs::read(again.join("clients.json")).unwrap());
}

#[test]
fn wrong_passphrase_and_missing_passphrase_are_plain_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("org.db");
    assert!(tc(&db, &["init"]).status.success());
    let o = Command::new(env!("CARGO_BIN_EXE_throughcare"))
        .arg("--db")
        .arg(&db)
        .arg("info")
        .env("THROUGHCARE_PASSPHRASE", "not the right one")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        err(&o).trim(),
        "throughcare: That name and passphrase do not unlock this database. Check both and try again."
    );
    let o = Command::new(env!("CARGO_BIN_EXE_throughcare"))
        .arg("--db")
        .arg(&db)
        .arg("info")
        .env_remove("THROUGHCARE_PASSPHRASE")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("No passphrase given"), "{}", err(&o));
    let pf = dir.path().join("pass.txt");
    fs::write(&pf, format!("{PASS}\n")).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_throughcare"))
        .arg("--db")
        .arg(&db)
        .arg("--passphrase-file")
        .arg(&pf)
        .arg("info")
        .env_remove("THROUGHCARE_PASSPHRASE")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", err(&o));
    let o =
        Command::new(env!("CARGO_BIN_EXE_throughcare")).args(["seed", "--clients", "many"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "usage errors exit 2");
}

#[test]
fn a_database_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("org.db");
    assert!(tc(&db, &["init"]).status.success());
    let o = tc(&db, &["dev-mark-newer-schema", "--i-understand-this-makes-it-unusable"]);
    assert!(o.status.success(), "{}", err(&o));
    let o = tc(&db, &["info"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("made by a newer version of Throughcare"), "{}", err(&o));
}

#[test]
fn import_reports_bad_rows_by_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("org.db");
    assert!(tc(&db, &["init", "--user", "Morgan Hale"]).status.success());
    let csv = dir.path().join("clients.csv");
    fs::write(
        &csv,
        "Given name,Family name,DOB,NHS number,Justice status,Caseworker\n\
         Siobhán,O'Brien,03/11/1984,943 476 5919,On licence,Morgan Hale\n\
         Kwame,Mensah,1979-06-30,,community_sentence,\n\
         Wei,Chen,31/02/1980,9434765918,,\n",
    )
    .unwrap();
    let o = tc(&db, &["import", "clients", csv.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    assert!(text.contains("Line 4, column 'DOB': '31/02/1980' is not a real date"), "{text}");
    assert!(text.contains("Line 4, column 'NHS number'"), "{text}");
    assert!(text.contains("Nothing was imported"), "{text}");

    let o = tc(&db, &["import", "clients", "--dry-run", csv.to_str().unwrap()]);
    assert!(out(&o).contains("2 good, 1 with problems"), "{}", out(&o));

    let o = tc(&db, &["import", "clients", "--skip-invalid", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("Imported 2 of 3 clients"), "{}", out(&o));
    let rejects = fs::read_to_string(dir.path().join("clients.rejects.csv")).unwrap();
    assert!(rejects.starts_with("line,problem,Given name"), "{rejects}");
    assert!(rejects.contains("4,") && rejects.contains("Wei"), "{rejects}");
    let o = tc(&db, &["info"]);
    assert!(out(&o).lines().any(|l| l.starts_with("Clients") && l.trim_end().ends_with(" 2")), "{}", out(&o));
}

#[test]
fn a_spreadsheet_row_for_someone_already_on_record_is_refused_or_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("org.db");
    assert!(tc(&db, &["init", "--user", "Morgan Hale"]).status.success());
    let first = dir.path().join("first.csv");
    fs::write(&first, "Given name,Family name,DOB,NHS number\nMohammed,Khan,01/04/1990,943 476 5919\n")
        .unwrap();
    assert!(tc(&db, &["import", "clients", first.to_str().unwrap()]).status.success());
    let second = dir.path().join("second.csv");
    fs::write(
        &second,
        "Given name,Family name,DOB,NHS number\n\
         Mo,Khan,02/02/1991,9434765919\n\
         Muhammad,Khan,1990-04-01,\n\
         Muhammad,Khan,1990-04-01,\n\
         Aisha,Begum,1993-07-07,\n",
    )
    .unwrap();
    let o = tc(&db, &["import", "clients", "--skip-invalid", second.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    // The same NHS number: that person, so the row is refused beside its column.
    assert!(
        text.contains("Line 2, column 'NHS number': Same NHS number as someone already on record"),
        "{text}"
    );
    // The same date of birth and another spelling: imported, and flagged (the file's own repeat too).
    assert!(
        text.contains(
            "Line 3: Same date of birth and another spelling of the name as someone already on record"
        ),
        "{text}"
    );
    assert!(text.contains("Line 4: Same date of birth and the same name"), "{text}");
    assert!(!text.contains("Line 5"), "{text}");
    assert!(text.contains("Imported 3 of 4 clients"), "{text}");
}

#[test]
fn the_monthly_summary_is_written_as_json_csv_xlsx_or_pdf_whole_or_not_at_all() {
    let t = tempfile::tempdir().unwrap();
    let db = t.path().join("r.db");
    let p = |n: &str| t.path().join(n).to_str().unwrap().to_owned();
    assert!(
        tc(&db, &["init", "--org", "Bridges Health Link", "--user", "Morgan Hale", "--device", "Office"])
            .status
            .success()
    );
    assert!(tc(&db, &["seed", "--clients", "60", "--seed", "5"]).status.success());
    let today = throughcare_core::time::today_london().format("%Y-%m").to_string();
    let (y, m): (i32, u32) = (today[..4].parse().unwrap(), today[5..].parse().unwrap());
    let month = if m == 1 { format!("{}-12", y - 1) } else { format!("{y}-{:02}", m - 1) };
    let o = tc(&db, &["report", "--month", &month, "--format", "json", "--out", &p("m.json")]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("internal"), "{}", out(&o));
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(p("m.json")).unwrap()).unwrap();
    assert_eq!(json["month"], month.as_str());
    assert!(json["clients"]["active"]["value"].as_u64().unwrap() > 0);
    let o = tc(&db, &["report", "--month", &month, "--external", "--format", "csv", "--out", &p("m.csv")]);
    assert!(o.status.success(), "{}", err(&o));
    let csv = std::fs::read_to_string(p("m.csv")).unwrap();
    assert!(csv.starts_with("organisation,month,scope,audience,provisional,produced_at"));
    assert!(csv.contains("External: numbers from 1 to 4 are shown as <5"));
    // A workbook (a zip) and a PDF, each whole.
    for (format, magic) in [("xlsx", &b"PK\x03\x04"[..]), ("pdf", &b"%PDF-"[..])] {
        let file = p(&format!("m.{format}"));
        let o = tc(&db, &["report", "--month", &month, "--external", "--format", format, "--out", &file]);
        assert!(o.status.success(), "{}", err(&o));
        assert!(std::fs::read(&file).unwrap().starts_with(magic), "{format}");
    }
    // Refused: an existing file, a future month (and no file is left), a team that does not exist.
    let o = tc(&db, &["report", "--month", &month, "--format", "csv", "--out", &p("m.csv")]);
    assert!(!o.status.success() && err(&o).contains("already exists"));
    let o = tc(&db, &["report", "--month", "2099-01", "--format", "csv", "--out", &p("f.csv")]);
    assert!(!o.status.success() && err(&o).contains("has not started yet"), "{}", err(&o));
    assert!(!t.path().join("f.csv").exists());
    let o =
        tc(&db, &["report", "--month", &month, "--team", "Nowhere", "--format", "csv", "--out", &p("g.csv")]);
    assert!(!o.status.success() && err(&o).contains("no team called"), "{}", err(&o));
}

#[test]
fn custody_a_move_and_a_release_are_recorded_and_bad_dates_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("org.db");
    assert!(tc(&db, &["init", "--user", "Morgan Hale"]).status.success());
    let csv = dir.path().join("one.csv");
    fs::write(&csv, "Given name,Family name\nKwame,Mensah\n").unwrap();
    assert!(tc(&db, &["import", "clients", csv.to_str().unwrap()]).status.success());
    let found = out(&tc(&db, &["client", "find", "Mensah"]));
    let id = found.split_whitespace().next().unwrap().to_owned();
    let o = tc(
        &db,
        &["client", "custody", &id, "--kind", "remand", "--prison", "HMP Leeds", "--from", "02/03/2026"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let episode = out(&o).trim_end().trim_end_matches('.').rsplit(' ').next().unwrap().to_owned();
    let o = tc(
        &db,
        &["client", "custody", &id, "--kind", "sentence", "--prison", "HMP Hull", "--from", "2026-04-01"],
    );
    assert!(!o.status.success() && err(&o).contains("already in custody"), "{}", err(&o));
    let o = tc(&db, &["client", "moved", &episode, "--prison", "HMP Wealstun", "--expected", "2026-08-14"]);
    assert!(o.status.success(), "{}", err(&o));
    let o = tc(&db, &["client", "released", &episode, "--on", "2026-03-01", "--status", "on_licence"]);
    assert!(!o.status.success() && err(&o).contains("before they went into custody"), "{}", err(&o));
    let o = tc(
        &db,
        &[
            "client",
            "released",
            &episode,
            "--on",
            "14/08/2026",
            "--status",
            "on_licence",
            "--licence-end",
            "2027-02-13",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("first 14 days are a task"), "{}", out(&o));
    let o = tc(&db, &["client", "released", &episode, "--on", "2026-08-20", "--status", "on_licence"]);
    assert!(!o.status.success() && err(&o).contains("already recorded"), "{}", err(&o));
}

/// Python's own iCalendar reader, as installed by `make setup` (Debian's python3-icalendar).
fn ics_check(file: &Path, forbidden: &[&str]) -> Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/e2e/ics_check.py");
    Command::new("/usr/bin/python3").arg(script).arg(file).args(forbidden).output().expect(
        "/usr/bin/python3 with the icalendar package is needed (run `make setup`, or apt install python3-icalendar)",
    )
}

#[test]
fn a_mentors_calendar_file_is_read_by_a_real_calendar_reader_and_bad_requests_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("org.db");
    assert!(tc(&db, &["init", "--org", "Bridges", "--user", "Morgan Hale"]).status.success());
    let o = tc(&db, &["seed", "--clients", "150", "--seed", "3"]);
    assert!(o.status.success(), "{}", err(&o));
    let today = chrono::Utc::now().date_naive();
    let from = (today - chrono::Days::new(330)).to_string();
    let to = (today + chrono::Days::new(30)).to_string();
    let export = dir.path().join("export");
    assert!(tc(&db, &["export", "json", "--out", export.to_str().unwrap()]).status.success());
    let read = |f: &str| -> Vec<serde_json::Value> {
        serde_json::from_slice::<serde_json::Value>(&fs::read(export.join(f)).unwrap())
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    };
    // The mentor going to the most appointments in the range.
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for a in read("appointments.json") {
        let day = a["starts_at"].as_str().unwrap().get(..10).unwrap().to_owned();
        if let Some(m) = a["planned_mentor_id"].as_str().filter(|_| day >= from && day <= to) {
            *counts.entry(m.to_owned()).or_default() += 1;
        }
    }
    let (busiest, n) = counts.into_iter().max_by_key(|(_, n)| *n).expect("seeded mentors go with people");
    let mentor = read("peer_mentors.json").into_iter().find(|m| m["id"] == busiest.as_str()).unwrap();
    let name = mentor["display_name"].as_str().unwrap().to_lowercase();
    let ics = dir.path().join("mentor.ics");
    let args = ["calendar", "--mentor", &name, "--from", &from, "--to", &to, "--out", ics.to_str().unwrap()];
    let o = tc(&db, &args);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).starts_with(&format!("Wrote {n} appointment")), "{}", out(&o));
    // No surname of any seeded person, service or provider may be in it.
    let surnames: Vec<String> = read("clients.json")
        .iter()
        .filter_map(|c| c["family_name"].as_str().map(str::to_owned))
        .filter(|s| s.len() > 2)
        .collect();
    assert!(surnames.len() >= 100);
    let mut forbidden: Vec<&str> = surnames.iter().map(String::as_str).collect();
    forbidden.extend(["Surgery", "Dr ", "DNA", "Mental"]);
    let checked = ics_check(&ics, &forbidden);
    assert!(checked.status.success(), "{}", err(&checked));
    let events = out(&checked);
    assert_eq!(events.lines().count(), n);
    assert!(events.contains("\"utc_offset\": \"+0000\"") || events.contains("\"utc_offset\": \"+0100\""));

    // Replacing needs --force; a range over a year, or an unknown mentor, writes nothing.
    let o = tc(&db, &args);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("already exists"), "{}", err(&o));
    let other = dir.path().join("other.ics");
    let long = tc(
        &db,
        &[
            "calendar",
            "--mentor",
            &name,
            "--from",
            "2026-01-01",
            "--to",
            "2027-01-05",
            "--out",
            other.to_str().unwrap(),
        ],
    );
    assert_eq!(long.status.code(), Some(1));
    assert!(err(&long).contains("at most a year"), "{}", err(&long));
    let nobody = tc(
        &db,
        &[
            "calendar",
            "--mentor",
            "Nobody Here",
            "--from",
            &from,
            "--to",
            &to,
            "--out",
            other.to_str().unwrap(),
        ],
    );
    assert!(err(&nobody).contains("There is no peer mentor called 'Nobody Here'"), "{}", err(&nobody));
    assert!(!other.exists());
    // A caseworker's calendar too.
    let o = tc(
        &db,
        &[
            "calendar",
            "--caseworker",
            "Morgan Hale",
            "--from",
            &from,
            "--to",
            &to,
            "--out",
            other.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(ics_check(&other, &[]).status.success());
}

/// Every file a day's work leaves behind (database, key file, backup, restored copy, sync file,
/// invitation, reports, export, rejected rows) is readable by its owner only, whatever the umask,
/// and no half-written piece is left beside it.
#[cfg(unix)]
#[test]
fn a_days_work_leaves_only_private_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).to_str().unwrap().to_owned();
    let db = dir.path().join("org.db");
    let ok = |db: &Path, args: &[&str]| {
        let o = tc(db, args);
        assert!(o.status.success(), "{args:?}: {}", err(&o));
    };
    ok(&db, &["init", "--org", "Bridges", "--user", "Morgan Hale", "--device", "Office"]);
    ok(&db, &["seed", "--clients", "30", "--seed", "4"]);
    let ours = dir.path().join("clients.csv");
    fs::write(&ours, "Given name,Family name,DOB\nAda,Okafor,1980-02-03\nBen,Ross,31/02/1980\n").unwrap();
    ok(&db, &["import", "clients", "--skip-invalid", ours.to_str().unwrap()]);
    assert!(dir.path().join("clients.rejects.csv").exists());
    let month = chrono::Utc::now().format("%Y-%m").to_string();
    for format in ["csv", "json", "xlsx", "pdf"] {
        ok(&db, &["report", "--month", &month, "--format", format, "--out", &p(&format!("month.{format}"))]);
    }
    ok(&db, &["export", "json", "--out", &p("export")]);
    ok(&db, &["backup", "--out", &p("office.tcbak")]);
    ok(&dir.path().join("restored.db"), &["restore", &p("office.tcbak")]);
    let args = ["invite", "--out", &p("sam.invite"), "--device-name", "Sam's laptop", "--for", "Sam Patel"];
    ok(&db, &args);
    ok(&db, &["bundle", "export", "--all", "--out", &p("office.tcsync")]);
    let found = tc(&db, &["client", "find", "Okafor"]);
    let id = String::from_utf8_lossy(&found.stdout).split_whitespace().next().unwrap().to_owned();
    ok(&db, &["subject-access", &id, "--out", &p("for-ada")]);
    ok(&db, &["client", "erase", &id, "--yes-erase-this-person"]);
    assert!(dir.path().join("org.db.erasures").exists(), "the erasure register is not beside the database");

    let mut seen = 0;
    let mut stack = vec![dir.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(!name.ends_with(".part"), "a half-written piece was left: {name}");
            if path.is_dir() {
                assert_eq!(mode, 0o700, "{} is a folder others can open", path.display());
                stack.push(path);
            } else if path != ours {
                assert_eq!(mode, 0o600, "{} can be read by others ({mode:o})", path.display());
                seen += 1;
            }
        }
    }
    // The database and its key file twice, the rejected rows, four reports, the export's files, the
    // backup, the invitation, the sync file, the subject access PDF and JSON and the erasure register.
    assert!(seen >= 18, "only {seen} files were written");
}

#[test]
fn a_reader_that_stops_early_stops_the_command_quietly() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("org.db");
    let o = tc(&db, &["init", "--org", "Bridges", "--user", "Morgan Hale", "--device", "Office"]);
    assert!(o.status.success());
    assert!(tc(&db, &["seed", "--clients", "30", "--seed", "2"]).status.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_throughcare"))
        .arg("--db")
        .arg(&db)
        .args(["client", "find", "a"])
        .env("THROUGHCARE_PASSPHRASE", PASS)
        .env_remove("THROUGHCARE_DB")
        .env_remove("THROUGHCARE_USER")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Like `| head -0`: the reader goes away before anything is read.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!said.contains("panicked") && !said.contains("backtrace"), "{said}");
    assert_eq!(out.status.code(), Some(141));
}
