//! The Today screen, its figures included.

use tauri::State;
use throughcare_core::time::today_london;
use throughcare_core::today::Today;

use crate::error::UiError;
use crate::state::AppState;

/// The day's agenda and figures for the person using the app (core decides whose: their scope).
#[tauri::command]
pub async fn today(state: State<'_, AppState>) -> Result<Today, UiError> {
    state.with(|s| Ok(s.store.reader(&s.actor).today(today_london())?))
}
