//! Throughcare's core: the domain model, its rules, and the encrypted store they live in.
//!
//! Everything that is a rule lives here, so that the command line, the desktop shell and (later) the
//! organisation hub all behave the same: validation ([`validate`] and each aggregate's checks),
//! permissions ([`authz`]), the single write path that records every change in the op log
//! ([`store::Tx`]), and the checks that the records still match that log ([`verify`]). Nothing here
//! knows about Tauri or a terminal.

pub mod audit;
pub mod authz;
pub mod availability;
pub mod backup;
mod bulk;
pub mod calendar;
pub mod classes;
pub mod demo;
pub mod dupes;
pub mod entity;
pub mod enums;
pub mod erasures;
mod error;
pub mod export;
pub mod files;
pub mod hlc;
pub mod ics;
pub mod ids;
pub mod import;
mod kept;
pub mod keyfile;
pub mod mentoring;
pub mod migrations;
pub mod model;
pub mod names;
mod oplog;
pub mod overview;
mod packed;
#[cfg(test)]
mod pages;
pub mod people;
pub mod record;
pub mod report;
pub mod retention;
pub mod scales;
pub mod scope;
pub mod search;
pub mod store;
pub mod subject_access;
pub mod sync;
pub mod time;
pub mod today;
pub mod unlock;
pub mod validate;
pub mod verify;

pub use error::{Error, ErrorKind, Result};
/// The SQLite error type, for callers that need to name it.
pub use rusqlite::Error as RusqliteError;
pub use store::{Actor, NewDatabase, Reader, Store, Tx};
