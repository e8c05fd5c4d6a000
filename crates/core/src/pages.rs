//! Tests that read the database file the way someone who had the key and a copy of the file would:
//! page by page, decrypted with the database's own key, free pages, slack space and the search index's
//! segments included. A query shows what SQLite will return; this shows what is on the disk.

use std::path::Path;

use aes::cipher::{BlockDecryptMut, KeyIvInit, block_padding::NoPadding};

use crate::keyfile::DatabaseKey;

/// SQLCipher 4's page: 4,096 bytes, the last 80 reserved (16 of IV, then 64 of HMAC-SHA512); the
/// first page starts with the 16-byte salt, which is not encrypted.
const PAGE: usize = 4096;
const RESERVE: usize = 80;
const SALT: usize = 16;

/// Every page of the database file at `path`, decrypted, one after another.
pub(crate) fn decrypted(path: &Path, key: &DatabaseKey) -> Vec<u8> {
    let file = std::fs::read(path).unwrap();
    assert_eq!(file.len() % PAGE, 0, "a whole number of pages");
    let mut out = Vec::with_capacity(file.len());
    for (i, page) in file.chunks(PAGE).enumerate() {
        let start = if i == 0 { SALT } else { 0 };
        let iv = &page[PAGE - RESERVE..PAGE - RESERVE + 16];
        let mut body = page[start..PAGE - RESERVE].to_vec();
        cbc::Decryptor::<aes::Aes256>::new(key.bytes().into(), iv.into())
            .decrypt_padded_mut::<NoPadding>(&mut body)
            .unwrap();
        out.extend_from_slice(&body);
    }
    out
}

/// Whether `needle` appears anywhere in `hay`, ignoring ASCII case.
pub(crate) fn holds(hay: &[u8], needle: &str) -> bool {
    let n = needle.as_bytes().to_ascii_lowercase();
    hay.windows(n.len()).any(|w| w.eq_ignore_ascii_case(&n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enums::*;
    use crate::model::clients::ClientFields;
    use crate::model::contacts::NewContact;
    use crate::store::{Actor, Store};

    fn store() -> (tempfile::TempDir, Store, Actor) {
        crate::store::test_store()
    }

    #[test]
    fn the_decrypted_pages_hold_what_was_written() {
        // The scanner itself: a value just written is found, so a later "not found" means something.
        let (dir, mut s, a) = store();
        let path = dir.path().join("t.db");
        let fields = ClientFields {
            given_name: Some("Zebedee".into()),
            family_name: Some("Quillfeather".into()),
            nhs_number: Some("943 476 5919".into()),
            ..Default::default()
        };
        s.write(&a, |tx| tx.create_client(fields, None)).unwrap();
        s.checkpoint_for_tests();
        let pages = decrypted(&path, s.key());
        assert!(pages.starts_with(b"\x10\x00"), "page 1's header after the salt: page size 4096");
        assert!(holds(&pages, "Quillfeather") && holds(&pages, "9434765919"));
        assert!(!holds(&std::fs::read(&path).unwrap(), "Quillfeather"), "the file itself is encrypted");
    }

    #[test]
    fn after_erasure_the_pages_hold_no_trace_of_the_person() {
        let (dir, mut s, a) = store();
        let path = dir.path().join("t.db");
        // Someone else, so the search index and tables have other rows around the erased one.
        let other = ClientFields {
            given_name: Some("Ada".into()),
            family_name: Some("Okafor".into()),
            ..Default::default()
        };
        s.write(&a, |tx| tx.create_client(other, None)).unwrap();
        let fields = ClientFields {
            given_name: Some("Zebedee".into()),
            family_name: Some("Quillfeather".into()),
            preferred_name: Some("Zebby".into()),
            nhs_number: Some("943 476 5919".into()),
            prison_number: Some("A1234BC".into()),
            crn: Some("X123456".into()),
            phone: Some("07700 900555".into()),
            address: Some("12 Marrowbone Lane".into()),
            accompaniment_needs: Some("Prefers Wednesdays after the methadone script".into()),
            ..Default::default()
        };
        let c = s.write(&a, |tx| tx.create_client(fields, None)).unwrap();
        for (i, text) in
            ["Talked about Zebedee's hepatitis C test", "Housing officer visit"].iter().enumerate()
        {
            s.write(&a, |tx| {
                tx.log_contact(NewContact {
                    client_id: c.id,
                    contact_on: crate::time::today_london(),
                    kind: ContactKind::Phone,
                    minutes: 10 + i as i64,
                    summary: Some((*text).into()),
                    follow_up_on: None,
                })
            })
            .unwrap();
        }
        // A later edit, so earlier values sit in earlier ops and the index has had rows replaced.
        s.write(&a, |tx| {
            tx.update_client(
                c.id,
                crate::model::clients::ClientPatch {
                    phone: Some(Some("07700 900556".into())),
                    ..Default::default()
                },
            )
        })
        .unwrap();

        s.write(&a, |tx| tx.erase_client(c.id)).unwrap();
        // A second erasure is refused with a plain sentence and writes nothing.
        let ops = |s: &Store| -> i64 {
            s.conn().query_row("SELECT count(*) FROM main.ops", [], |r| r.get(0)).unwrap()
        };
        let before = ops(&s);
        let again = s.write(&a, |tx| tx.erase_client(c.id)).unwrap_err();
        assert!(again.to_string().contains("already been erased"), "{again}");
        assert_eq!(ops(&s), before);
        s.checkpoint_for_tests();
        let pages = decrypted(&path, s.key());
        for trace in [
            "Zebedee",
            "Quillfeather",
            "Zebby",
            "9434765919",
            "A1234BC",
            "X123456",
            "07700 900555",
            "07700 900556",
            "Marrowbone",
            "methadone",
            "hepatitis",
            "Housing officer",
        ] {
            assert!(!holds(&pages, trace), "'{trace}' is still in the database file after erasure");
        }
        assert!(holds(&pages, "Okafor"), "the other person is untouched");
    }
}
