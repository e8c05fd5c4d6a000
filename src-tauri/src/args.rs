//! Command arguments: typed, closed (unknown fields are refused) and bounded in size, so a page can
//! never hand core something it did not mean to.

use serde::Deserialize;
use throughcare_core::dupes::DuplicateQuery;
use throughcare_core::enums::{CloseReason, Outcome, ReferralStatus};
use throughcare_core::ids::{
    AppointmentId, ClientId, DeviceId, MentorId, MentorLinkId, ReferralId, TaskId, UserId,
};
use throughcare_core::ids::{MergeId, ServiceId};
use throughcare_core::model::Page;
use throughcare_core::model::appointments::{Booking, OutcomeRecord};
use throughcare_core::model::clients::{ClientFields, ClientFilter, ClientPatch};
use throughcare_core::model::consents::NewConsent;
use throughcare_core::model::contacts::NewContact;
use throughcare_core::model::measures::NewMeasure;
use throughcare_core::model::mentors::{MentorFields, MentorPatch};
use throughcare_core::model::referrals::{NewReferral, ReferralFilter};
use throughcare_core::model::services::{ServiceFields, ServicePatch};
use throughcare_core::model::tasks::{NewTask, TaskFilter};
use throughcare_core::sync::Keep;
use throughcare_core::time::{Date, Timestamp};

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
    /// The person's name, as the app knows them.
    pub name: String,
    /// Their passphrase.
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

/// What someone typed to find a person, and how many to show.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchArgs {
    /// The words typed.
    pub query: String,
    /// At most this many (1 to 50).
    pub limit: u32,
}

/// One client.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientArgs {
    /// The client.
    pub id: ClientId,
}

/// Everything held about one person, and from when to list the files that may have carried it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectAccessArgs {
    /// The person.
    pub id: ClientId,
    /// List files from this day (by default, the day they were first known).
    #[serde(default)]
    pub since: Option<Date>,
}

/// A consent decision.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordConsentArgs {
    /// What they decided, for which purpose, when and how.
    pub consent: NewConsent,
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

/// Moving an appointment to a new time.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RescheduleArgs {
    /// The appointment being moved.
    pub id: AppointmentId,
    /// The new start.
    pub starts_at: Timestamp,
    /// The new end, if known.
    #[serde(default)]
    pub ends_at: Option<Timestamp>,
    /// Who moved it: `cancelled_by_patient` or `cancelled_by_provider`.
    pub cancelled_by: Outcome,
}

/// One peer mentor.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MentorArgs {
    /// The mentor.
    pub id: MentorId,
}

/// A new peer mentor.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddMentorArgs {
    /// What was typed.
    pub fields: MentorFields,
}

/// Changing a peer mentor.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateMentorArgs {
    /// The mentor.
    pub id: MentorId,
    /// The fields changed.
    pub patch: MentorPatch,
}

/// Pairing a mentor with a client.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkArgs {
    /// The mentor.
    pub mentor_id: MentorId,
    /// The client.
    pub client_id: ClientId,
    /// From.
    pub starts_on: Date,
}

/// Ending a pairing.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndLinkArgs {
    /// The link.
    pub id: MentorLinkId,
    /// On.
    pub ends_on: Date,
}

/// A page of referrals.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferralsArgs {
    /// Which.
    pub filter: ReferralFilter,
    /// Which page.
    pub page: Page,
}

/// Making a referral.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MakeReferralArgs {
    /// What was typed.
    pub referral: NewReferral,
}

/// Moving a referral on.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveReferralArgs {
    /// The referral.
    pub id: ReferralId,
    /// The next status.
    pub to: ReferralStatus,
    /// When it happened.
    pub on: Date,
}

/// Logging a contact.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogContactArgs {
    /// What was typed.
    pub contact: NewContact,
}

/// Closing a client's support.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseEpisodeArgs {
    /// The client.
    pub client_id: ClientId,
    /// On.
    pub on: Date,
    /// Why.
    pub reason: CloseReason,
}

/// Opening support again.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReopenEpisodeArgs {
    /// The client.
    pub client_id: ClientId,
    /// On.
    pub on: Date,
}

/// Marking a task done or not done.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompleteTaskArgs {
    /// The task.
    pub id: TaskId,
    /// Done?
    pub done: bool,
}

/// Which tasks, and which page of them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TasksArgs {
    /// Which.
    pub filter: TaskFilter,
    /// Which page.
    pub page: Page,
}

/// A task added by hand.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddTaskArgs {
    /// What to do, about whom, for whom, by when.
    pub task: NewTask,
}

/// Giving a task to someone else.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReassignTaskArgs {
    /// The task.
    pub id: TaskId,
    /// Who should do it now.
    pub assignee_id: UserId,
}

