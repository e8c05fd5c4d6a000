//! The command line acts as a named person: each sees and exports only what they may, a removed
//! person is refused, and a passphrase change killed at any moment leaves a passphrase that works.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const PASS: &str = "correct horse battery staple";
const ALEX: &str = "kettle violet harbour lamp";
const DEAN: &str = "staple gun lighthouse moor";

fn tc_as(db: &Path, user: Option<&str>, pass: &str, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_throughcare"));
    c.arg("--db").arg(db).args(args).env("THROUGHCARE_PASSPHRASE", pass);
    c.env_remove("THROUGHCARE_DB").env_remove("THROUGHCARE_USER").env_remove("THROUGHCARE_NEW_PASSPHRASE");
    if let Some(u) = user {
        c.env("THROUGHCARE_USER", u);
    }
    c.output().unwrap()
}

fn ok(o: Output) -> String {
    assert!(o.status.success(), "failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn unlock_here(db: &Path, who: &str, their_pass: &str) {
    let o = Command::new(env!("CARGO_BIN_EXE_throughcare"))
        .arg("--db")
        .arg(db)
        .args(["user", "unlock-here", who])
        .env("THROUGHCARE_PASSPHRASE", PASS)
        .env("THROUGHCARE_USER", "Morgan Hale")
        .env("THROUGHCARE_NEW_PASSPHRASE", their_pass)
        .env_remove("THROUGHCARE_DB")
        .output()
        .unwrap();
    ok(o);
}

fn exported_clients(db: &Path, user: &str, pass: &str, dir: &Path) -> Vec<serde_json::Value> {
    let out = dir.join(format!("export-{}", user.replace(' ', "-")));
    ok(tc_as(db, Some(user), pass, &["export", "json", "--out", out.to_str().unwrap()]));
    serde_json::from_str(&std::fs::read_to_string(out.join("clients.json")).unwrap()).unwrap()
}

#[test]
fn each_person_on_the_command_line_sees_only_their_own_scope() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("org.db");
    ok(tc_as(&db, Some("Morgan Hale"), PASS, &["init", "--org", "Bridges Health Link"]));
    ok(tc_as(&db, None, PASS, &["seed", "--clients", "60", "--seed", "3"]));
    unlock_here(&db, "Alex Morgan", ALEX);
    unlock_here(&db, "Dean Holloway", DEAN);
    // With three people able to unlock it, a name is needed.
    let o = tc_as(&db, None, PASS, &["info"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--user NAME"));
    let list = ok(tc_as(&db, Some("Morgan Hale"), PASS, &["user", "list"]));
    let alex_caseload: usize = list
        .lines()
        .find(|l| l.starts_with("Alex Morgan"))
        .and_then(|l| l.split_whitespace().rev().nth(1))
        .unwrap()
        .parse()
        .unwrap();
    assert!(list.lines().any(|l| l.starts_with("Dean Holloway") && l.trim_end().ends_with("yes")), "{list}");
    // The manager's export holds everyone; Alex's only his caseload; Dean's only the people linked to him.
    let all = exported_clients(&db, "Morgan Hale", PASS, dir.path());
    let alex = exported_clients(&db, "Alex Morgan", ALEX, dir.path());
    let dean = exported_clients(&db, "Dean Holloway", DEAN, dir.path());
    assert_eq!(all.len(), 60);
    assert!(alex.len() < all.len() && alex.len() >= alex_caseload, "{} of {}", alex.len(), all.len());
    // Dean's are exactly the clients linked to his mentor record now.
    let manager_dir = dir.path().join("export-Morgan-Hale");
    let read = |f: &str| -> Vec<serde_json::Value> {
        serde_json::from_str(&std::fs::read_to_string(manager_dir.join(f)).unwrap()).unwrap()
    };
    let mentor =
        read("peer_mentors.json").into_iter().find(|m| m["display_name"] == "Dean Holloway").unwrap();
    let today = throughcare_core::time::today_london().to_string();
    let mut linked: Vec<String> = read("mentor_links.json")
        .into_iter()
        .filter(|l| l["mentor_id"] == mentor["id"] && l["archived_at"].is_null())
        .filter(|l| l["ends_on"].as_str().is_none_or(|e| e > today.as_str()))
        .map(|l| l["client_id"].as_str().unwrap().to_owned())
        .collect();
    linked.sort();
    linked.dedup();
    let mut seen: Vec<String> = dean.iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect();
    seen.sort();
    assert!(!seen.is_empty(), "the demo links Dean with somebody");
    assert_eq!(seen, linked);
    for c in &dean {
        for hidden in
            ["nhs_number", "date_of_birth", "address", "prison_number", "crn", "gender", "gp_practice"]
        {
            assert!(c[hidden].is_null(), "a peer mentor's export holds {hidden}");
        }
        assert_eq!(c["support_needs"], serde_json::json!([]));
    }
    // Dean's export has no notes, referrals or custody files at all; Alex's has no op log.
    let dean_dir = dir.path().join("export-Dean-Holloway");
    for f in
        ["support_contacts.json", "referrals.json", "custody_episodes.json", "ops.json", "audit_log.json"]
    {
        assert!(!dean_dir.join(f).exists(), "a peer mentor's export holds {f}");
    }
    assert!(!dir.path().join("export-Alex-Morgan").join("ops.json").exists());
    // The manager can show who exported what; nobody else can read the log.
    let log = ok(tc_as(&db, Some("Morgan Hale"), PASS, &["audit", "--action", "export"]));
    assert!(
        log.contains("Alex Morgan") && log.contains("Dean Holloway") && log.contains("Exported data"),
        "{log}"
    );
    let o = tc_as(&db, Some("Dean Holloway"), DEAN, &["audit"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("permission to see the audit log"));
    // A caseworker may not manage people.
    let o = tc_as(&db, Some("Alex Morgan"), ALEX, &["user", "list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("You do not have permission to manage users"));
    // Someone removed can never unlock again, and is not turned into anyone else.
    ok(tc_as(&db, Some("Morgan Hale"), PASS, &["user", "remove", "Alex Morgan"]));
    let o = tc_as(
        &db,
        Some("Alex Morgan"),
        ALEX,
        &["export", "json", "--out", dir.path().join("again").to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(!dir.path().join("again").exists());
    // The database is still sound, and its audit chain unbroken.
    assert!(ok(tc_as(&db, Some("Morgan Hale"), PASS, &["verify"])).contains("The database is sound"));
}

#[test]
fn a_passphrase_change_killed_at_any_moment_leaves_the_old_or_the_new_one_working() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("org.db");
    ok(tc_as(&db, Some("Morgan Hale"), PASS, &["init", "--org", "Bridges Health Link"]));
    let passes =
        [PASS, "kettle violet harbour lamp", "staple gun lighthouse moor", "quiet orchard velvet pylon"];
    let mut current = 0;
    for (round, delay_ms) in [150u64, 600, 1100, 1700, 2400, 4000].into_iter().enumerate() {
        let next = (current + 1) % passes.len();
        let mut child = Command::new(env!("CARGO_BIN_EXE_throughcare"))
            .arg("--db")
            .arg(&db)
            .arg("passphrase")
            .env("THROUGHCARE_PASSPHRASE", passes[current])
            .env("THROUGHCARE_NEW_PASSPHRASE", passes[next])
            .env_remove("THROUGHCARE_DB")
            .env_remove("THROUGHCARE_USER")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let old = tc_as(&db, None, passes[current], &["info"]).status.success();
        let new = tc_as(&db, None, passes[next], &["info"]).status.success();
        assert!(old ^ new, "round {round} (killed after {delay_ms} ms): old works {old}, new works {new}");
        if new {
            current = next;
        }
    }
    assert!(ok(tc_as(&db, None, passes[current], &["verify"])).contains("The database is sound"));
}

#[test]
fn a_manager_sets_the_keeping_time_and_keeps_a_record_past_it_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("org.db");
    let m = |args: &[&str]| tc_as(&db, Some("Morgan Hale"), PASS, args);
    ok(m(&["init", "--org", "Bridges", "--user", "Morgan Hale", "--device", "Office"]));
    ok(m(&["seed", "--clients", "60", "--seed", "3", "--months", "36"]));
    // Outside 1 to 20 years: refused, and the setting stays.
    for bad in ["0", "21"] {
        let o = m(&["settings", "keep-years", bad]);
        assert!(!o.status.success());
        assert!(String::from_utf8_lossy(&o.stderr).contains("between 1 and 20 years"), "{bad}");
    }
    assert!(ok(m(&["retention", "list"])).contains("(6 years after support closed)"));
    // One year brings in the people whose support closed more than a year ago.
    let said = ok(m(&["settings", "keep-years", "1"]));
    assert!(said.contains("kept 1 year after support closed"), "{said}");
    let listed = ok(m(&["retention", "list"]));
    let first = listed.lines().nth(1).expect("a record past the keeping time");
    let id = first.split_whitespace().next().unwrap();
    assert!(!ok(m(&["retention", "keep", id, "--reason", "A complaint is still open."])).is_empty());
    assert!(!ok(m(&["retention", "list"])).contains(id), "a kept record is listed again");
    let o = m(&["retention", "keep", id, "--reason", "  "]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("Say why"));
}
