//! Referrals: the caseload's referrals by status, making one, and moving it through its lifecycle.

use tauri::State;
use throughcare_core::model::Paged;
use throughcare_core::model::referrals::{Referral, ReferralRow};

use crate::args::{MakeReferralArgs, MoveReferralArgs, ReferralsArgs};
use crate::error::UiError;
use crate::state::AppState;

/// A page of referrals: open ones first, longest-waiting first, then finished ones.
#[tauri::command]
pub async fn referrals(
    state: State<'_, AppState>,
    args: ReferralsArgs,
) -> Result<Paged<ReferralRow>, UiError> {
    state.with(|s| Ok(s.store.reader(&s.actor).referrals(&args.filter, args.page)?))
}

/// Makes a referral (a draft, or sent).
#[tauri::command]
pub async fn make_referral(state: State<'_, AppState>, args: MakeReferralArgs) -> Result<Referral, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.make_referral(args.referral))?))
}

/// Moves a referral to its next status, dated.
#[tauri::command]
pub async fn move_referral(state: State<'_, AppState>, args: MoveReferralArgs) -> Result<Referral, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.move_referral(args.id, args.to, args.on))?))
}