/// Moving a task's due date.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RescheduleTaskArgs {
    /// The task.
    pub id: TaskId,
    /// The new due date.
    pub due_on: Date,
}

/// What has been typed about a new person, to look for them on record.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuplicatesArgs {
    /// The typed details.
    pub query: DuplicateQuery,
}

/// Merging two records of one person.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeClientsArgs {
    /// The record kept.
    pub kept_id: ClientId,
    /// The record merged into it.
    pub merged_id: ClientId,
    /// The fields chosen from the merged record.
    pub choices: ClientPatch,
}

/// Undoing a merge.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UndoMergeArgs {
    /// The merge.
    pub id: MergeId,
}

/// A service added to the directory.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddServiceArgs {
    /// The service.
    pub fields: ServiceFields,
}

/// A change to a service.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateServiceArgs {
    /// The service.
    pub id: ServiceId,
    /// What changes.
    pub patch: ServicePatch,
}

/// A completed questionnaire.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordMeasureArgs {
    /// The answers or the total.
    pub measure: NewMeasure,
}

/// The questionnaires the organisation uses.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferedScalesArgs {
    /// Which (any of them, or none).
    pub scales: Vec<throughcare_core::enums::MeasureScale>,
}

/// Importing the sync file staged with `stage_sync_file`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportSyncArgs {
    /// The file's passphrase, when it was locked with one.
    #[serde(default)]
    pub passphrase: Option<String>,
}

/// Which changes go into a sync file.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ExportTo {
    /// Every change this device holds.
    All,
    /// Only what that device has not seen, as far as this one knows.
    SincePeer {
        /// The other device.
        device_id: DeviceId,
    },
}

/// Making a sync file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportSyncArgs {
    /// What to put in it.
    pub to: ExportTo,
    /// Lock it with this passphrase instead of the organisation's key.
    #[serde(default)]
    pub passphrase: Option<String>,
}

/// Settling a conflict.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolveConflictArgs {
    /// The conflict.
    pub id: String,
    /// What to keep.
    pub keep: Keep,
}

/// Joining an organisation with the invitation staged by `stage_invitation`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinArgs {
    /// The one-time code that came with the invitation.
    pub code: String,
    /// The person's own new passphrase.
    pub passphrase: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sync_file_is_for_everyone_or_for_one_device_and_nothing_else() {
        let all: ExportSyncArgs = serde_json::from_str(r#"{"to":{"kind":"all"},"passphrase":null}"#).unwrap();
        assert!(matches!(all.to, ExportTo::All) && all.passphrase.is_none());
        let id = "0192f1d2-0000-7000-8000-0000005a3b1e";
        let one: ExportSyncArgs =
            serde_json::from_str(&format!(r#"{{"to":{{"kind":"since_peer","device_id":"{id}"}}}}"#)).unwrap();
        assert!(matches!(one.to, ExportTo::SincePeer { device_id } if device_id.to_string() == id));
        for bad in [
            r#"{"to":{"kind":"everything"}}"#,
            r#"{"to":{"kind":"all"},"path":"/etc/passwd"}"#,
            r#"{"to":{"kind":"since_peer","device_id":"not an id"}}"#,
        ] {
            assert!(serde_json::from_str::<ExportSyncArgs>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_conflict_is_settled_by_keeping_a_version_or_a_typed_value() {
        let a: ResolveConflictArgs = serde_json::from_str(r#"{"id":"x","keep":{"keep":"other"}}"#).unwrap();
        assert_eq!(a.keep, Keep::Other);
        let b: ResolveConflictArgs =
            serde_json::from_str(r#"{"id":"x","keep":{"keep":"value","value":"07700 900123"}}"#).unwrap();
        assert_eq!(b.keep, Keep::Value("07700 900123".into()));
        // "Mine" means this computer's version, as core decides; anything else is refused.
        let c: ResolveConflictArgs = serde_json::from_str(r#"{"id":"x","keep":{"keep":"mine"}}"#).unwrap();
        assert_eq!(c.keep, Keep::Mine);
        assert!(serde_json::from_str::<ResolveConflictArgs>(r#"{"id":"x","keep":{"keep":"both"}}"#).is_err());
    }
}

/// Adding a person.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddPersonArgs {
    /// Who.
    pub person: throughcare_core::people::NewPerson,
    /// Their passphrase for this computer, typed by them (none: they cannot unlock it yet).
    #[serde(default)]
    pub passphrase: Option<String>,
}

/// One person.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserArgs {
    /// Who.
    pub user_id: throughcare_core::ids::UserId,
}

/// Letting a person unlock this computer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LetUnlockArgs {
    /// Who.
    pub user_id: throughcare_core::ids::UserId,
    /// Their passphrase, typed by them.
    pub passphrase: String,
}

/// Changing a person.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangePersonArgs {
    /// Who.
    pub user_id: throughcare_core::ids::UserId,
    /// What changes.
    pub change: throughcare_core::people::PersonChange,
}

/// Sharing a client.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareClientArgs {
    /// The client.
    pub client_id: ClientId,
    /// With whom.
    pub with: throughcare_core::model::shares::ShareWith,
}

/// Ending a share.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndShareArgs {
    /// The share.
    pub share_id: throughcare_core::ids::ShareId,
}

/// Moving a caseload.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReassignArgs {
    /// From.
    pub from: throughcare_core::ids::UserId,
    /// To.
    pub to: throughcare_core::ids::UserId,
}

/// The organisation's lock setting.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockMinutesArgs {
    /// Minutes, 1 to 15.
    pub minutes: u32,
}

/// Years a person's details are kept after their support closed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionYearsArgs {
    /// Years, 1 to 20.
    pub years: u32,
}

/// Keeping a record past the keeping time.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeepRecordArgs {
    /// Whose record.
    pub client_id: ClientId,
    /// Why it is kept.
    pub reason: String,
}

