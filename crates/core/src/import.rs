//! Importing clients from a spreadsheet saved as CSV.
//!
//! Charities arrive with a spreadsheet. Headers are matched loosely (case, spaces and punctuation do not
//! matter, and common names such as "Surname" or "DOB" are understood); dates may be typed the UK way;
//! closed sets accept their code or their label. Every row is checked by the same rules as the app, and
//! every problem is reported with its line, column and reason. By default nothing is written unless
//! every row is good; with `skip_invalid` the good rows are written and the bad ones are handed back so
//! the caller can write them to a rejects file. The import is one transaction either way.
//!
//! Each row is also checked against the people already on record (and the rows above it): a row with
//! the NHS number, prison number or CRN of someone on record is refused, since it is that person;
//! a row with the same date of birth and a close name is imported and listed as a possible
//! duplicate, since two people can share both.

use std::io::Read;

use crate::authz::{self, Action};
use crate::enums::*;
use crate::ids::UserId;
use crate::model::clients::ClientFields;
use crate::store::{Actor, Store};
use crate::time::{Date, parse_uk_date};
use crate::{Error, Result};

/// The columns an import understands: (field, other names people use).
pub const COLUMNS: &[(&str, &[&str])] = &[
    ("given_name", &["first name", "forename", "first names", "given names"]),
    ("family_name", &["last name", "surname"]),
    ("preferred_name", &["known as"]),
    ("date_of_birth", &["dob", "birth date", "born"]),
    ("gender", &[]),
    ("ethnicity", &["ethnic group"]),
    ("disability", &["disabled"]),
    ("pronouns", &[]),
    ("phone", &["telephone", "mobile", "phone number", "tel"]),
    ("email", &["email address", "e-mail"]),
    ("address", &[]),
    ("postcode", &["post code"]),
    ("nhs_number", &["nhs no", "nhs"]),
    ("prison_number", &["prison no", "noms number", "noms"]),
    ("crn", &["ndelius crn", "case reference number", "delius crn"]),
    ("justice_status", &["status"]),
    ("establishment", &["prison"]),
    ("expected_release_date", &["expected release", "erd"]),
    ("actual_release_date", &["release date", "released on", "date released"]),
    ("licence_end_date", &["licence end", "order end date", "sentence end date"]),
    ("gp_status", &["gp registration"]),
    ("gp_practice", &["gp", "gp surgery"]),
    ("support_needs", &["needs"]),
    ("risk_flags", &["risks"]),
    ("consent_store", &["consent", "consent to store"]),
    ("consent_share_health", &["consent to share with health", "share with health"]),
    ("consent_share_probation", &["consent to share with probation", "share with probation"]),
    ("consent_on", &["consent date"]),
    ("caseworker", &["key worker", "keyworker", "worker"]),
    ("opened_on", &["support started", "start date", "referral date", "opened"]),
];

/// One problem with one row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    /// Line in the file (the header is line 1).
    pub line: u64,
    /// Column, as headed in the file.
    pub column: Option<String>,
    /// What is wrong.
    pub message: String,
}

/// A row that was not imported.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Rejected {
    /// Line in the file.
    pub line: u64,
    /// The row as it was.
    pub record: Vec<String>,
    /// Why, in one line.
    pub reason: String,
}

/// What an import did (or would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// Data rows read.
    pub rows: u64,
    /// Clients written (0 on a dry run or when a bad row stopped the import).
    pub imported: u64,
    /// Every problem found.
    pub errors: Vec<RowError>,
    /// Columns that were not understood and so not imported.
    pub ignored_columns: Vec<String>,
    /// The file's headers, as they were.
    pub headers: Vec<String>,
    /// Rows not imported.
    pub rejected: Vec<Rejected>,
    /// Whether anything was written.
    pub written: bool,
    /// Rows imported that may be a person already on record (same date of birth and a close name):
    /// worth a look, and a merge if they are.
    pub possible_duplicates: Vec<RowError>,
}

/// How to import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Check everything, write nothing.
    pub dry_run: bool,
    /// Write the good rows and report the bad ones.
    pub skip_invalid: bool,
}

fn key(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn field_for(header: &str) -> Option<&'static str> {
    let k = key(header);
    COLUMNS.iter().find(|(f, aliases)| key(f) == k || aliases.iter().any(|a| key(a) == k)).map(|(f, _)| *f)
}

fn parse_bool(field: &str, s: &str) -> Result<bool> {
    match key(s).as_str() {
        "yes" | "y" | "true" | "1" | "agreed" => Ok(true),
        "no" | "n" | "false" | "0" | "declined" | "refused" => Ok(false),
        _ => Err(Error::invalid(field, format!("'{s}' should be yes or no."))),
    }
}

