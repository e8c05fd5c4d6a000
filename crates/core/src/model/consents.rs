//! Consent: what a person has agreed to, purpose by purpose, with the history of their decisions.
//!
//! Each decision (agreed, or did not agree or withdrew) is a record of its own, dated, saying how it
//! was given and who recorded it, so the history is never overwritten. The client's own consent
//! columns mirror the latest decision of each purpose, written in the same transaction, so the checks
//! that act on consent (a referral sent to a health service) and lists read one row. Decisions made
//! before the history was kept (imported, or entered with the client) are read from those columns.
//!
//! Withdrawing consent to keep their details does not blank the record by itself: erasing is a
//! manager's act after a typed confirmation ([`Tx::erase_client`]), so until then the record says
//! that an erasure is due.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::entity::{Entity, select_list};
use crate::enums::{ClosedSet, ConsentMethod, ConsentPurpose};
use crate::ids::{ClientId, ConsentId, UserId};
use crate::model::appointments::check_client;
use crate::model::clients::{ClientFields, ClientPatch};
use crate::model::{Stored, fields_impl, query_all, record};
use crate::store::{Reader, Tx};
use crate::time::Date;
use crate::{Error, Result};

record! {
    /// One consent decision.
    ConsentFields, ConsentPatch {
        /// Whose.
        client_id: ClientId,
        /// What it is for.
        purpose: ConsentPurpose,
        /// Whether they agreed (false: they did not agree, or withdrew).
        given: bool,
        /// The day they decided.
        decided_on: Date,
        /// How it was given.
        method: Option<ConsentMethod>,
        /// Who recorded it.
        recorded_by: UserId,
    }
}
fields_impl!(ConsentFields, ConsentPatch, Entity::Consent, ConsentId);

/// A stored consent decision.
pub type Consent = Stored<ConsentId, ConsentFields>;

/// A decision as a person records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct NewConsent {
    /// Whose.
    pub client_id: ClientId,
    /// What it is for.
    pub purpose: ConsentPurpose,
    /// Whether they agreed (false: they did not agree, or withdrew).
    pub given: bool,
    /// The day they decided.
    pub decided_on: Date,
    /// How it was given (needed when they agree; for a withdrawal, how they said so).
    #[serde(default)]
    pub method: Option<ConsentMethod>,
}

impl ConsentFields {
    fn check_fields(&mut self, r: &Reader<'_>, today: Date) -> Result<()> {
        check_client(r, self.client_id)?;
        if self.decided_on > today {
            return Err(Error::invalid("decided_on", "A decision cannot be dated in the future."));
        }
        if self.given && self.method.is_none() {
            return Err(Error::invalid(
                "method",
                "Say how they gave consent: a signed form, verbally with a witness, or electronically.",
            ));
        }
        Ok(())
    }
}

/// Where one purpose stands now.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ConsentState {
    /// What it is for.
    pub purpose: ConsentPurpose,
    /// Agreed, did not agree (or withdrew), or never asked.
    pub given: Option<bool>,
    /// When they decided, if known.
    pub decided_on: Option<Date>,
    /// How it was given, if known.
    pub method: Option<ConsentMethod>,
    /// Who recorded it; none for a decision from before the history was kept.
    pub recorded_by: Option<String>,
}

/// One decision in the history, with who recorded it by name.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ConsentEntry {
    /// The decision.
    pub consent: Consent,
    /// Who recorded it.
    pub recorded_by_name: String,
}

/// A person's consent: where each purpose stands, and every decision, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ClientConsent {
    /// Each purpose, in a fixed order (keep, health, probation).
    pub current: Vec<ConsentState>,
    /// Every decision recorded, newest first.
    pub history: Vec<ConsentEntry>,
    /// They have withdrawn consent to keep their details and the record is not yet erased.
    pub erasure_due: bool,
}

/// The client column that mirrors a purpose.
fn mirrored(c: &ClientFields, p: ConsentPurpose) -> Option<bool> {
    match p {
        ConsentPurpose::Store => {
            if c.consent_withdrawn_on.is_some() {
                Some(false)
            } else {
                c.consent_store
            }
        }
        ConsentPurpose::ShareHealth => c.consent_share_health,
        ConsentPurpose::ShareProbation => c.consent_share_probation,
    }
}

