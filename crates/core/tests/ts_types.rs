//! The UI's TypeScript types are generated from these Rust types and committed
//! (`ui/src/lib/types.ts`). This test fails when they are stale; run it with `UPDATE_TYPES=1` to
//! write them again.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use throughcare_core::ErrorKind;
use throughcare_core::audit::{AuditAction, AuditFilter, AuditRow};
use throughcare_core::authz::Abilities;
use throughcare_core::availability::{
    Availability, AvailabilityException, ClockTime, Weekday, WeeklySlot, Window,
};
use throughcare_core::calendar::{
    Attention, BookingCheck, Busy, CalendarOf, Clash, ClashKind, FreeSlot, Reminder, Week,
};
use throughcare_core::classes::FieldClass;
use throughcare_core::dupes::{DuplicateMatch, DuplicateQuery, Duplicates, MergeFields, MergeView};
use throughcare_core::enums::*;
use throughcare_core::ics::{CalendarFor, CalendarRequest, SavedCalendar};
use throughcare_core::ids::*;
use throughcare_core::mentoring::{LinkedPerson, MentorHome};
use throughcare_core::model::appointments::{
    AppointmentFields, AppointmentFilter, AppointmentPatch, Booking, OutcomeRecord,
};
use throughcare_core::model::clients::{
    ClientFields, ClientFilter, ClientPatch, ClientRow, ClientSort, EpisodeFields,
};
use throughcare_core::model::consents::{
    ClientConsent, ConsentEntry, ConsentFields, ConsentState, NewConsent,
};
use throughcare_core::model::contacts::{ContactFields, NewContact};
use throughcare_core::model::custody::{CustodyFields, Pathway, PathwayStep, ReleaseDetails};
use throughcare_core::model::measures::{
    MeasureFields, MeasureReading, MeasureSeries, NewMeasure, ScaleForm,
};
use throughcare_core::model::mentors::{
    ClientLink, DbsCheck, MentorFields, MentorLinkFields, MentorPatch, MentorRecord, MentorRow,
};
use throughcare_core::model::referrals::{
    NewReferral, ReferralEventFields, ReferralFields, ReferralFilter, ReferralRow,
};
use throughcare_core::model::services::{ServiceFields, ServicePatch, ServiceRow};
use throughcare_core::model::shares::{ShareFields, ShareWith};
use throughcare_core::model::tasks::{NewTask, TaskFields, TaskFilter, TaskRow};
use throughcare_core::model::users::{TeamFields, UserFields};
use throughcare_core::model::{Page, Paged, Stored};
use throughcare_core::overview::{Figures, Overview};
use throughcare_core::people::{NewPerson, PersonChange, PersonRow};
use throughcare_core::record::{ClientRecord, NamedLink, ReferralWithSteps};
use throughcare_core::report::drill::{DrillPage, DrillRow};
use throughcare_core::report::files::{ReportFormat, SavedReport};
use throughcare_core::report::*;
use throughcare_core::retention::{RetentionList, RetentionRow};
use throughcare_core::subject_access::SubjectAccessFiles;
use throughcare_core::sync::conflicts::{ConflictSide, ConflictView, Keep};
use throughcare_core::sync::exchange::{BundlePreview, DeviceSummary, ImportReport, KnownDevice, Progress};
use throughcare_core::time::Timestamp;
use throughcare_core::today::{
    AgendaItem, Counted, FirstDays, NamedClient, NamedReferral, NamedTask, ReleasedClient, Today,
};
use ts_rs::{Config, TS};

macro_rules! decls {
    ($cfg:expr; $($t:ty),+ $(,)?) => {{
        let mut v: Vec<String> = Vec::new();
        $(v.push(format!("export {}", <$t as TS>::decl($cfg)));)+
        v
    }};
}

pub fn generated() -> String {
    let cfg = Config::default();
    let decls = decls!(&cfg;
        Timestamp, OrgId, UserId, TeamId, DeviceId, ClientId, EpisodeId, CustodyId, AppointmentId, ReferralId,
        ReferralEventId, ContactId, TaskId, ServiceId, MentorId, MentorLinkId, ShareId, MeasureId, MergeId, ConsentId,
        Role, JusticeStatus, Gender, Ethnicity, EthnicGroup, Disability, SupportNeed, RiskFlag, GpStatus, ConsentMethod, ConsentPurpose,
        CloseReason, CustodyKind, ServiceType, Accompaniment, Outcome, DnaReason, ReferralStatus, ContactKind, TaskKind,
        LivedExperience, MeasureScale, ErrorKind,
        Stored<(), ()>, Page, Paged<()>,
        ClientFields, ClientPatch, ClientFilter, ClientSort, ClientRow, EpisodeFields,
        AppointmentFields, AppointmentPatch, AppointmentFilter, Booking, OutcomeRecord,
        ReferralFields, ReferralEventFields, NewReferral, ReferralRow, ReferralFilter,
        ContactFields, NewContact, TaskFields, TaskFilter, TaskRow, NewTask, CustodyFields, ReleaseDetails, Pathway, PathwayStep, ServiceFields, ServicePatch, ServiceRow,
        MeasureFields, NewMeasure, MeasureReading, MeasureSeries, ScaleForm,
        ConsentFields, NewConsent, ConsentState, ConsentEntry, ClientConsent, SubjectAccessFiles,
        RetentionRow, RetentionList,
        DuplicateQuery, DuplicateMatch, Duplicates, MergeFields, MergeView, MentorFields, MentorLinkFields,
        UserFields, TeamFields, Overview, Figures,
        MentorPatch, ClientLink, MentorRecord, DbsCheck, MentorRow,
        AgendaItem, NamedClient, ReleasedClient, Counted<()>, NamedReferral, NamedTask, FirstDays, Today, NamedLink, ReferralWithSteps, ClientRecord,
        ImportReport, BundlePreview, Progress, KnownDevice, DeviceSummary, ConflictSide, ConflictView, Keep,
        ShareFields, ShareWith, FieldClass, AuditAction,
        AuditFilter, AuditRow, PersonRow, NewPerson, PersonChange, MentorHome, LinkedPerson, Abilities,
        Audience, Figure, Breakdown, Part, Rate, ScopeLabel, MissingDevice, ClientFigures, ContactFigures,
        AppointmentFigures, ReferralFigures, ReleaseFigures, MentoringFigures, OutcomeFigures, EqualityFigures, TrendMonth,
        MonthlySummary, ReportScope, ReportRequest, ReportFormat, DrillRow, DrillPage, SavedReport,
        Weekday, ClockTime, WeeklySlot, AvailabilityException, Availability, Window, BookingCheck, ClashKind, Clash,
        Busy, FreeSlot, CalendarOf, Week, Attention, Reminder, CalendarFor, CalendarRequest, SavedCalendar,
    );
    let mut out = String::from(
        "// Generated from the Rust types in crates/core by crates/core/tests/ts_types.rs. Do not edit.\n// Run `UPDATE_TYPES=1 cargo test -p throughcare-core --test ts_types` after changing them.\n\n",
    );
    for d in decls {
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out
}

#[test]
fn ui_types_are_up_to_date() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/types.ts");
    let want = generated();
    if std::env::var("UPDATE_TYPES").is_ok() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "ui/src/lib/types.ts is stale: run `UPDATE_TYPES=1 cargo test -p throughcare-core --test ts_types`"
    );
}