fn parse_list<T: ClosedSet>(field: &str, s: &str) -> Result<Vec<T>> {
    s.split([';', ',', '|'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| T::parse_for(field, p))
        .collect()
}

struct Users(Vec<(UserId, String, Option<String>)>);

impl Users {
    fn find(&self, s: &str) -> Result<UserId> {
        let k = key(s);
        let hits: Vec<UserId> = self
            .0
            .iter()
            .filter(|(_, name, email)| key(name) == k || email.as_deref().is_some_and(|e| key(e) == k))
            .map(|(id, _, _)| *id)
            .collect();
        match hits.as_slice() {
            [one] => Ok(*one),
            [] => Err(Error::invalid(
                "caseworker",
                format!("There is no user called '{s}'. Add them first, or leave this blank."),
            )),
            _ => Err(Error::invalid(
                "caseworker",
                format!("More than one user is called '{s}'. Use their email address instead."),
            )),
        }
    }
}

/// A field and what is wrong with it.
type FieldProblem = (String, String);

/// Parses one row into client fields and an opening date; every bad cell is reported.
fn parse_row(
    fields_by_col: &[Option<&'static str>],
    record: &csv::StringRecord,
    users: &Users,
) -> std::result::Result<(ClientFields, Option<Date>), Vec<FieldProblem>> {
    let mut f = ClientFields::default();
    let mut opened_on = None;
    let mut errors = Vec::new();
    for (i, field) in fields_by_col.iter().enumerate() {
        let Some(field) = *field else { continue };
        let raw = record.get(i).unwrap_or("").trim();
        if raw.is_empty() {
            continue;
        }
        let text = || Some(raw.to_owned());
        let r: Result<()> = (|| {
            match field {
                "given_name" => f.given_name = text(),
                "family_name" => f.family_name = text(),
                "preferred_name" => f.preferred_name = text(),
                "date_of_birth" => f.date_of_birth = Some(parse_uk_date(field, raw)?),
                "gender" => f.gender = Some(Gender::parse_for(field, raw)?),
                "ethnicity" => f.ethnicity = Some(Ethnicity::parse_for(field, raw)?),
                "disability" => f.disability = Some(Disability::parse_for(field, raw)?),
                "pronouns" => f.pronouns = text(),
                "phone" => f.phone = text(),
                "email" => f.email = text(),
                "address" => f.address = text(),
                "postcode" => f.postcode = text(),
                "nhs_number" => f.nhs_number = Some(crate::validate::nhs_number(field, raw)?),
                "prison_number" => f.prison_number = Some(crate::validate::prison_number(field, raw)?),
                "crn" => f.crn = Some(crate::validate::crn(field, raw)?),
                "justice_status" => f.justice_status = JusticeStatus::parse_for(field, raw)?,
                "establishment" => f.establishment = text(),
                "expected_release_date" => f.expected_release_date = Some(parse_uk_date(field, raw)?),
                "actual_release_date" => f.actual_release_date = Some(parse_uk_date(field, raw)?),
                "licence_end_date" => f.licence_end_date = Some(parse_uk_date(field, raw)?),
                "gp_status" => f.gp_status = GpStatus::parse_for(field, raw)?,
                "gp_practice" => f.gp_practice = text(),
                "support_needs" => f.support_needs = parse_list(field, raw)?,
                "risk_flags" => f.risk_flags = parse_list(field, raw)?,
                "consent_store" => f.consent_store = Some(parse_bool(field, raw)?),
                "consent_share_health" => f.consent_share_health = Some(parse_bool(field, raw)?),
                "consent_share_probation" => f.consent_share_probation = Some(parse_bool(field, raw)?),
                "consent_on" => f.consent_on = Some(parse_uk_date(field, raw)?),
                "caseworker" => f.caseworker_id = Some(users.find(raw)?),
                "opened_on" => opened_on = Some(parse_uk_date(field, raw)?),
                _ => {}
            }
            Ok(())
        })();
        if let Err(e) = r {
            errors.push((field.to_owned(), e.to_string()));
        }
    }
    if errors.is_empty() { Ok((f, opened_on)) } else { Err(errors) }
}

impl Store {
    /// Imports clients from CSV. See the module docs for the rules.
    pub fn import_clients_csv(
        &mut self,
        actor: &Actor,
        input: impl Read,
        opts: ImportOptions,
    ) -> Result<ImportReport> {
        authz::require(actor, Action::Import)?;
        let mut rdr = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::Headers).from_reader(input);
        let headers: Vec<String> =
            rdr.headers().map_err(|e| Error::Csv(e.to_string()))?.iter().map(str::to_owned).collect();
        let mut report = ImportReport { headers: headers.clone(), ..Default::default() };
        let mapped: Vec<Option<&'static str>> = headers.iter().map(|h| field_for(h)).collect();
        for (h, m) in headers.iter().zip(&mapped) {
            if m.is_none() && !h.trim().is_empty() {
                report.ignored_columns.push(h.clone());
            }
        }
        for (i, m) in mapped.iter().enumerate() {
            if m.is_some() && mapped[..i].contains(m) {
                return Err(Error::invalid(
                    headers[i].clone(),
                    format!("Two columns both mean {}. Remove one of them.", m.unwrap_or("")),
                ));
            }
        }
        if !mapped.iter().any(|m| matches!(m, Some("given_name" | "family_name"))) {
            return Err(Error::invalid(
                "headers",
                "The file has no name column. The first line must name the columns, such as given_name and family_name.",
            ));
        }
        let header_of = |field: &str| -> Option<String> {
            let target = if field == "caseworker_id" { "caseworker" } else { field };
            mapped.iter().position(|m| *m == Some(target)).map(|i| headers[i].clone())
        };
        let mut records = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| Error::Csv(e.to_string()))?;
            let line = rec.position().map(|p| p.line()).unwrap_or(0);
            if rec.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            records.push((line, rec));
        }
        report.rows = records.len() as u64;
        let dry_run = opts.dry_run;
        let skip = opts.skip_invalid;
        self.write(actor, |tx| {
            let users = {
                let r = tx.reader();
                Users(
                    r.users(false)?
                        .into_iter()
                        .map(|u| (u.id, u.fields.display_name, u.fields.email))
                        .collect(),
                )
            };
            let today = tx.now().london_date();
            for (line, rec) in &records {
                let outcome = parse_row(&mapped, rec, &users).and_then(|(fields, opened_on)| {
                    if opened_on.is_some_and(|d| d > today) {
                        return Err(vec![(
                            "opened_on".to_owned(),
                            "The date support started cannot be in the future.".to_owned(),
                        )]);
                    }
                    let q = crate::dupes::DuplicateQuery {
                        given_name: fields.given_name.clone(),
                        family_name: fields.family_name.clone(),
                        date_of_birth: fields.date_of_birth,
                        nhs_number: fields.nhs_number.clone(),
                        prison_number: fields.prison_number.clone(),
                        crn: fields.crn.clone(),
                        exclude: None,
                    };
                    let dupes = tx.reader().likely_duplicates(&q).map_err(|e| vec![(String::new(), e.to_string())])?;
                    let mut found = dupes.matches.iter().map(|m| (m.certain, m.why.clone())).collect::<Vec<_>>();
                    let hidden = dupes.elsewhere - dupes.elsewhere_certain;
                    found.extend((0..dupes.elsewhere_certain).map(|_| (true, "The same NHS number, prison number or CRN".to_owned())));
                    found.extend((0..hidden).map(|_| (false, "The same date of birth and a close name".to_owned())));
                    if let Some((_, why)) = found.iter().find(|(certain, _)| *certain) {
                        let field = if why.starts_with("Same CRN") {
                            "crn"
                        } else if why.starts_with("Same prison") {
                            "prison_number"
                        } else {
                            "nhs_number"
                        };
                        return Err(vec![(
                            field.to_owned(),
                            format!("{why} as someone already on record: this is that person. Leave the row out, or update their record."),
                        )]);
                    }
                    tx.attempt(|tx| tx.create_client(fields, opened_on)).map_err(|e| match e {
                        Error::Validation { field, message } => vec![(field, message)],
                        e => vec![(String::new(), e.to_string())],
                    })?;
                    if let Some((_, why)) = found.first() {
                        report.possible_duplicates.push(RowError {
                            line: *line,
                            column: None,
                            message: format!("{why} as someone already on record: check whether they are the same person."),
                        });
                    }
                    Ok(())
                });
                if let Err(problems) = outcome {
                    let mut reasons = Vec::new();
                    for (field, message) in problems {
                        let column = header_of(&field);
                        reasons.push(match &column {
                            Some(c) => format!("{c}: {message}"),
                            None => message.clone(),
                        });
                        report.errors.push(RowError { line: *line, column, message });
                    }
                    report.rejected.push(Rejected {
                        line: *line,
                        record: rec.iter().map(str::to_owned).collect(),
                        reason: reasons.join(" "),
                    });
                } else {
                    report.imported += 1;
                }
            }
            let keep = !dry_run && (report.errors.is_empty() || skip) && report.imported > 0;
            if keep {
                tx.audit(
                    crate::audit::AuditAction::Import,
                    None,
                    None,
                    Some(&format!("{} clients", report.imported)),
                )?;
                report.written = true;
            } else {
                tx.discard();
                report.imported = if dry_run { report.imported } else { 0 };
            }
            Ok(())
        })?;
        Ok(report)
    }
}
