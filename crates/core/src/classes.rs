//! Every column's class, and what each class means.
//!
//! A column's class says what kind of fact it holds about a person, and from that one word follows who
//! may see it ([`visible_to`]), whether reading it is a record view worth auditing, what an export may
//! carry, and what erasure blanks ([`FieldClass::erased`]). The synced record tables carry their
//! classes beside their columns in [`crate::entity`]; the tables that are not records (the op log, the
//! audit log, sync bookkeeping) are classed in [`LOCAL_COLUMNS`] below. A test walks the live schema
//! and fails when any column of any table has no class, so a new column cannot slip in unclassified.
//!
//! The classes are finer than "personal or not" because the roles need them to be: a peer mentor who
//! goes with someone to an appointment needs their name, pronouns, phone and access needs, and must
//! not see their NHS number, address, health or offence history.

use crate::entity::Entity;
use crate::enums::{ClosedSet, RiskFlag, Role};

/// What kind of fact a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum FieldClass {
    /// Who the person is and how to address them: names and pronouns.
    Identity,
    /// Numbers and dates that tie the person to other systems: date of birth, NHS number, prison
    /// number, case reference number.
    Identifier,
    /// How to reach the person: phone and email.
    Contact,
    /// Where the person lives.
    Address,
    /// Health: conditions, support needs, GP registration.
    Health,
    /// Justice and offence: custody, licence, release dates, lived experience of the system.
    Justice,
    /// Risks to the person or to those who meet them.
    Safety,
    /// What anyone going with the person must know: access and communication needs.
    Accompaniment,
    /// Equality monitoring: gender, ethnicity, disability.
    Equality,
    /// Free text written by staff (notes, reasons, titles): it can hold anything.
    FreeText,
    /// How the service runs: ids, dates of events, statuses, who did what.
    Operational,
    /// The values of other columns, each keeping its own class (op payloads, held-back ops).
    Carried,
    /// Keys: never shown, never exported.
    Secret,
}

impl ClosedSet for FieldClass {
    const ALL: &'static [Self] = &[
        FieldClass::Identity,
        FieldClass::Identifier,
        FieldClass::Contact,
        FieldClass::Address,
        FieldClass::Health,
        FieldClass::Justice,
        FieldClass::Safety,
        FieldClass::Accompaniment,
        FieldClass::Equality,
        FieldClass::FreeText,
        FieldClass::Operational,
        FieldClass::Carried,
        FieldClass::Secret,
    ];
    const NAME: &'static str = "field class";
    fn code(self) -> &'static str {
        match self {
            FieldClass::Identity => "identity",
            FieldClass::Identifier => "identifier",
            FieldClass::Contact => "contact",
            FieldClass::Address => "address",
            FieldClass::Health => "health",
            FieldClass::Justice => "justice",
            FieldClass::Safety => "safety",
            FieldClass::Accompaniment => "accompaniment",
            FieldClass::Equality => "equality",
            FieldClass::FreeText => "free_text",
            FieldClass::Operational => "operational",
            FieldClass::Carried => "carried",
            FieldClass::Secret => "secret",
        }
    }
    fn label(self) -> &'static str {
        match self {
            FieldClass::Identity => "Identity",
            FieldClass::Identifier => "Identifier",
            FieldClass::Contact => "Contact details",
            FieldClass::Address => "Address",
            FieldClass::Health => "Health",
            FieldClass::Justice => "Justice and offence",
            FieldClass::Safety => "Safety",
            FieldClass::Accompaniment => "Accompaniment needs",
            FieldClass::Equality => "Equality monitoring",
            FieldClass::FreeText => "Free text",
            FieldClass::Operational => "Operational",
            FieldClass::Carried => "Values of other fields",
            FieldClass::Secret => "Secret",
        }
    }
}

impl FieldClass {
    /// Whether fields of this class say who someone is or how to find them: never logged, always
    /// blanked by erasure. Erasure blanks health, justice, safety and equality facts too, all but the
    /// few the monthly figures count ([`crate::entity::Entity::erasure_blanks`]); operational facts
    /// (that an appointment happened, when, and its outcome) stay so the figures still add up.
    pub fn erased(self) -> bool {
        matches!(
            self,
            FieldClass::Identity
                | FieldClass::Identifier
                | FieldClass::Contact
                | FieldClass::Address
                | FieldClass::Accompaniment
                | FieldClass::FreeText
        )
    }

    /// Whether the field says something about a person (anything but how the service runs). Reading
    /// such fields of a client is what the audit log records as a view.
    pub fn personal(self) -> bool {
        !matches!(self, FieldClass::Operational | FieldClass::Carried | FieldClass::Secret)
    }
}

/// Whether `role` may see fields of `class` on the records of clients in its scope.
pub fn visible_to(role: Role, class: FieldClass) -> bool {
    match role {
        Role::Manager | Role::Caseworker => !matches!(class, FieldClass::Carried | FieldClass::Secret),
        Role::PeerMentor => matches!(
            class,
            FieldClass::Identity
                | FieldClass::Contact
                | FieldClass::Accompaniment
                | FieldClass::Safety
                | FieldClass::Operational
        ),
    }
}

