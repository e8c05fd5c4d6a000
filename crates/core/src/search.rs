//! The client search index.
//!
//! FTS5's own folding removes accents that Unicode decomposes (á, ç, ş) but not letters that are
//! distinct in Unicode (ł, ø, đ, ß), and it splits "O'Brien" into "o" and "brien". People type
//! "Lukasz" and "obrien", so names are folded here, and indexed both as written and with apostrophes
//! and hyphens closed up. The index is written by the single write path whenever a client's names or
//! identifiers change, and queries are folded the same way.

use rusqlite::{OptionalExtension, named_params};

use crate::Result;

/// Lower-cases and replaces letters that have no decomposition with their plain Latin forms.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'ł' => out.push('l'),
            'đ' | 'ð' => out.push('d'),
            'ø' => out.push('o'),
            'ħ' => out.push('h'),
            'ı' => out.push('i'),
            'ŀ' => out.push('l'),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ß' => out.push_str("ss"),
            'þ' => out.push_str("th"),
            '\u{2019}' | '`' | '\u{2018}' => out.push('\''),
            c => out.push(c),
        }
    }
    out
}

fn variants(name: &str) -> String {
    let f = fold(name);
    let closed: String = f.chars().filter(|c| !matches!(c, '\'' | '-' | '.')).collect();
    if closed != f { format!("{f} {closed}") } else { f }
}

/// Rewrites the index entry of one client.
pub(crate) fn reindex_client(conn: &rusqlite::Connection, id: &str) -> Result<()> {
    type Row = (i64, [Option<String>; 6]);
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT rid, given_name, family_name, preferred_name, nhs_number, prison_number, crn FROM main.clients WHERE id = :id",
        )?
        .query_row(named_params! {":id": crate::ids::key(id)?}, |r| Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?])))
        .optional()?;
    let Some((rid, v)) = row else { return Ok(()) };
    let names: Vec<String> = v[..3].iter().flatten().map(|n| variants(n)).collect();
    let ids: Vec<String> = v[3..].iter().flatten().map(|n| fold(n)).collect();
    conn.prepare_cached("DELETE FROM client_search WHERE rowid = :rid")?
        .execute(named_params! {":rid": rid})?;
    conn.prepare_cached("INSERT INTO client_search (rowid, names, identifiers) VALUES (:rid, :names, :ids)")?
        .execute(named_params! {":rid": rid, ":names": names.join(" "), ":ids": ids.join(" ")})?;
    Ok(())
}

/// Turns what a person typed into an FTS5 query: every word must match the start of a word of a name
/// or identifier. Digits typed in groups ("943 476 5919") are taken as one number.
pub fn fts_query(input: &str) -> Option<String> {
    fts_terms(input).map(|t| t.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" AND "))
}

/// Like [`fts_query`], matching names only: for someone who may not see identifiers, so that a
/// search cannot confirm a number they are not shown.
pub fn fts_query_names(input: &str) -> Option<String> {
    fts_terms(input).map(|t| t.iter().map(|w| format!("names : \"{w}\"*")).collect::<Vec<_>>().join(" AND "))
}

/// Whether every word typed is one or two characters: a start that matches a good part of everyone.
pub fn is_short(input: &str) -> bool {
    fts_terms(input).is_some_and(|t| t.iter().all(|w| w.chars().count() < 3))
}

fn fts_terms(input: &str) -> Option<Vec<String>> {
    let folded = fold(input);
    let words: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.chars().filter(|c| *c != '\'').collect::<String>())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return None;
    }
    let words = if words.len() > 1 && words.iter().all(|w| w.chars().all(|c| c.is_ascii_digit())) {
        vec![words.concat()]
    } else {
        words
    };
    Some(words.into_iter().take(8).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("Łukasz Ø Straße"), "lukasz o strasse");
        assert_eq!(variants("O'Brien"), "o'brien obrien");
        assert_eq!(variants("Smith-Jones"), "smith-jones smithjones");
        assert_eq!(fts_query("O’Brien").as_deref(), Some("\"obrien\"*"));
        assert_eq!(fts_query("943 476 5919").as_deref(), Some("\"9434765919\"*"));
        assert_eq!(fts_query("\"*()").as_deref(), None);
        assert_eq!(fts_query_names("Ada L").as_deref(), Some("names : \"ada\"* AND names : \"l\"*"));
    }
}