/// Changing one's own passphrase.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangePassphraseArgs {
    /// The current one.
    pub old: String,
    /// The new one.
    pub new: String,
}

/// A page of the audit log.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditArgs {
    /// Which entries.
    pub filter: throughcare_core::audit::AuditFilter,
    /// Which page.
    pub page: Page,
}

/// Saving the audit log.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditExportArgs {
    /// Which entries.
    pub filter: throughcare_core::audit::AuditFilter,
}

/// Inviting a computer for a person.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InviteDeviceArgs {
    /// Who will use it.
    pub user_id: throughcare_core::ids::UserId,
    /// What to call it ("Sam's laptop").
    pub device_name: String,
    /// How many days the invitation works (7 if not given).
    #[serde(default = "invitation_days")]
    pub valid_days: u32,
}

fn invitation_days() -> u32 {
    throughcare_core::sync::trust::INVITATION_DAYS
}

/// Revoking a lost or retired computer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevokeDeviceArgs {
    /// The computer.
    pub device_id: throughcare_core::ids::DeviceId,
}

/// The monthly summary to show.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportArgs {
    /// Which month, whose clients, internal or external.
    pub request: throughcare_core::report::ReportRequest,
}

/// The records behind a figure.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportRecordsArgs {
    /// The summary.
    pub request: throughcare_core::report::ReportRequest,
    /// The figure's key.
    pub key: String,
    /// How many of its records to skip.
    pub offset: u64,
    /// How many to send at most.
    pub limit: u64,
}

/// Saving the monthly summary.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportReportArgs {
    /// The summary.
    pub request: throughcare_core::report::ReportRequest,
    /// The file format.
    pub format: throughcare_core::report::files::ReportFormat,
}

/// Going into custody: a remand, a sentence or a recall.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddCustodyArgs {
    /// The episode.
    pub fields: throughcare_core::model::custody::CustodyFields,
}

/// A move between prisons during a custody episode.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveEstablishmentArgs {
    /// The episode.
    pub id: throughcare_core::ids::CustodyId,
    /// The prison they moved to.
    pub establishment: String,
    /// The expected release date, as it now stands.
    pub expected_release_on: Option<Date>,
}

/// A release from custody.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordReleaseArgs {
    /// The episode.
    pub id: throughcare_core::ids::CustodyId,
    /// What is known of the release.
    pub release: throughcare_core::model::custody::ReleaseDetails,
}

/// A week on someone's calendar.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekArgs {
    /// Whose.
    pub of: throughcare_core::calendar::CalendarOf,
    /// Any day in the week.
    pub day: Date,
}

/// A booking or a move to check.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckBookingArgs {
    /// What is about to be saved.
    pub check: throughcare_core::calendar::BookingCheck,
}

/// Free slots to find.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreeSlotsArgs {
    /// The mentor.
    pub mentor_id: MentorId,
    /// The person, whose own appointments are avoided too.
    #[serde(default)]
    pub client_id: Option<ClientId>,
    /// How long, in minutes.
    pub minutes: u32,
}

/// Moving an appointment.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveAppointmentArgs {
    /// The appointment.
    pub id: AppointmentId,
    /// The new start.
    pub starts_at: Timestamp,
    /// The new end.
    #[serde(default)]
    pub ends_at: Option<Timestamp>,
}

/// Setting a mentor's availability.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetAvailabilityArgs {
    /// The mentor.
    pub mentor_id: MentorId,
    /// The whole availability.
    pub availability: throughcare_core::availability::Availability,
}

/// A calendar file to save.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportCalendarArgs {
    /// Whose, and which days.
    pub request: throughcare_core::ics::CalendarRequest,
}
