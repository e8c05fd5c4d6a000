//! Three devices of one organisation, each seeded, editing the same client, exchanging sync files
//! in several orders through the command line: they end identical, the conflict is listed and
//! settled, and damaged files are refused with nothing changed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PASS: &str = "correct horse battery staple";

fn tc(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_throughcare"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("THROUGHCARE_PASSPHRASE", PASS)
        .env_remove("THROUGHCARE_DB")
        .env_remove("THROUGHCARE_INVITE_CODE")
        .output()
        .unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let o = tc(db, args);
    assert!(o.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The record tables of `export json` (the audit log and peers are about this device alone).
fn records(dir: &Path, db: &Path, name: &str) -> Vec<(String, String)> {
    let out = dir.join(format!("export-{name}-{}", fs::read_dir(dir).unwrap().count()));
    ok(db, &["export", "json", "--out", out.to_str().unwrap()]);
    let mut files: Vec<(String, String)> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), fs::read_to_string(&p).unwrap()))
        .filter(|(n, _)| n != "audit_log.json" && n != "peers.json")
        .collect();
    files.sort();
    files
}

#[test]
fn three_devices_exchange_files_in_any_order_and_end_identical() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    let p = |n: &str| -> PathBuf { dir.join(n) };
    let (a, b, c) = (p("a.db"), p("b.db"), p("c.db"));
    ok(&a, &["init", "--org", "Bridges Health Link", "--user", "Morgan Hale", "--device", "Office PC"]);
    ok(&a, &["seed", "--clients", "12", "--seed", "1"]);
    for (db, name, who) in [(&b, "Sam's laptop", "Sam Patel"), (&c, "Jo's laptop", "Jo Byrne")] {
        let inv = p(&format!("{who}.invite"));
        let said = ok(
            &a,
            &[
                "invite",
                "--out",
                inv.to_str().unwrap(),
                "--device-name",
                name,
                "--for",
                who,
                "--role",
                "manager",
            ],
        );
        let code = said.lines().find_map(|l| l.trim().strip_prefix("Code: ")).unwrap().to_owned();
        let code_file = p(&format!("{who}.code"));
        // A wrong code is refused and makes no database.
        fs::write(&code_file, "AAAA-BBBB-CCCC-DDDD-EEEE\n").unwrap();
        let o =
            tc(db, &["init", "--join", inv.to_str().unwrap(), "--code-file", code_file.to_str().unwrap()]);
        assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("code does not open"));
        assert!(!db.exists());
        fs::write(&code_file, format!("{code}\n")).unwrap();
        let said =
            ok(db, &["init", "--join", inv.to_str().unwrap(), "--code-file", code_file.to_str().unwrap()]);
        assert!(said.contains("Joined Bridges Health Link"), "{said}");
    }
    ok(&b, &["seed", "--clients", "6", "--seed", "2"]);
    ok(&c, &["seed", "--clients", "6", "--seed", "3"]);
    // The same client, edited on two devices before either hears of the other.
    let found = ok(&a, &["client", "find", "a"]);
    // The first found who is not in custody (whose status changes through a release, not an edit).
    let id = found
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .find(|id| {
            let set = ["--set", "phone=01632 960001", "--set", "justice_status=on_licence"];
            tc(&a, &[&["client", "update", id][..], &set[..]].concat()).status.success()
        })
        .unwrap()
        .to_owned();
    ok(&b, &["client", "update", &id, "--set", "phone=01632 960002"]);
    let file = |n: &str| p(n).to_str().unwrap().to_owned();
    for (db, f) in [(&a, "a1"), (&b, "b1"), (&c, "c1")] {
        ok(db, &["bundle", "export", "--all", "--out", &file(f)]);
    }
    // Several orders, some files twice.
    ok(&b, &["bundle", "import", &file("a1")]);
    ok(&c, &["bundle", "import", &file("b1")]);
    ok(&c, &["bundle", "import", &file("a1")]);
    ok(&c, &["bundle", "import", &file("b1")]);
    ok(&a, &["bundle", "import", &file("c1")]);
    ok(&a, &["bundle", "import", &file("b1")]);
    ok(&b, &["bundle", "import", &file("c1")]);
    let list = ok(&a, &["conflicts", "list"]);
    assert!(
        list.contains("Phone") && list.contains("01632 960001") && list.contains("01632 960002"),
        "{list}"
    );
    assert_eq!(ok(&c, &["conflicts", "list"]), list.replace(" (this computer)", ""));
    // Damaged files change nothing.
    let before = records(dir, &b, "b");
    let good = fs::read(p("c1")).unwrap();
    fs::write(p("cut"), &good[..good.len() / 3]).unwrap();
    let mut flipped = good.clone();
    flipped[good.len() / 2] ^= 4;
    fs::write(p("flip"), &flipped).unwrap();
    for bad in ["cut", "flip"] {
        let o = tc(&b, &["bundle", "import", &file(bad)]);
        assert_eq!(o.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&o.stderr).contains("Nothing was changed"));
    }
    assert_eq!(records(dir, &b, "b"), before);
    // A settles the conflict; everyone exchanges everything again.
    let cid = list.split_whitespace().next().unwrap()[..8].to_owned();
    ok(&a, &["conflicts", "resolve", &cid, "--keep", "mine"]);
    for (db, f) in [(&a, "a2"), (&b, "b2"), (&c, "c2")] {
        ok(db, &["bundle", "export", "--out", &file(f)]);
    }
    for (db, fs_) in [(&a, ["b2", "c2"]), (&b, ["c2", "a2"]), (&c, ["a2", "b2"])] {
        for f in fs_ {
            ok(db, &["bundle", "import", &file(f)]);
        }
    }
    let want = records(dir, &a, "a");
    assert_eq!(records(dir, &b, "b"), want);
    assert_eq!(records(dir, &c, "c"), want);
    for db in [&a, &b, &c] {
        assert!(ok(db, &["conflicts", "list"]).contains("No conflicts"));
        assert!(ok(db, &["verify"]).contains("sound"));
        assert!(ok(db, &["client", "find", "a"]).contains(&id));
    }
    // B erases a client; once the others import B's file, the name is gone everywhere.
    let o = tc(&b, &["client", "erase", &id]);
    assert_eq!(o.status.code(), Some(2), "erasing needs its confirmation flag");
    let name = found.lines().next().unwrap().split_whitespace().nth(1).unwrap().to_owned();
    ok(&b, &["client", "erase", &id, "--yes-erase-this-person"]);
    // Again, or someone unknown: a plain sentence, and nothing changes (the sync file below carries one erasure).
    let again = tc(&b, &["client", "erase", &id, "--yes-erase-this-person"]);
    assert!(
        !again.status.success() && String::from_utf8_lossy(&again.stderr).contains("already been erased")
    );
    let nobody =
        tc(&b, &["client", "erase", "0190d6a8-0000-7000-8000-000000000000", "--yes-erase-this-person"]);
    assert!(
        !nobody.status.success()
            && String::from_utf8_lossy(&nobody.stderr).contains("No client with that id was found")
    );
    ok(&b, &["bundle", "export", "--out", &file("b3")]);
    for db in [&a, &c] {
        ok(db, &["bundle", "import", &file("b3")]);
        assert!(!ok(db, &["client", "find", &name]).contains(&id), "{name} still found");
    }
    let show = ok(&b, &["device", "show"]);
    assert!(
        show.contains("Sam's laptop") && show.contains("Office PC") && show.contains("Jo's laptop"),
        "{show}"
    );
}

