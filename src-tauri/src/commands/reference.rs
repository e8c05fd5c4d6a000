//! Reference lists the forms need: labels for every closed set, users and peer mentors.

use std::collections::BTreeMap;

use serde::Serialize;
use tauri::State;
use throughcare_core::enums::*;
use throughcare_core::ids::{MentorId, UserId};
use throughcare_core::model::mentors::DbsCheck;

use crate::error::UiError;
use crate::state::AppState;

/// A code and its label.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Label {
    /// The stored code.
    pub code: String,
    /// What people see.
    pub label: String,
}

/// Labels for every closed set, by the set's name.
pub type Labels = BTreeMap<String, Vec<Label>>;

/// A user, for choosing one.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct UserSummary {
    /// Id.
    pub id: UserId,
    /// Name.
    pub display_name: String,
    /// Role.
    pub role: Role,
}

/// A peer mentor, for choosing one.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct MentorSummary {
    /// Id.
    pub id: MentorId,
    /// Name.
    pub display_name: String,
}

fn set<T: ClosedSet>(name: &str, out: &mut Labels) {
    out.insert(
        name.to_owned(),
        T::ALL.iter().map(|v| Label { code: v.code().to_owned(), label: v.label().to_owned() }).collect(),
    );
}

/// Every closed set's labels (they live in core, so the page never spells them out itself).
pub fn all_labels() -> Labels {
    let mut m = Labels::new();
    set::<Role>("Role", &mut m);
    set::<JusticeStatus>("JusticeStatus", &mut m);
    set::<Gender>("Gender", &mut m);
    set::<Ethnicity>("Ethnicity", &mut m);
    set::<Disability>("Disability", &mut m);
    set::<SupportNeed>("SupportNeed", &mut m);
    set::<RiskFlag>("RiskFlag", &mut m);
    set::<GpStatus>("GpStatus", &mut m);
    set::<ConsentMethod>("ConsentMethod", &mut m);
    set::<ConsentPurpose>("ConsentPurpose", &mut m);
    set::<CloseReason>("CloseReason", &mut m);
    set::<CustodyKind>("CustodyKind", &mut m);
    set::<ServiceType>("ServiceType", &mut m);
    set::<Accompaniment>("Accompaniment", &mut m);
    set::<Outcome>("Outcome", &mut m);
    set::<DnaReason>("DnaReason", &mut m);
    set::<ReferralStatus>("ReferralStatus", &mut m);
    set::<ContactKind>("ContactKind", &mut m);
    set::<TaskKind>("TaskKind", &mut m);
    set::<MeasureScale>("MeasureScale", &mut m);
    set::<LivedExperience>("LivedExperience", &mut m);
    set::<DbsCheck>("DbsCheck", &mut m);
    set::<throughcare_core::audit::AuditAction>("AuditAction", &mut m);
    m
}

/// Labels for every closed set.
#[tauri::command]
pub async fn labels() -> Result<Labels, UiError> {
    Ok(all_labels())
}

/// Current users.
#[tauri::command]
pub async fn users(state: State<'_, AppState>) -> Result<Vec<UserSummary>, UiError> {
    state.with(|s| {
        Ok(s.store
            .reader(&s.actor)
            .users(false)?
            .into_iter()
            .map(|u| UserSummary { id: u.id, display_name: u.fields.display_name, role: u.fields.role })
            .collect())
    })
}

/// Current peer mentors.
#[tauri::command]
pub async fn mentors(state: State<'_, AppState>) -> Result<Vec<MentorSummary>, UiError> {
    state.with(|s| {
        Ok(s.store
            .reader(&s.actor)
            .mentors(false)?
            .into_iter()
            .map(|m| MentorSummary { id: m.id, display_name: m.fields.display_name })
            .collect())
    })
}
