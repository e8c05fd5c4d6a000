//! Command arguments: typed, closed (unknown fields are refused) and bounded in size, so a page can
//! never hand core something it did not mean to.

use serde::Deserialize;
use throughcare_core::ids::{AppointmentId, ClientId};
use throughcare_core::model::Page;
use throughcare_core::model::appointments::{Booking, OutcomeRecord};
use throughcare_core::model::clients::{ClientFields, ClientFilter, ClientPatch};

use crate::error::UiError;

/// Refuses text longer than `max` characters.
pub fn bounded(field: &str, value: &str, max: usize) -> Result<(), UiError> {
    if value.chars().count() > max {
        return Err(UiError::invalid(field, format!("This is too long: at most {max} characters fit.")));
    }
    Ok(())
}

/// Making the first database.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateDatabaseArgs {
    /// Organisation name.
    pub organisation: String,
    /// The first manager's name.
    pub your_name: String,
    /// The new passphrase.
    pub passphrase: String,
}

/// Unlocking.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnlockArgs {
    /// The passphrase.
    pub passphrase: String,
}

/// A page of clients.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientsArgs {
    /// Which.
    pub filter: ClientFilter,
    /// Which page.
    pub page: Page,
}

/// One client.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientArgs {
    /// The client.
    pub id: ClientId,
}

/// A new client.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateClientArgs {
    /// What was typed.
    pub fields: ClientFields,
}

/// Changing a client.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateClientArgs {
    /// The client.
    pub id: ClientId,
    /// The fields changed.
    pub patch: ClientPatch,
}

/// Booking.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookArgs {
    /// What to book.
    pub booking: Booking,
}

/// Recording an outcome.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeArgs {
    /// The appointment.
    pub id: AppointmentId,
    /// What happened.
    pub record: OutcomeRecord,
}