#[test]
fn a_lost_laptop_is_revoked_from_the_command_line() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    let p = |n: &str| -> PathBuf { dir.join(n) };
    let s = |n: &str| p(n).to_str().unwrap().to_owned();
    let (a, b) = (p("a.db"), p("b.db"));
    ok(&a, &["init", "--org", "Bridges Health Link", "--user", "Morgan Hale", "--device", "Office PC"]);
    let said = ok(
        &a,
        &[
            "invite",
            "--out",
            &s("sam.invite"),
            "--device-name",
            "Sam's laptop",
            "--for",
            "Sam Patel",
            "--valid-days",
            "3",
        ],
    );
    assert!(said.contains("It works once, until") && said.contains("(3 days)"), "{said}");
    let code = said.lines().find_map(|l| l.trim().strip_prefix("Code: ")).unwrap().to_owned();
    fs::write(p("code"), format!("{code}\n")).unwrap();
    let o = tc(
        &a,
        &["invite", "--out", &s("x.invite"), "--device-name", "X", "--for", "X", "--valid-days", "31"],
    );
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("1 to 30 days"));
    let show = ok(&a, &["device", "show"]);
    assert!(show.contains("invited, not joined yet"), "{show}");
    ok(&b, &["init", "--join", &s("sam.invite"), "--code-file", &s("code")]);
    ok(&b, &["bundle", "export", "--all", "--out", &s("b1")]);
    ok(&a, &["bundle", "import", &s("b1")]);
    assert!(!ok(&a, &["device", "show"]).contains("not joined"));
    // Sam's laptop is lost.
    let o = tc(&b, &["device", "revoke", "Office PC"]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("permission"), "{o:?}");
    let o = tc(&a, &["device", "revoke", "Nobody's laptop"]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("No computer called"));
    let said = ok(&a, &["device", "revoke", "sam's laptop"]);
    assert!(said.contains("Revoked \"Sam's laptop\""), "{said}");
    assert!(ok(&a, &["device", "show"]).contains("revoked"));
    // Its next file is refused, and it cannot read the office's.
    ok(&b, &["bundle", "export", "--out", &s("b2")]);
    let o = tc(&a, &["bundle", "import", &s("b2")]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("revoked") && err.contains("Nothing was changed"), "{err}");
    ok(&a, &["bundle", "export", "--all", "--out", &s("a1")]);
    let o = tc(&b, &["bundle", "import", &s("a1")]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("key this computer does not hold"), "{err}");
    ok(&a, &["verify"]);
}
