//! The one error the UI sees: a kind to branch on, the field it is about, and a sentence for a person.
//!
//! Messages come from core, which writes them for people. Anything that is not the person's doing
//! (storage trouble, a bug) becomes one calm sentence: no SQL, file paths or stack traces reach the page.

use serde::Serialize;
use throughcare_core::{Error, ErrorKind};

/// An error as the UI receives it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct UiError {
    /// What kind of failure.
    pub kind: ErrorKind,
    /// The field it is about, when there is one.
    pub field: Option<String>,
    /// What to tell the person.
    pub message: String,
}

impl UiError {
    /// A mistake in what the person gave.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        UiError { kind: ErrorKind::Validation, field: Some(field.to_owned()), message: message.into() }
    }

    /// The app is locked.
    pub fn locked() -> Self {
        UiError {
            kind: ErrorKind::Forbidden,
            field: None,
            message: "Throughcare is locked. Unlock it with your passphrase.".into(),
        }
    }
}

impl From<Error> for UiError {
    fn from(e: Error) -> Self {
        let kind = e.kind();
        let field = e.field().map(str::to_owned);
        let message = match kind {
            ErrorKind::Internal => {
                eprintln!("throughcare-app: internal error ({})", e.kind_name());
                "Something went wrong reading or saving. Nothing you saved before was lost. Please try again.".to_owned()
            }
            ErrorKind::NoDatabase | ErrorKind::AlreadyExists => match kind {
                ErrorKind::NoDatabase => "There is no Throughcare database on this computer yet.".to_owned(),
                _ => "A Throughcare database already exists on this computer.".to_owned(),
            },
            // A damaged sync file or invitation is about the file the person chose, not this computer.
            ErrorKind::Damaged if matches!(e, Error::BadBundle { .. }) => e.to_string(),
            ErrorKind::Damaged => {
                "The data on this computer could not be read: it may be damaged. Restore it from a backup, or ask your manager.".to_owned()
            }
            _ => e.to_string(),
        };
        UiError { kind, field, message }
    }
}

/// Names of error variants, for a log line that carries no values.
trait KindName {
    fn kind_name(&self) -> &'static str;
}

impl KindName for Error {
    fn kind_name(&self) -> &'static str {
        match self {
            Error::Sqlite(_) => "database",
            Error::Migration(_) => "migration",
            Error::Io(_) => "file",
            _ => "other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_errors_reach_the_page_without_detail() {
        let e: UiError = Error::Sqlite(rusqlite_error()).into();
        assert_eq!(e.kind, ErrorKind::Internal);
        assert!(!e.message.contains("SELECT") && !e.message.contains('/'), "{}", e.message);
    }

    #[test]
    fn validation_keeps_its_field_and_message() {
        let e: UiError = Error::invalid("nhs_number", "An NHS number has 10 digits; this has 9.").into();
        assert_eq!(e.field.as_deref(), Some("nhs_number"));
        assert_eq!(e.message, "An NHS number has 10 digits; this has 9.");
    }

    #[test]
    fn a_damaged_sync_file_is_named_as_the_file_not_this_computer() {
        let e: UiError = Error::BadBundle { reason: "it is cut short".into() }.into();
        assert_eq!(e.kind, ErrorKind::Damaged);
        assert!(
            e.message.contains("sync file") && e.message.contains("Nothing was changed"),
            "{}",
            e.message
        );
        let e: UiError =
            Error::BundleRefused("This sync file belongs to another organisation.".into()).into();
        assert_eq!(e.kind, ErrorKind::Refused);
        assert!(e.message.starts_with("This sync file belongs to another organisation."), "{}", e.message);
    }

    fn rusqlite_error() -> throughcare_core::RusqliteError {
        throughcare_core::RusqliteError::InvalidQuery
    }
}
