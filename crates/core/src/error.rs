//! One error type for the whole core.
//!
//! Every failure a person can cause or meet (bad input, a wrong passphrase, a database from a newer
//! version) has its own variant with a message written for people. The shell and the command line show
//! `to_string()` as it is; the UI also gets `kind()` and `field()` so it can put a message beside the
//! field it is about. Messages never carry personal values, SQL or file contents.

use std::path::PathBuf;

/// Result with the core's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Input that breaks a rule; `field` names the field (column or CSV column) it is about.
    #[error("{message}")]
    Validation {
        /// The field the message is about, e.g. `nhs_number`.
        field: String,
        /// A plain-English sentence about what is wrong.
        message: String,
    },
    /// The name and passphrase do not unlock the database (the same answer whether or not the name
    /// is someone's, so that nobody can find out who uses this computer).
    #[error("That name and passphrase do not unlock this database. Check both and try again.")]
    WrongPassphrase,
    /// Several people can unlock this database, and nobody said who they are.
    #[error(
        "More than one person can unlock this database. Say who you are (your name as the app knows it)."
    )]
    NameNeeded,
    /// Too many wrong tries in a row: the next is allowed after a wait that grows with each one.
    #[error("Too many wrong tries. Wait {} and try again.", wait_words(*seconds))]
    TooManyTries {
        /// How long to wait, in seconds.
        seconds: u64,
    },
    /// The person was removed: their passphrase no longer unlocks anything here.
    #[error("You can no longer unlock this database. If you think this is wrong, ask a manager.")]
    NoLongerAllowed,
    /// The key file is missing or unreadable.
    #[error("The key file for this database is missing or damaged ({reason}).")]
    KeyFile {
        /// What is wrong with it.
        reason: String,
    },
    /// The database cannot be read with the key its key file holds.
    #[error(
        "The database file could not be opened with its key: it is damaged or belongs to another key file."
    )]
    NotOurDatabase,
    /// The database was written by a newer Throughcare.
    #[error(
        "This database was made by a newer version of Throughcare (schema {found}; this version knows up to {supported}). Install the newer version to open it."
    )]
    DatabaseTooNew {
        /// Schema version found in the file.
        found: i64,
        /// Highest schema version this binary knows.
        supported: i64,
    },
    /// Creating a database where one already exists.
    #[error("A database already exists at {}. Nothing was changed.", path.display())]
    AlreadyExists {
        /// Where.
        path: PathBuf,
    },
    /// Opening a database that is not there.
    #[error("There is no database at {}. Create one with `throughcare init`.", path.display())]
    NoDatabase {
        /// Where.
        path: PathBuf,
    },
    /// A record that is not there (or not visible to the acting user).
    #[error("No {entity} with that id was found.")]
    NotFound {
        /// Kind of record, in words ("client").
        entity: &'static str,
    },
    /// The acting user may not do this.
    #[error("You do not have permission to {action}.")]
    Forbidden {
        /// What was attempted, in words.
        action: &'static str,
    },
    /// A backup file that is not one, or is damaged.
    #[error("This is not a Throughcare backup, or it is damaged ({reason}).")]
    BadBackup {
        /// What is wrong.
        reason: String,
    },
    /// A sync bundle or invitation that cannot be read: not one, damaged, or cut short.
    #[error("This is not a Throughcare sync file, or it is damaged ({reason}). Nothing was changed.")]
    BadBundle {
        /// What is wrong.
        reason: String,
    },
    /// An invitation file that cannot be read: not one, damaged, or cut short.
    #[error("This is not a Throughcare invitation, or it is damaged ({reason}). Nothing was changed.")]
    BadInvitation {
        /// What is wrong.
        reason: String,
    },
    /// A readable sync file that this device will not accept (another organisation, a newer version,
    /// a missing earlier bundle, an unknown sender, a signature that does not match). The message says
    /// what to do; nothing was changed.
    #[error("{0} Nothing was changed.")]
    BundleRefused(String),
    /// A stored record could not be read back (a bug or a damaged file).
    #[error("A stored record could not be read ({0}).")]
    Corrupt(String),
    /// SQLite failed.
    #[error("The database reported an error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A migration failed.
    #[error("Updating the database to this version failed: {0}")]
    Migration(String),
    /// Reading or writing a file failed.
    #[error("A file could not be read or written: {0}")]
    Io(#[from] std::io::Error),
    /// CSV reading failed below the row level.
    #[error("The CSV file could not be read: {0}")]
    Csv(String),
}

/// The kind of an error, for the UI to branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Bad input.
    Validation,
    /// Wrong name or passphrase (or no name given where one is needed).
    WrongPassphrase,
    /// Too many wrong tries: wait.
    TooManyTries,
    /// Record not found.
    NotFound,
    /// Not allowed.
    Forbidden,
    /// Database from a newer version.
    DatabaseTooNew,
    /// Already exists.
    AlreadyExists,
    /// Missing database.
    NoDatabase,
    /// Damaged file or key.
    Damaged,
    /// A sync file this device will not accept.
    Refused,
    /// Anything else: storage or file-system trouble.
    Internal,
}

impl Error {
    /// Builds a validation error.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation { field: field.into(), message: message.into() }
    }

    /// The kind, for the UI.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Validation { .. } | Error::Csv(_) => ErrorKind::Validation,
            Error::WrongPassphrase | Error::NameNeeded => ErrorKind::WrongPassphrase,
            Error::TooManyTries { .. } => ErrorKind::TooManyTries,
            Error::NoLongerAllowed => ErrorKind::Forbidden,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Forbidden { .. } => ErrorKind::Forbidden,
            Error::DatabaseTooNew { .. } => ErrorKind::DatabaseTooNew,
            Error::AlreadyExists { .. } => ErrorKind::AlreadyExists,
            Error::NoDatabase { .. } => ErrorKind::NoDatabase,
            Error::KeyFile { .. }
            | Error::NotOurDatabase
            | Error::BadBackup { .. }
            | Error::BadBundle { .. }
            | Error::BadInvitation { .. }
            | Error::Corrupt(_) => ErrorKind::Damaged,
            Error::BundleRefused(_) => ErrorKind::Refused,
            Error::Sqlite(_) | Error::Migration(_) | Error::Io(_) => ErrorKind::Internal,
        }
    }

    /// The field a validation error is about.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Validation { field, .. } => Some(field),
            _ => None,
        }
    }
}

/// A wait in words: "30 seconds", "1 minute", "4 minutes".
fn wait_words(seconds: u64) -> String {
    match seconds {
        0..=1 => "a second".to_owned(),
        2..=59 => format!("{seconds} seconds"),
        60..=119 => "a minute".to_owned(),
        s => format!("{} minutes", s.div_ceil(60)),
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Corrupt(e.to_string())
    }
}