impl Reader<'_> {
    /// Every consent decision about a person, newest first.
    fn consent_decisions(&self, client: ClientId) -> Result<Vec<Consent>> {
        crate::authz::read(self.actor, Entity::Consent)?;
        let sql = format!(
            "SELECT {} FROM consents WHERE client_id = :c AND archived_at IS NULL
             ORDER BY decided_on DESC, created_at DESC, id DESC",
            select_list(Entity::Consent)
        );
        query_all(self, Entity::Consent, &sql, &[(":c", &client)])
    }

    /// A person's consent, purpose by purpose, with its history.
    pub fn consent(&self, client: ClientId) -> Result<ClientConsent> {
        crate::authz::read(self.actor, Entity::Consent)?;
        let c = self.client(client)?.fields;
        let decisions = self.consent_decisions(client)?;
        // Only the people who recorded a decision, each looked up once.
        let recorders: std::collections::HashSet<UserId> =
            decisions.iter().map(|d| d.fields.recorded_by).collect();
        let names: HashMap<UserId, Option<String>> =
            recorders.into_iter().map(|u| Ok((u, self.user_name(u)?))).collect::<Result<_>>()?;
        let name =
            |u: UserId| names.get(&u).cloned().flatten().unwrap_or_else(|| "Someone no longer here".into());
        let current = ConsentPurpose::ALL
            .iter()
            .map(|p| match decisions.iter().find(|d| d.fields.purpose == *p) {
                Some(d) => ConsentState {
                    purpose: *p,
                    given: Some(d.fields.given),
                    decided_on: Some(d.fields.decided_on),
                    method: d.fields.method,
                    recorded_by: Some(name(d.fields.recorded_by)),
                },
                // From before the history was kept: the client's own columns, dated when known.
                None => {
                    let given = mirrored(&c, *p);
                    let (decided_on, method) = match (p, given) {
                        (ConsentPurpose::Store, Some(false)) => (c.consent_withdrawn_on, None),
                        (_, Some(_)) => (c.consent_on, c.consent_method),
                        (_, None) => (None, None),
                    };
                    ConsentState { purpose: *p, given, decided_on, method, recorded_by: None }
                }
            })
            .collect();
        let erasure_due = c.consent_withdrawn_on.is_some() && !crate::dupes::is_erased(self.conn()?, client)?;
        let history = decisions
            .into_iter()
            .map(|d| ConsentEntry { recorded_by_name: name(d.fields.recorded_by), consent: d })
            .collect();
        Ok(ClientConsent { current, history, erasure_due })
    }
}

/// Which consent a referral to this kind of service needs before it is sent, if any.
pub fn needed_to_refer(service: crate::enums::ServiceType) -> Option<ConsentPurpose> {
    use crate::enums::ServiceType::*;
    match service {
        Housing | Benefits | Other => None,
        _ => Some(ConsentPurpose::ShareHealth),
    }
}

/// Refuses to share a person's details for `purpose` when they have said no.
pub(crate) fn require_sharing(c: &ClientFields, purpose: ConsentPurpose, what: &str) -> Result<()> {
    if mirrored(c, purpose) == Some(false) {
        let whom = match purpose {
            ConsentPurpose::ShareProbation => "probation",
            _ => "health services",
        };
        return Err(Error::invalid(
            "status",
            format!(
                "This person has not agreed to their details being shared with {whom}, so {what} cannot be sent. \
                 If they have changed their mind, record their consent on their record first."
            ),
        ));
    }
    Ok(())
}

impl Tx<'_> {
    /// Records a consent decision and makes it the person's current consent for that purpose.
    /// Withdrawing consent to keep their details marks the record for erasure, which a manager
    /// then confirms.
    pub fn record_consent(&mut self, n: NewConsent) -> Result<Consent> {
        crate::authz::write(self.actor, Entity::Consent)?;
        let client = self.reader().client(n.client_id).map_err(|e| match e {
            Error::NotFound { .. } => Error::invalid("client_id", "That client was not found."),
            e => e,
        })?;
        if crate::dupes::is_erased(&self.tx, n.client_id)? {
            return Err(Error::invalid(
                "client_id",
                "This person's details have been erased, so there is no consent left to record.",
            ));
        }
        if let Some(last) =
            self.reader().consent_decisions(n.client_id)?.iter().find(|d| d.fields.purpose == n.purpose)
            && n.decided_on < last.fields.decided_on
        {
            return Err(Error::invalid(
                "decided_on",
                format!(
                    "A later decision about this is already recorded (on {}). Record decisions in the order they were made.",
                    last.fields.decided_on.format("%d/%m/%Y")
                ),
            ));
        }
        let consent = self.insert(ConsentFields {
            client_id: n.client_id,
            purpose: n.purpose,
            given: n.given,
            decided_on: n.decided_on,
            method: n.method,
            recorded_by: self.actor.user_id,
        })?;
        let mut patch = ClientPatch::default();
        match (n.purpose, n.given) {
            (ConsentPurpose::Store, true) => {
                patch.consent_store = Some(Some(true));
                patch.consent_on = Some(Some(n.decided_on));
                patch.consent_method = Some(n.method);
                patch.consent_withdrawn_on = Some(None);
            }
            // Kept as "withdrawn" rather than "not agreed" until a manager erases the record: the
            // details it holds stay readable to the people who must act on the withdrawal.
            (ConsentPurpose::Store, false) => patch.consent_withdrawn_on = Some(Some(n.decided_on)),
            (ConsentPurpose::ShareHealth, g) => patch.consent_share_health = Some(Some(g)),
            (ConsentPurpose::ShareProbation, g) => patch.consent_share_probation = Some(Some(g)),
        }
        // Only what differs is written (a decision that changes nothing adds no change to the client).
        self.update_from::<ClientFields>(client, patch).map_err(|e| match e {
            Error::Validation { message, .. } => Error::invalid("decided_on", message),
            e => e,
        })?;
        Ok(consent)
    }
}
