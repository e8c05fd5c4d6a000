//! Typed record ids.
//!
//! Every record id is a UUIDv7 (time-ordered, so new rows land at the end of indexes and ids sort by
//! creation). Each kind of record has its own newtype so that a client id cannot be passed where an
//! appointment id is meant. The record tables store an id as its 16 bytes (migration 0033), which
//! sort in the same order as the text; messages, files and the screens carry canonical lowercase
//! text. Code that holds an id only as text binds it through [`key`].

use std::fmt;
use std::str::FromStr;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use uuid::Uuid;

/// Reads a stored id: 16 bytes in the record tables, text in the few tables that keep ids as
/// written (the audit log, sync's own bookkeeping).
pub(crate) fn uuid_of(value: ValueRef<'_>) -> FromSqlResult<Uuid> {
    match value {
        ValueRef::Blob(b) => Uuid::from_slice(b).map_err(|e| FromSqlError::Other(Box::new(e))),
        ValueRef::Text(t) => {
            std::str::from_utf8(t).ok().and_then(|s| Uuid::parse_str(s).ok()).ok_or(FromSqlError::InvalidType)
        }
        _ => Err(FromSqlError::InvalidType),
    }
}

/// An id held as text (a field of a change, a record named by kind and id), as the record tables
/// and the op log store it. Only the usual lowercase form is accepted, so that it reads back as the
/// same text; a malformed id is refused here rather than silently matching nothing.
pub fn key(id: &str) -> crate::Result<[u8; 16]> {
    // 36 characters parse only in the hyphenated form; no capitals makes it the usual one.
    match Uuid::parse_str(id) {
        Ok(u) if id.len() == 36 && !id.bytes().any(|b| b.is_ascii_uppercase()) => Ok(*u.as_bytes()),
        _ => Err(crate::Error::invalid("id", format!("'{id}' is not a valid id."))),
    }
}

/// Any stored id, read back as canonical text: for code that handles records of every kind alike.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdText(pub String);

impl FromSql for IdText {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        uuid_of(value).map(|u| IdText(u.as_hyphenated().to_string()))
    }
}

/// What every id type can do.
pub trait RecordId:
    Copy
    + Eq
    + fmt::Display
    + fmt::Debug
    + FromStr<Err = crate::Error>
    + serde::Serialize
    + serde::de::DeserializeOwned
    + ToSql
{
    /// A new time-ordered id.
    fn fresh() -> Self;
}

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new time-ordered id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
            /// The underlying UUID.
            pub fn uuid(&self) -> Uuid {
                self.0
            }
        }

        impl RecordId for $name {
            fn fresh() -> Self {
                Self::new()
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.as_hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = crate::Error;
            fn from_str(s: &str) -> crate::Result<Self> {
                Uuid::parse_str(s.trim())
                    .map(Self)
                    .map_err(|_| crate::Error::invalid("id", format!("'{}' is not a valid id.", s.trim())))
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::Borrowed(ValueRef::Blob(self.0.as_bytes())))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                uuid_of(value).map(Self)
            }
        }
    )+};
}

id_type!(
    /// An organisation.
    OrgId,
    /// A person using the app.
    UserId,
    /// A team of users.
    TeamId,
    /// A device (laptop) holding a copy of the data.
    DeviceId,
    /// A client: a person the service supports.
    ClientId,
    /// An episode of support.
    EpisodeId,
    /// A custody episode.
    CustodyId,
    /// A health appointment.
    AppointmentId,
    /// A referral.
    ReferralId,
    /// A dated step in a referral's history.
    ReferralEventId,
    /// A logged support contact.
    ContactId,
    /// A follow-up task.
    TaskId,
    /// A service in the directory.
    ServiceId,
    /// A peer mentor.
    MentorId,
    /// A mentor link.
    MentorLinkId,
    /// A client shared with a caseworker or a team.
    ShareId,
    /// A person bound to a computer.
    DeviceUserId,
    /// One of the organisation's encryption keys.
    OrgKeyId,
    /// A completed outcome measure.
    MeasureId,
    /// A merge of two client records.
    MergeId,
    /// A consent decision.
    ConsentId,
    /// A review of a record kept past the organisation's keeping time.
    RetentionReviewId,
    /// An op in the op log.
    OpId,
);