/// The risk flags a peer mentor sees: only those about the safety of whoever goes with the person.
/// The others (self-harm, safeguarding, abuse…) are health and justice detail.
pub const ACCOMPANIMENT_RISKS: &[RiskFlag] =
    &[RiskFlag::ViolenceToStaff, RiskFlag::ViolenceToOthers, RiskFlag::NoLoneWorking];

/// The columns of the tables that are not synced records, with their classes.
pub const LOCAL_COLUMNS: &[(&str, &[(&str, FieldClass)])] = {
    use FieldClass::*;
    &[
        ("client_search", &[("names", Identity), ("identifiers", Identifier)]),
        ("local_state", &[("key", Operational), ("value", Operational)]),
        ("kept_counts", &[("name", Operational), ("n", Operational)]),
        ("kept_days", &[("name", Operational), ("day", Operational), ("n", Operational)]),
        (
            "audit_log",
            &[
                ("device_id", Operational),
                ("seq", Operational),
                ("id", Operational),
                ("at", Operational),
                ("user_id", Operational),
                ("action", Operational),
                ("entity", Operational),
                ("entity_id", Operational),
                ("client_id", Operational),
                ("detail", Operational),
                ("prev_hash", Operational),
                ("hash", Operational),
            ],
        ),
        (
            "ops",
            &[
                ("device", Operational),
                ("seq", Operational),
                ("op_id", Operational),
                ("hlc", Operational),
                ("author", Operational),
                ("entity_n", Operational),
                ("entity_id", Operational),
                ("kind_n", Operational),
                ("payload", Carried),
                ("base", Operational),
                ("schema_version", Operational),
                ("recorded_s", Operational),
                ("sig", Operational),
            ],
        ),
        ("op_nodes", &[("n", Operational), ("id", Operational)]),
        (
            "conflicts",
            &[
                ("id", Operational),
                ("entity", Operational),
                ("entity_id", Operational),
                ("field", Operational),
                ("winner_op_id", Operational),
                ("loser_op_id", Operational),
                ("detected_at", Operational),
                ("resolved_by_op_id", Operational),
            ],
        ),
        (
            "peers",
            &[
                ("device_id", Operational),
                ("name", Operational),
                ("public_key", Operational),
                ("last_seq_seen", Operational),
                ("last_bundle_at", Operational),
            ],
        ),
        ("peer_vectors", &[("peer_id", Operational), ("device_id", Operational), ("seq", Operational)]),
        ("peer_audit_vectors", &[("peer_id", Operational), ("device_id", Operational), ("seq", Operational)]),
        (
            "quarantine",
            &[
                ("device_id", Operational),
                ("seq", Operational),
                ("hlc", Operational),
                ("op", Carried),
                ("received_at", Operational),
            ],
        ),
        ("device_secrets", &[("name", Operational), ("value", Secret)]),
    ]
};

/// The class of any column of any table, if it has one.
pub fn class_of(table: &str, column: &str) -> Option<FieldClass> {
    if let Some(e) = Entity::ALL.iter().find(|e| e.table() == table) {
        if column == "id" || column == "rid" {
            return Some(FieldClass::Operational);
        }
        return e.columns().iter().chain(e.derived()).find(|c| c.name == column).map(|c| c.class);
    }
    LOCAL_COLUMNS
        .iter()
        .find(|(t, _)| *t == table)
        .and_then(|(_, cols)| cols.iter().find(|(c, _)| *c == column).map(|(_, k)| *k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_peer_mentor_sees_only_what_going_with_someone_needs() {
        for class in FieldClass::ALL {
            let mentor = visible_to(Role::PeerMentor, *class);
            let expected = matches!(
                class,
                FieldClass::Identity
                    | FieldClass::Contact
                    | FieldClass::Accompaniment
                    | FieldClass::Safety
                    | FieldClass::Operational
            );
            assert_eq!(mentor, expected, "{class:?}");
        }
        assert!(!visible_to(Role::PeerMentor, FieldClass::Health));
        assert!(!visible_to(Role::PeerMentor, FieldClass::Justice));
        assert!(!visible_to(Role::PeerMentor, FieldClass::FreeText));
        assert!(visible_to(Role::Caseworker, FieldClass::Health));
        assert!(!visible_to(Role::Manager, FieldClass::Secret));
    }

    #[test]
    fn erasure_blanks_what_identifies_a_person_and_keeps_what_the_figures_need() {
        assert!(FieldClass::Identity.erased());
        assert!(FieldClass::Identifier.erased());
        assert!(FieldClass::FreeText.erased());
        assert!(!FieldClass::Operational.erased());
        assert!(FieldClass::Identity.personal());
        assert!(!FieldClass::Operational.personal());
    }
}
