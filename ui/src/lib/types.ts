// Generated from the Rust types in crates/core by crates/core/tests/ts_types.rs. Do not edit.
// Run `UPDATE_TYPES=1 cargo test -p throughcare-core --test ts_types` after changing them.

export type Timestamp = string;

export type OrgId = string;

export type UserId = string;

export type TeamId = string;

export type DeviceId = string;

export type ClientId = string;

export type EpisodeId = string;

export type CustodyId = string;

export type AppointmentId = string;

export type ReferralId = string;

export type ReferralEventId = string;

export type ContactId = string;

export type TaskId = string;

export type ServiceId = string;

export type MentorId = string;

export type MentorLinkId = string;

export type ShareId = string;

export type MeasureId = string;

export type MergeId = string;

export type ConsentId = string;

export type Role = "caseworker" | "manager" | "peer_mentor";

export type JusticeStatus = "in_custody" | "on_licence" | "community_sentence" | "post_sentence_supervision" | "released_no_supervision" | "secure_hospital" | "unknown";

export type Gender = "woman" | "man" | "non_binary" | "other" | "not_stated" | "unknown";

export type Ethnicity = "asian_bangladeshi" | "asian_chinese" | "asian_indian" | "asian_pakistani" | "asian_other" | "black_african" | "black_caribbean" | "black_other" | "mixed_white_asian" | "mixed_white_black_african" | "mixed_white_black_caribbean" | "mixed_other" | "white_british" | "white_irish" | "white_gypsy_traveller" | "white_roma" | "white_other" | "other_arab" | "other_any" | "not_stated";

export type EthnicGroup = "asian" | "black" | "mixed" | "white" | "other";

export type Disability = "yes" | "no" | "not_stated" | "unknown";

export type SupportNeed = "mental_health" | "drugs" | "alcohol" | "self_harm_risk" | "long_term_condition" | "learning_disability" | "neurodivergence" | "pregnancy_postnatal" | "palliative_care" | "infection" | "older_person" | "physical_disability" | "dementia" | "housing";

export type RiskFlag = "self_harm" | "overdose" | "violence_to_staff" | "violence_to_others" | "no_lone_working" | "safeguarding_adult" | "safeguarding_children" | "domestic_abuse" | "exploitation";

export type GpStatus = "registered" | "not_registered" | "in_progress" | "unknown";

export type ConsentMethod = "written" | "verbal" | "electronic";

export type ConsentPurpose = "store" | "share_health" | "share_probation";

export type CloseReason = "goals_met" | "disengaged" | "declined" | "moved_away" | "transferred" | "returned_to_custody" | "died" | "other";

export type CustodyKind = "remand" | "sentence" | "recall";

export type ServiceType = "gp" | "mental_health" | "drug_alcohol" | "dental" | "maternity" | "hospital_outpatient" | "sexual_health" | "optician" | "pharmacy" | "talking_therapies" | "housing" | "benefits" | "reconnect" | "liaison_diversion" | "gp_registration" | "other";

export type Accompaniment = "none" | "caseworker" | "peer_mentor";

export type Outcome = "not_recorded" | "attended" | "late_not_seen" | "cancelled_by_patient" | "dna" | "cancelled_by_provider";

export type DnaReason = "unwell" | "forgot" | "no_fare" | "probation_clash" | "back_in_custody" | "distrust_service" | "other";

export type ReferralStatus = "draft" | "sent" | "acknowledged" | "accepted" | "declined" | "first_appointment" | "completed" | "closed_no_engagement";

export type ContactKind = "in_person" | "phone" | "video" | "prison_visit" | "gate_pickup" | "accompaniment" | "message";

export type TaskKind = "dna_follow_up" | "release_window" | "referral_chase" | "contact_follow_up" | "other";

export type LivedExperience = "custody" | "probation" | "addiction" | "mental_health" | "homelessness" | "domestic_abuse" | "care_leaver" | "women";

export type MeasureScale = "phq9" | "gad7" | "wellbeing";

export type ErrorKind = "validation" | "wrong_passphrase" | "too_many_tries" | "not_found" | "forbidden" | "database_too_new" | "already_exists" | "no_database" | "damaged" | "refused" | "internal";

export type Stored<I, F> = { 
/**
 * The record's id.
 */
id: I, 
/**
 * When it was created.
 */
created_at: Timestamp, 
/**
 * When it was archived, if it has been.
 */
archived_at: Timestamp | null, } & F;

export type Page = { 
/**
 * Rows to skip.
 */
offset: number, 
/**
 * Rows to return (at most 500).
 */
limit: number, };

export type Paged<T> = { 
/**
 * This page.
 */
items: Array<T>, 
/**
 * How many match in all.
 */
total: number, 
/**
 * The page asked for.
 */
page: Page, };

export type ClientFields = { 
/**
 * First or given name (a person with one name may use either name field).
 */
given_name: string | null, 
/**
 * Family name or surname.
 */
family_name: string | null, 
/**
 * The name they like to be called.
 */
preferred_name: string | null, 
/**
 * Date of birth, if known.
 */
date_of_birth: string | null, 
/**
 * Gender.
 */
gender: Gender | null, 
/**
 * Ethnicity (2021 census categories).
 */
ethnicity: Ethnicity | null, 
/**
 * Whether they consider themselves disabled.
 */
disability: Disability | null, 
/**
 * Pronouns.
 */
pronouns: string | null, 
/**
 * Phone number.
 */
phone: string | null, 
/**
 * Email address.
 */
email: string | null, 
/**
 * Address.
 */
address: string | null, 
/**
 * Postcode.
 */
postcode: string | null, 
/**
 * NHS number (10 digits).
 */
nhs_number: string | null, 
/**
 * Prison number (A1234BC).
 */
prison_number: string | null, 
/**
 * nDelius case reference number (X123456).
 */
crn: string | null, 
/**
 * Justice status.
 */
justice_status: JusticeStatus, 
/**
 * Prison or hospital, when inside.
 */
establishment: string | null, 
/**
 * Expected release date.
 */
expected_release_date: string | null, 
/**
 * Actual release date.
 */
actual_release_date: string | null, 
/**
 * End of licence or order.
 */
licence_end_date: string | null, 
/**
 * GP registration status.
 */
gp_status: GpStatus, 
/**
 * GP practice.
 */
gp_practice: string | null, 
/**
 * Date registered with the GP.
 */
gp_registered_on: string | null, 
/**
 * Date the GP status last changed.
 */
gp_status_changed_on: string | null, 
/**
 * Support needs.
 */
support_needs: Array<SupportNeed>, 
/**
 * Risk flags.
 */
risk_flags: Array<RiskFlag>, 
/**
 * Agreed to their data being stored.
 */
consent_store: boolean | null, 
/**
 * Agreed to sharing with health services.
 */
consent_share_health: boolean | null, 
/**
 * Agreed to sharing with probation.
 */
consent_share_probation: boolean | null, 
/**
 * When consent was given.
 */
consent_on: string | null, 
/**
 * How consent was recorded.
 */
consent_method: ConsentMethod | null, 
/**
 * When consent was withdrawn.
 */
consent_withdrawn_on: string | null, 
/**
 * Assigned caseworker.
 */
caseworker_id: UserId | null, 
/**
 * Team.
 */
team_id: TeamId | null, 
/**
 * What anyone going with the person must know: access, communication, who should go.
 */
accompaniment_needs: string | null, };

export type ClientPatch = { 
/**
 * First or given name (a person with one name may use either name field).
 */
given_name?: string | null, 
/**
 * Family name or surname.
 */
family_name?: string | null, 
/**
 * The name they like to be called.
 */
preferred_name?: string | null, 
/**
 * Date of birth, if known.
 */
date_of_birth?: string | null, 
/**
 * Gender.
 */
gender?: Gender | null, 
/**
 * Ethnicity (2021 census categories).
 */
ethnicity?: Ethnicity | null, 
/**
 * Whether they consider themselves disabled.
 */
disability?: Disability | null, 
/**
 * Pronouns.
 */
pronouns?: string | null, 
/**
 * Phone number.
 */
phone?: string | null, 
/**
 * Email address.
 */
email?: string | null, 
/**
 * Address.
 */
address?: string | null, 
/**
 * Postcode.
 */
postcode?: string | null, 
/**
 * NHS number (10 digits).
 */
nhs_number?: string | null, 
/**
 * Prison number (A1234BC).
 */
prison_number?: string | null, 
/**
 * nDelius case reference number (X123456).
 */
crn?: string | null, 
/**
 * Justice status.
 */
justice_status?: JusticeStatus, 
/**
 * Prison or hospital, when inside.
 */
establishment?: string | null, 
/**
 * Expected release date.
 */
expected_release_date?: string | null, 
/**
 * Actual release date.
 */
actual_release_date?: string | null, 
/**
 * End of licence or order.
 */
licence_end_date?: string | null, 
/**
 * GP registration status.
 */
gp_status?: GpStatus, 
/**
 * GP practice.
 */
gp_practice?: string | null, 
/**
 * Date registered with the GP.
 */
gp_registered_on?: string | null, 
/**
 * Date the GP status last changed.
 */
gp_status_changed_on?: string | null, 
/**
 * Support needs.
 */
support_needs?: Array<SupportNeed>, 
/**
 * Risk flags.
 */
risk_flags?: Array<RiskFlag>, 
/**
 * Agreed to their data being stored.
 */
consent_store?: boolean | null, 
/**
 * Agreed to sharing with health services.
 */
consent_share_health?: boolean | null, 
/**
 * Agreed to sharing with probation.
 */
consent_share_probation?: boolean | null, 
/**
 * When consent was given.
 */
consent_on?: string | null, 
/**
 * How consent was recorded.
 */
consent_method?: ConsentMethod | null, 
/**
 * When consent was withdrawn.
 */
consent_withdrawn_on?: string | null, 
/**
 * Assigned caseworker.
 */
caseworker_id?: UserId | null, 
/**
 * Team.
 */
team_id?: TeamId | null, 
/**
 * What anyone going with the person must know: access, communication, who should go.
 */
accompaniment_needs?: string | null, };

export type ClientFilter = { 
/**
 * Search text over names and identifiers.
 */
query: string | null, 
/**
 * Only clients whose episode is open (true) or closed (false).
 */
open: boolean | null, 
/**
 * Only this justice status.
 */
justice_status: JusticeStatus | null, 
/**
 * Only clients with this need.
 */
need: SupportNeed | null, 
/**
 * Only this caseworker's clients.
 */
caseworker_id: UserId | null, 
/**
 * Include archived records.
 */
include_archived: boolean, 
/**
 * Order.
 */
sort: ClientSort, };

export type ClientSort = "name" | "newest" | "release";

export type ClientRow = { 
/**
 * Whether an episode of support is open.
 */
open: boolean, 
/**
 * The record's id.
 */
id: ClientId, 
/**
 * When it was created.
 */
created_at: Timestamp, 
/**
 * When it was archived, if it has been.
 */
archived_at: Timestamp | null, 
/**
 * First or given name (a person with one name may use either name field).
 */
given_name: string | null, 
/**
 * Family name or surname.
 */
family_name: string | null, 
/**
 * The name they like to be called.
 */
preferred_name: string | null, 
/**
 * Date of birth, if known.
 */
date_of_birth: string | null, 
/**
 * Gender.
 */
gender: Gender | null, 
/**
 * Ethnicity (2021 census categories).
 */
ethnicity: Ethnicity | null, 
/**
 * Whether they consider themselves disabled.
 */
disability: Disability | null, 
/**
 * Pronouns.
 */
pronouns: string | null, 
/**
 * Phone number.
 */
phone: string | null, 
/**
 * Email address.
 */
email: string | null, 
/**
 * Address.
 */
address: string | null, 
/**
 * Postcode.
 */
postcode: string | null, 
/**
 * NHS number (10 digits).
 */
nhs_number: string | null, 
/**
 * Prison number (A1234BC).
 */
prison_number: string | null, 
/**
 * nDelius case reference number (X123456).
 */
crn: string | null, 
/**
 * Justice status.
 */
justice_status: JusticeStatus, 
/**
 * Prison or hospital, when inside.
 */
establishment: string | null, 
/**
 * Expected release date.
 */
expected_release_date: string | null, 
/**
 * Actual release date.
 */
actual_release_date: string | null, 
/**
 * End of licence or order.
 */
licence_end_date: string | null, 
/**
 * GP registration status.
 */
gp_status: GpStatus, 
/**
 * GP practice.
 */
gp_practice: string | null, 
/**
 * Date registered with the GP.
 */
gp_registered_on: string | null, 
/**
 * Date the GP status last changed.
 */
gp_status_changed_on: string | null, 
/**
 * Support needs.
 */
support_needs: Array<SupportNeed>, 
/**
 * Risk flags.
 */
risk_flags: Array<RiskFlag>, 
/**
 * Agreed to their data being stored.
 */
consent_store: boolean | null, 
/**
 * Agreed to sharing with health services.
 */
consent_share_health: boolean | null, 
/**
 * Agreed to sharing with probation.
 */
consent_share_probation: boolean | null, 
/**
 * When consent was given.
 */
consent_on: string | null, 
/**
 * How consent was recorded.
 */
consent_method: ConsentMethod | null, 
/**
 * When consent was withdrawn.
 */
consent_withdrawn_on: string | null, 
/**
 * Assigned caseworker.
 */
caseworker_id: UserId | null, 
/**
 * Team.
 */
team_id: TeamId | null, 
/**
 * What anyone going with the person must know: access, communication, who should go.
 */
accompaniment_needs: string | null, };

export type EpisodeFields = { 
/**
 * Whose.
 */
client_id: ClientId, 
/**
 * Opened.
 */
opened_on: string, 
/**
 * Closed.
 */
closed_on: string | null, 
/**
 * Why it closed.
 */
close_reason: CloseReason | null, };

export type AppointmentFields = { 
/**
 * Whose appointment.
 */
client_id: ClientId, 
/**
 * Kind of service.
 */
service_type: ServiceType, 
/**
 * The service, when it is in the directory.
 */
service_id: ServiceId | null, 
/**
 * Provider, in words.
 */
provider: string | null, 
/**
 * Where.
 */
place: string | null, 
/**
 * Start.
 */
starts_at: Timestamp, 
/**
 * End.
 */
ends_at: Timestamp | null, 
/**
 * Who booked it.
 */
scheduled_by: UserId, 
/**
 * Who is planned to go with the person.
 */
planned_accompaniment: Accompaniment, 
/**
 * The caseworker planned to go.
 */
planned_user_id: UserId | null, 
/**
 * The peer mentor planned to go.
 */
planned_mentor_id: MentorId | null, 
/**
 * Who actually went.
 */
actual_accompaniment: Accompaniment | null, 
/**
 * The caseworker who went.
 */
actual_user_id: UserId | null, 
/**
 * The peer mentor who went.
 */
actual_mentor_id: MentorId | null, 
/**
 * What happened.
 */
outcome: Outcome, 
/**
 * Why they did not attend.
 */
dna_reason: DnaReason | null, 
/**
 * When the outcome was recorded.
 */
outcome_recorded_at: Timestamp | null, 
/**
 * The appointment this one was moved to.
 */
rescheduled_to: AppointmentId | null, };

export type AppointmentPatch = { 
/**
 * Whose appointment.
 */
client_id?: ClientId, 
/**
 * Kind of service.
 */
service_type?: ServiceType, 
/**
 * The service, when it is in the directory.
 */
service_id?: ServiceId | null, 
/**
 * Provider, in words.
 */
provider?: string | null, 
/**
 * Where.
 */
place?: string | null, 
/**
 * Start.
 */
starts_at?: Timestamp, 
/**
 * End.
 */
ends_at?: Timestamp | null, 
/**
 * Who booked it.
 */
scheduled_by?: UserId, 
/**
 * Who is planned to go with the person.
 */
planned_accompaniment?: Accompaniment, 
/**
 * The caseworker planned to go.
 */
planned_user_id?: UserId | null, 
/**
 * The peer mentor planned to go.
 */
planned_mentor_id?: MentorId | null, 
/**
 * Who actually went.
 */
actual_accompaniment?: Accompaniment | null, 
/**
 * The caseworker who went.
 */
actual_user_id?: UserId | null, 
/**
 * The peer mentor who went.
 */
actual_mentor_id?: MentorId | null, 
/**
 * What happened.
 */
outcome?: Outcome, 
/**
 * Why they did not attend.
 */
dna_reason?: DnaReason | null, 
/**
 * When the outcome was recorded.
 */
outcome_recorded_at?: Timestamp | null, 
/**
 * The appointment this one was moved to.
 */
rescheduled_to?: AppointmentId | null, };

export type AppointmentFilter = { 
/**
 * One client's.
 */
client_id: ClientId | null, 
/**
 * Starting at or after.
 */
from: Timestamp | null, 
/**
 * Starting before.
 */
to: Timestamp | null, 
/**
 * With this outcome.
 */
outcome: Outcome | null, 
/**
 * Planned with this peer mentor.
 */
mentor_id: MentorId | null, 
/**
 * Newest first.
 */
newest_first: boolean, 
/**
 * Include archived.
 */
include_archived: boolean, };

export type Booking = { 
/**
 * Whose appointment.
 */
client_id: ClientId, 
/**
 * Kind of service.
 */
service_type: ServiceType, 
/**
 * The service, when it is in the directory.
 */
service_id: ServiceId | null, 
/**
 * Provider, in words.
 */
provider: string | null, 
/**
 * Where.
 */
place: string | null, 
/**
 * Start.
 */
starts_at: Timestamp, 
/**
 * End.
 */
ends_at: Timestamp | null, 
/**
 * Who will go with the person.
 */
planned_accompaniment: Accompaniment, 
/**
 * The caseworker who will go (defaults to the client's caseworker).
 */
planned_user_id: UserId | null, 
/**
 * The peer mentor who will go.
 */
planned_mentor_id: MentorId | null, };

export type OutcomeRecord = { 
/**
 * The outcome.
 */
outcome: Outcome, 
/**
 * Why they did not attend (for a DNA).
 */
dna_reason: DnaReason | null, 
/**
 * Who went; left out, the plan is taken as what happened.
 */
actual_accompaniment: Accompaniment | null, 
/**
 * The caseworker who went.
 */
actual_user_id: UserId | null, 
/**
 * The peer mentor who went.
 */
actual_mentor_id: MentorId | null, };

export type ReferralFields = { 
/**
 * Who is referred.
 */
client_id: ClientId, 
/**
 * To what kind of service.
 */
service_type: ServiceType, 
/**
 * The service, when it is in the directory.
 */
service_id: ServiceId | null, 
/**
 * Provider, in words.
 */
provider: string | null, 
/**
 * Why.
 */
reason: string | null, 
/**
 * The latest step.
 */
status: ReferralStatus, 
/**
 * Who made it.
 */
made_by: UserId, };

export type ReferralEventFields = { 
/**
 * Which referral.
 */
referral_id: ReferralId, 
/**
 * The status it moved to.
 */
status: ReferralStatus, 
/**
 * When it happened.
 */
happened_on: string, 
/**
 * Who recorded it.
 */
recorded_by: UserId, };

export type NewReferral = { 
/**
 * Who is referred.
 */
client_id: ClientId, 
/**
 * To what kind of service.
 */
service_type: ServiceType, 
/**
 * The service, when it is in the directory.
 */
service_id: ServiceId | null, 
/**
 * Provider, in words.
 */
provider: string | null, 
/**
 * Why.
 */
reason: string | null, 
/**
 * `draft` to finish later or `sent` when it has gone.
 */
status: ReferralStatus, 
/**
 * The date of that first step.
 */
on: string, };

export type ReferralRow = { 
/**
 * When it was sent.
 */
sent_on: string | null, 
/**
 * When it last moved.
 */
last_step_on: string, 
/**
 * The client's name as shown.
 */
client_name: string, 
/**
 * The statuses it may move to next (empty once finished), so screens offer only those.
 */
next_statuses: Array<ReferralStatus>, 
/**
 * The record's id.
 */
id: ReferralId, 
/**
 * When it was created.
 */
created_at: Timestamp, 
/**
 * When it was archived, if it has been.
 */
archived_at: Timestamp | null, 
/**
 * Who is referred.
 */
client_id: ClientId, 
/**
 * To what kind of service.
 */
service_type: ServiceType, 
/**
 * The service, when it is in the directory.
 */
service_id: ServiceId | null, 
/**
 * Provider, in words.
 */
provider: string | null, 
/**
 * Why.
 */
reason: string | null, 
/**
 * The latest step.
 */
status: ReferralStatus, 
/**
 * Who made it.
 */
made_by: UserId, };

export type ReferralFilter = { 
/**
 * One client's.
 */
client_id: ClientId | null, 
/**
 * In this status.
 */
status: ReferralStatus | null, 
/**
 * Only those not finished whose last step is older than this many days (before `today`).
 */
waiting_days: number | null, 
/**
 * The date "waiting" is counted to.
 */
today: string | null, };

export type ContactFields = { 
/**
 * With whom.
 */
client_id: ClientId, 
/**
 * Who logged it.
 */
author_id: UserId, 
/**
 * When.
 */
contact_on: string, 
/**
 * What kind.
 */
kind: ContactKind, 
/**
 * How long, in minutes.
 */
minutes: number, 
/**
 * What happened.
 */
summary: string | null, 
/**
 * When to follow up.
 */
follow_up_on: string | null, 
/**
 * The contact this amends.
 */
supersedes_id: ContactId | null, };

export type NewContact = { 
/**
 * With whom.
 */
client_id: ClientId, 
/**
 * When.
 */
contact_on: string, 
/**
 * What kind.
 */
kind: ContactKind, 
/**
 * How long, in minutes.
 */
minutes: number, 
/**
 * What happened.
 */
summary: string | null, 
/**
 * When to follow up.
 */
follow_up_on: string | null, };

export type TaskFields = { 
/**
 * About whom.
 */
client_id: ClientId | null, 
/**
 * Who should do it.
 */
assignee_id: UserId | null, 
/**
 * Why it exists.
 */
kind: TaskKind, 
/**
 * What to do.
 */
title: string, 
/**
 * When by.
 */
due_on: string, 
/**
 * When it was done.
 */
done_at: Timestamp | null, 
/**
 * The appointment it follows up.
 */
appointment_id: AppointmentId | null, 
/**
 * The referral it chases.
 */
referral_id: ReferralId | null, };

export type TaskFilter = { 
/**
 * Assigned to.
 */
assignee_id: UserId | null, 
/**
 * About this client.
 */
client_id: ClientId | null, 
/**
 * Due on or before.
 */
due_by: string | null, 
/**
 * Include done tasks.
 */
include_done: boolean, };

export type TaskRow = { 
/**
 * The task.
 */
task: Stored<TaskId, TaskFields>, 
/**
 * The client's name, if it is about a client.
 */
client_name: string | null, 
/**
 * Who should do it, by name.
 */
assignee_name: string | null, 
/**
 * Why a rule made it ("Because Sam did not attend the GP appointment on 3 March 2026."); none
 * for a task added by hand.
 */
why: string | null, 
/**
 * Whether it is past its due date and not done.
 */
overdue: boolean, };

export type NewTask = { 
/**
 * What to do.
 */
title: string, 
/**
 * About whom, if anyone.
 */
client_id: ClientId | null, 
/**
 * Who should do it (the person adding it when empty).
 */
assignee_id: UserId | null, 
/**
 * When by.
 */
due_on: string, };

export type CustodyFields = { 
/**
 * Whose.
 */
client_id: ClientId, 
/**
 * Remand, sentence or recall.
 */
kind: CustodyKind, 
/**
 * Prison.
 */
establishment: string | null, 
/**
 * Into custody.
 */
started_on: string, 
/**
 * Expected release.
 */
expected_release_on: string | null, 
/**
 * Actual release.
 */
released_on: string | null, };

export type ReleaseDetails = { 
/**
 * The day of release.
 */
on: string, 
/**
 * Their status afterwards (on licence, released with no supervision, …).
 */
status_after: JusticeStatus, 
/**
 * Where they went to live, if known; it becomes their address.
 */
released_to: string | null, 
/**
 * When their licence or supervision ends, if known.
 */
licence_end: string | null, };

export type Pathway = { 
/**
 * The release.
 */
released_on: string, 
/**
 * Which of the 14 days today is (1 on the day of release), or none once they are over.
 */
day: number | null, 
/**
 * The steps, in the order they fall due.
 */
steps: Array<PathwayStep>, 
/**
 * How many steps are done.
 */
done: number, };

export type PathwayStep = { 
/**
 * The step in words ("Registered with a GP").
 */
name: string, 
/**
 * Its task (to tick off from the record or Today).
 */
task: Stored<TaskId, TaskFields>, 
/**
 * Whether it is past its due date and not done.
 */
overdue: boolean, };

export type ServiceFields = { 
/**
 * Name.
 */
name: string, 
/**
 * Kind.
 */
service_type: ServiceType, 
/**
 * Address.
 */
address: string | null, 
/**
 * Phone.
 */
phone: string | null, 
/**
 * Email.
 */
email: string | null, 
/**
 * Area covered.
 */
area: string | null, 
/**
 * How to refer, opening times, anything useful.
 */
notes: string | null, 
/**
 * How to refer (a form, an email address, self-referral).
 */
referral_route: string | null, 
/**
 * The day it stopped taking people; none while it is open.
 */
closed_on: string | null, };

export type ServicePatch = { 
/**
 * Name.
 */
name?: string, 
/**
 * Kind.
 */
service_type?: ServiceType, 
/**
 * Address.
 */
address?: string | null, 
/**
 * Phone.
 */
phone?: string | null, 
/**
 * Email.
 */
email?: string | null, 
/**
 * Area covered.
 */
area?: string | null, 
/**
 * How to refer, opening times, anything useful.
 */
notes?: string | null, 
/**
 * How to refer (a form, an email address, self-referral).
 */
referral_route?: string | null, 
/**
 * The day it stopped taking people; none while it is open.
 */
closed_on?: string | null, };

export type ServiceRow = { 
/**
 * The service.
 */
service: Stored<ServiceId, ServiceFields>, 
/**
 * Median days from a referral being sent to its first appointment, when any referral got one.
 */
median_wait_days: number | null, 
/**
 * How many referrals the median is over.
 */
waits_counted: number, 
/**
 * Referrals sent and not yet at a first appointment or closed.
 */
waiting_now: number, };

export type MeasureFields = { 
/**
 * Whose.
 */
client_id: ClientId, 
/**
 * Which questionnaire.
 */
scale: MeasureScale, 
/**
 * When it was completed.
 */
taken_on: string, 
/**
 * The answer to each question, in order, when they were recorded one by one.
 */
answers: Array<number> | null, 
/**
 * The total score.
 */
total: number, 
/**
 * Who recorded it.
 */
recorded_by: UserId, };

export type NewMeasure = { 
/**
 * Whose.
 */
client_id: ClientId, 
/**
 * Which questionnaire.
 */
scale: MeasureScale, 
/**
 * When it was completed.
 */
taken_on: string, 
/**
 * The answers, one per question; leave empty to give only the total.
 */
answers: Array<number> | null, 
/**
 * The total, when there are no answers.
 */
total: number | null, };

export type MeasureReading = { 
/**
 * The measure.
 */
measure: Stored<MeasureId, MeasureFields>, 
/**
 * Its severity band in words ("moderate").
 */
band: string, 
/**
 * Whether it is the baseline (the first of its scale for this person).
 */
baseline: boolean, 
/**
 * Points since the baseline (later minus baseline); none for the baseline itself.
 */
change: number | null, 
/**
 * The change in words ("Down 7 points since the baseline: a reliable improvement.").
 */
change_words: string | null, 
/**
 * Whether the change is a reliable improvement.
 */
reliable_improvement: boolean, 
/**
 * A warning to act on today (PHQ-9's question 9 answered above 0).
 */
warning: string | null, };

export type MeasureSeries = { 
/**
 * Which questionnaire.
 */
scale: MeasureScale, 
/**
 * Its highest possible total.
 */
max_total: number, 
/**
 * Whether a higher score is better (the wellbeing check) or worse (PHQ-9, GAD-7).
 */
higher_is_better: boolean, 
/**
 * The readings, oldest (the baseline) first.
 */
readings: Array<MeasureReading>, };

export type ScaleForm = { 
/**
 * Which questionnaire.
 */
scale: MeasureScale, 
/**
 * Its name.
 */
name: string, 
/**
 * What the questions are about ("Over the last 2 weeks…").
 */
stem: string, 
/**
 * The questions.
 */
items: Array<string>, 
/**
 * The answer labels, for 0, 1, 2…
 */
answers: Array<string>, 
/**
 * The highest possible total.
 */
max_total: number, 
/**
 * Whether the organisation uses it (only those are offered for a new reading).
 */
offered: boolean, };

export type ConsentFields = { 
/**
 * Whose.
 */
client_id: ClientId, 
/**
 * What it is for.
 */
purpose: ConsentPurpose, 
/**
 * Whether they agreed (false: they did not agree, or withdrew).
 */
given: boolean, 
/**
 * The day they decided.
 */
decided_on: string, 
/**
 * How it was given.
 */
method: ConsentMethod | null, 
/**
 * Who recorded it.
 */
recorded_by: UserId, };

export type NewConsent = { 
/**
 * Whose.
 */
client_id: ClientId, 
/**
 * What it is for.
 */
purpose: ConsentPurpose, 
/**
 * Whether they agreed (false: they did not agree, or withdrew).
 */
given: boolean, 
/**
 * The day they decided.
 */
decided_on: string, 
/**
 * How it was given (needed when they agree; for a withdrawal, how they said so).
 */
method: ConsentMethod | null, };

export type ConsentState = { 
/**
 * What it is for.
 */
purpose: ConsentPurpose, 
/**
 * Agreed, did not agree (or withdrew), or never asked.
 */
given: boolean | null, 
/**
 * When they decided, if known.
 */
decided_on: string | null, 
/**
 * How it was given, if known.
 */
method: ConsentMethod | null, 
/**
 * Who recorded it; none for a decision from before the history was kept.
 */
recorded_by: string | null, };

export type ConsentEntry = { 
/**
 * The decision.
 */
consent: Stored<ConsentId, ConsentFields>, 
/**
 * Who recorded it.
 */
recorded_by_name: string, };

export type ClientConsent = { 
/**
 * Each purpose, in a fixed order (keep, health, probation).
 */
current: Array<ConsentState>, 
/**
 * Every decision recorded, newest first.
 */
history: Array<ConsentEntry>, 
/**
 * They have withdrawn consent to keep their details and the record is not yet erased.
 */
erasure_due: boolean, };

export type SubjectAccessFiles = { 
/**
 * The PDF, for the person.
 */
pdf: string, 
/**
 * The same as JSON.
 */
json: string, };

export type RetentionRow = { 
/**
 * Whose.
 */
client_id: ClientId, 
/**
 * Their name as shown.
 */
name: string, 
/**
 * When their support last closed.
 */
closed_on: string, 
/**
 * When the keeping time ran out.
 */
due_on: string, 
/**
 * When a manager last chose to keep it, and why (a year or more ago).
 */
last_kept_on: string | null, };

export type RetentionList = { 
/**
 * Years kept after support closed.
 */
years: number, 
/**
 * Records past it, oldest first (at most 200).
 */
due: Array<RetentionRow>, 
/**
 * How many records are past it in all.
 */
total: number, 
/**
 * The keeping time when a manager has not chosen.
 */
usual_years: number, 
/**
 * The longest keeping time a manager may choose (the shortest is 1 year).
 */
longest_years: number, };

export type DuplicateQuery = { 
/**
 * Given name (as typed).
 */
given_name: string | null, 
/**
 * Family name (as typed).
 */
family_name: string | null, 
/**
 * Date of birth.
 */
date_of_birth: string | null, 
/**
 * NHS number (as typed; matched once it is a whole, valid number).
 */
nhs_number: string | null, 
/**
 * Prison number.
 */
prison_number: string | null, 
/**
 * CRN.
 */
crn: string | null, 
/**
 * A record to leave out (the one being edited).
 */
exclude: ClientId | null, };

export type DuplicateMatch = { 
/**
 * The record.
 */
client_id: ClientId, 
/**
 * Their name as shown.
 */
name: string, 
/**
 * Their date of birth.
 */
date_of_birth: string | null, 
/**
 * Why it may be them, in words ("Same NHS number").
 */
why: string, 
/**
 * Whether an identifier matched (almost certainly the same person), rather than a name.
 */
certain: boolean, };

export type Duplicates = { 
/**
 * Matches the person may open, the surest first.
 */
matches: Array<DuplicateMatch>, 
/**
 * Matches outside their caseload: counted, not shown.
 */
elsewhere: number, 
/**
 * How many of those share an identifier (almost certainly the same person).
 */
elsewhere_certain: number, };

export type MergeFields = { 
/**
 * The record kept.
 */
kept_id: ClientId, 
/**
 * The record merged into it (archived).
 */
merged_id: ClientId, 
/**
 * The kept record's fields the merge changed, as they were before (JSON).
 */
kept_before: string | null, 
/**
 * Every record moved from one to the other, as `kind:id`.
 */
moved: Array<string>, 
/**
 * Who merged them.
 */
merged_by: UserId, 
/**
 * When the merge was undone.
 */
undone_at: Timestamp | null, };

export type MergeView = { 
/**
 * The merge.
 */
merge: Stored<MergeId, MergeFields>, 
/**
 * The name of the other record of the two.
 */
other_name: string, 
/**
 * Who merged them.
 */
merged_by_name: string | null, };

export type MentorFields = { 
/**
 * Name.
 */
display_name: string, 
/**
 * Phone.
 */
phone: string | null, 
/**
 * Email.
 */
email: string | null, 
/**
 * Areas of lived experience.
 */
lived_experience: Array<LivedExperience>, 
/**
 * Date of the last DBS check.
 */
dbs_checked_on: string | null, 
/**
 * When training was completed.
 */
training_completed_on: string | null, 
/**
 * Training done.
 */
training_notes: string | null, 
/**
 * When they are free.
 */
availability: string | null, 
/**
 * Team.
 */
team_id: TeamId | null, 
/**
 * When they are usually free, week by week.
 */
weekly_availability: Array<WeeklySlot> | null, 
/**
 * Days away and one-off extra times.
 */
availability_exceptions: Array<AvailabilityException> | null, 
/**
 * Where they can travel.
 */
travel_area: string | null, };

export type MentorLinkFields = { 
/**
 * The mentor.
 */
mentor_id: MentorId, 
/**
 * The client.
 */
client_id: ClientId, 
/**
 * From.
 */
starts_on: string, 
/**
 * Until.
 */
ends_on: string | null, };

export type UserFields = { 
/**
 * Name.
 */
display_name: string, 
/**
 * Role.
 */
role: Role, 
/**
 * Email.
 */
email: string | null, 
/**
 * Team.
 */
team_id: TeamId | null, 
/**
 * For a peer mentor, their mentor record.
 */
mentor_id: MentorId | null, };

export type TeamFields = { 
/**
 * Name.
 */
name: string, };

export type Overview = { 
/**
 * The organisation's name.
 */
organisation: string, 
/**
 * Today's figures.
 */
figures: Figures, 
/**
 * Clients (not archived).
 */
clients: number, 
/**
 * Of those released in the last 14 days, with no health appointment booked since release (the
 * highest-risk group).
 */
released_without_appointment: number, 
/**
 * Appointments in all.
 */
appointments: number, 
/**
 * Referrals in all.
 */
referrals: number, 
/**
 * Unfinished referrals whose last step is more than 14 days old.
 */
referrals_waiting_over_14_days: number, 
/**
 * Support contacts.
 */
contacts: number, 
/**
 * Peer mentors.
 */
mentors: number, 
/**
 * Current mentor links.
 */
active_mentor_links: number, 
/**
 * Users.
 */
users: number, 
/**
 * Ops in the log.
 */
ops: number, };

export type Figures = { 
/**
 * Clients whose support is open.
 */
open_clients: number, 
/**
 * Clients in custody.
 */
in_custody: number, 
/**
 * Released in the last 14 days.
 */
released_last_14_days: number, 
/**
 * Appointments in the next 7 days with no outcome yet.
 */
appointments_next_7_days: number, 
/**
 * Past appointments whose outcome is not recorded.
 */
awaiting_outcome: number, 
/**
 * Open tasks due today or earlier.
 */
tasks_due: number, };

export type MentorPatch = { 
/**
 * Name.
 */
display_name?: string, 
/**
 * Phone.
 */
phone?: string | null, 
/**
 * Email.
 */
email?: string | null, 
/**
 * Areas of lived experience.
 */
lived_experience?: Array<LivedExperience>, 
/**
 * Date of the last DBS check.
 */
dbs_checked_on?: string | null, 
/**
 * When training was completed.
 */
training_completed_on?: string | null, 
/**
 * Training done.
 */
training_notes?: string | null, 
/**
 * When they are free.
 */
availability?: string | null, 
/**
 * Team.
 */
team_id?: TeamId | null, 
/**
 * When they are usually free, week by week.
 */
weekly_availability?: Array<WeeklySlot> | null, 
/**
 * Days away and one-off extra times.
 */
availability_exceptions?: Array<AvailabilityException> | null, 
/**
 * Where they can travel.
 */
travel_area?: string | null, };

export type ClientLink = { 
/**
 * The link.
 */
link: Stored<MentorLinkId, MentorLinkFields>, 
/**
 * The client's name as shown.
 */
client_name: string, 
/**
 * Whether the link is current today.
 */
current: boolean, };

export type MentorRecord = { 
/**
 * The mentor.
 */
mentor: Stored<MentorId, MentorFields>, 
/**
 * Where their DBS check stands today.
 */
dbs: DbsCheck, 
/**
 * Their links, current first.
 */
links: Array<ClientLink>, };

export type DbsCheck = "in_date" | "out_of_date" | "not_recorded";

export type MentorRow = { 
/**
 * The mentor.
 */
mentor: Stored<MentorId, MentorFields>, 
/**
 * Where their DBS check stands today.
 */
dbs: DbsCheck, 
/**
 * How many clients they are linked to today.
 */
current_clients: number, };

export type AgendaItem = { 
/**
 * The appointment.
 */
appointment: Stored<AppointmentId, AppointmentFields>, 
/**
 * The client's name as shown.
 */
client_name: string, 
/**
 * Who is planned to go (a caseworker's or mentor's name), if anyone.
 */
companion_name: string | null, };

export type NamedClient = { 
/**
 * What the list shows of them.
 */
client: ReleasedClient, 
/**
 * Their name as shown.
 */
name: string, };

export type ReleasedClient = { 
/**
 * Who.
 */
id: ClientId, 
/**
 * When they were released.
 */
actual_release_date: string | null, 
/**
 * Whether they have a GP.
 */
gp_status: GpStatus, 
/**
 * Their risk flags.
 */
risk_flags: Array<RiskFlag>, };

export type Counted<T> = { 
/**
 * The first items.
 */
items: Array<T>, 
/**
 * How many in all.
 */
total: number, };

export type NamedReferral = { 
/**
 * The referral.
 */
referral: ReferralRow, 
/**
 * The client's name.
 */
client_name: string, };

export type NamedTask = { 
/**
 * The task.
 */
task: Stored<TaskId, TaskFields>, 
/**
 * The client's name, if it is about a client.
 */
client_name: string | null, };

export type FirstDays = { 
/**
 * The client.
 */
client_id: ClientId, 
/**
 * Their name as shown.
 */
name: string, 
/**
 * The pathway's steps and progress.
 */
pathway: Pathway, };

export type Today = { 
/**
 * The day (London).
 */
date: string, 
/**
 * The figures at a glance.
 */
figures: Figures, 
/**
 * Appointments today.
 */
today: Counted<AgendaItem>, 
/**
 * Appointments in the next 7 days after today.
 */
this_week: Counted<AgendaItem>, 
/**
 * Past appointments whose outcome is not recorded, oldest first.
 */
awaiting_outcome: Counted<AgendaItem>, 
/**
 * Referrals waiting more than 14 days.
 */
referrals_waiting: Counted<NamedReferral>, 
/**
 * Released in the last 14 days with no health appointment booked since.
 */
released_without_appointment: Counted<NamedClient>, 
/**
 * Follow-ups due today or earlier.
 */
tasks_due: Counted<NamedTask>, 
/**
 * People in their first 14 days after release, the most recently released last, with their
 * pathway.
 */
first_days: Counted<FirstDays>, };

export type NamedLink = { 
/**
 * The link.
 */
link: Stored<MentorLinkId, MentorLinkFields>, 
/**
 * The mentor's name.
 */
mentor_name: string, };

export type ReferralWithSteps = { 
/**
 * The referral.
 */
referral: ReferralRow, 
/**
 * Its steps, oldest first.
 */
steps: Array<Stored<ReferralEventId, ReferralEventFields>>, };

export type ClientRecord = { 
/**
 * The client.
 */
client: Stored<ClientId, ClientFields>, 
/**
 * Their name as shown.
 */
name: string, 
/**
 * Their caseworker's name.
 */
caseworker_name: string | null, 
/**
 * Episodes of support, newest first.
 */
episodes: Array<Stored<EpisodeId, EpisodeFields>>, 
/**
 * Custody episodes, newest first.
 */
custody: Array<Stored<CustodyId, CustodyFields>>, 
/**
 * Appointments, newest first.
 */
appointments: Array<Stored<AppointmentId, AppointmentFields>>, 
/**
 * Contacts, newest first (latest version of each).
 */
contacts: Array<Stored<ContactId, ContactFields>>, 
/**
 * Referrals with their steps.
 */
referrals: Array<ReferralWithSteps>, 
/**
 * Peer mentor links.
 */
mentors: Array<NamedLink>, 
/**
 * Open tasks, overdue first, each with why it exists.
 */
tasks: Array<TaskRow>, 
/**
 * The 14 days after the latest release and how far the pathway has got, while they are out.
 */
pathway: Pathway | null, 
/**
 * Outcome measures, one series per questionnaire, baseline first.
 */
measures: Array<MeasureSeries>, 
/**
 * Merges into or out of this record (for a manager, who may undo them).
 */
merges: Array<MergeView>, 
/**
 * Who else the client is shared with (current and past).
 */
shares: Array<Stored<ShareId, ShareFields>>, 
/**
 * Fields of the client hidden from the person looking (they read as empty).
 */
hidden_fields: Array<string>, 
/**
 * Whether their personal details have been erased.
 */
erased: boolean, 
/**
 * What they have agreed to, with the history of their decisions.
 */
consent: ClientConsent, };

export type ImportReport = { 
/**
 * The device that sent the file.
 */
sender: string, 
/**
 * Its name, if known.
 */
sender_name: string | null, 
/**
 * Changes in the file.
 */
received: number, 
/**
 * Changes this device did not have, now applied.
 */
applied: number, 
/**
 * Changes it already had (skipped).
 */
already_had: number, 
/**
 * Records that are new here.
 */
new_records: number, 
/**
 * Records that changed.
 */
changed_records: number, 
/**
 * Conflicts that appeared.
 */
new_conflicts: number, 
/**
 * Conflicts waiting for a person, in all.
 */
open_conflicts: number, 
/**
 * Changes held back because they were stamped too far ahead of this computer's clock.
 */
quarantined: number, 
/**
 * Changes held back earlier that have now been applied.
 */
released: number, 
/**
 * Changes set aside because a manager had revoked the computer that made them.
 */
set_aside: number, 
/**
 * Audit entries from other devices that were new here.
 */
audit_entries: number, };

export type BundlePreview = { 
/**
 * The device that wrote it.
 */
sender: string, 
/**
 * Its name, if this device knows it.
 */
sender_name: string | null, 
/**
 * When it was written.
 */
created_at: Timestamp, 
/**
 * Changes in it.
 */
ops: number, 
/**
 * Whether it is locked with a passphrase (rather than to the organisation).
 */
needs_passphrase: boolean, };

export type Progress = { 
/**
 * Steps done.
 */
done: number, 
/**
 * Steps in all.
 */
total: number, };

export type KnownDevice = { 
/**
 * Its id.
 */
device_id: string, 
/**
 * Its name.
 */
name: string | null, 
/**
 * Fingerprint of its signing key.
 */
fingerprint: string | null, 
/**
 * The last of its changes this device holds.
 */
changes_held: number, 
/**
 * When it last sent this device a file.
 */
last_file_at: string | null, 
/**
 * When a manager revoked it, if they did.
 */
revoked_at: string | null, 
/**
 * Whether it has joined with its invitation (its first file has arrived here, or it is this one).
 */
joined: boolean, 
/**
 * When its invitation stops (or stopped) working, if it was invited.
 */
invite_expires_at: string | null, };

export type DeviceSummary = { 
/**
 * This device's id.
 */
device_id: string, 
/**
 * Its name.
 */
device_name: string, 
/**
 * The organisation.
 */
organisation_id: string, 
/**
 * Its name.
 */
organisation_name: string, 
/**
 * Fingerprint of this device's signing key, to compare with what others see.
 */
fingerprint: string, 
/**
 * The schema version.
 */
schema_version: number, 
/**
 * The clock (HLC) of the last change made or received.
 */
clock: string, 
/**
 * Every device whose changes this one holds (itself included), and peers it has heard from.
 */
devices: Array<KnownDevice>, 
/**
 * Changes held back (stamped too far ahead).
 */
quarantined: number, 
/**
 * Conflicts waiting for a person.
 */
open_conflicts: number, };

export type ConflictSide = { 
/**
 * The value, as stored.
 */
value: unknown, 
/**
 * The value in words.
 */
shown: string, 
/**
 * Who made this edit.
 */
author: string, 
/**
 * On which device.
 */
device: string, 
/**
 * Whether that device is this one.
 */
this_device: boolean, 
/**
 * When (UTC).
 */
at: Timestamp, };

export type ConflictView = { 
/**
 * Its id (the same on every device).
 */
id: string, 
/**
 * Record kind (op-log code).
 */
entity: string, 
/**
 * The kind in words.
 */
entity_label: string, 
/**
 * Record id.
 */
entity_id: string, 
/**
 * The client it is about, if any.
 */
client_id: string | null, 
/**
 * Which record, in words (a client's name, "appointment for …").
 */
record: string, 
/**
 * The field (column name).
 */
field: string, 
/**
 * The field in words.
 */
field_label: string, 
/**
 * The version shown now (the later edit).
 */
current: ConflictSide, 
/**
 * The other version.
 */
other: ConflictSide, };

export type Keep = { "keep": "current" } | { "keep": "other" } | { "keep": "mine" } | { "keep": "theirs" } | { "keep": "value", "value": string };

export type ShareFields = { 
/**
 * The client.
 */
client_id: ClientId, 
/**
 * The caseworker it is shared with (or none, when shared with a team).
 */
user_id: UserId | null, 
/**
 * The team it is shared with (or none, when shared with one person).
 */
team_id: TeamId | null, 
/**
 * Who shared it.
 */
shared_by: UserId, 
/**
 * From.
 */
starts_on: string, 
/**
 * Until (the share ends at the start of this day).
 */
ends_on: string | null, };

export type ShareWith = { "with": "user", "id": UserId } | { "with": "team", "id": TeamId };

export type FieldClass = "identity" | "identifier" | "contact" | "address" | "health" | "justice" | "safety" | "accompaniment" | "equality" | "free_text" | "operational" | "carried" | "secret";

export type AuditAction = "init" | "unlock" | "unlock_failed" | "view" | "export" | "backup" | "restore" | "import" | "verify" | "seed" | "erase" | "bundle_export" | "bundle_import" | "invite" | "device_revoke" | "join" | "resolve_conflict" | "share" | "unshare" | "reassign" | "user_add" | "user_change" | "user_remove" | "device_access" | "device_access_removed" | "passphrase_change" | "settings" | "change" | "subject_access" | "retention_keep";

export type AuditFilter = { 
/**
 * Only entries about this client (and, with it, the changes to their records).
 */
client_id: ClientId | null, 
/**
 * Only what this person did.
 */
user_id: UserId | null, 
/**
 * Only this action.
 */
action: AuditAction | null, 
/**
 * From this day (London), inclusive.
 */
from: string | null, 
/**
 * To this day (London), inclusive.
 */
to: string | null, };

export type AuditRow = { 
/**
 * When (UTC).
 */
at: Timestamp, 
/**
 * Who, if a known person.
 */
user_id: UserId | null, 
/**
 * Their name ("Someone unknown" for a wrong unlock).
 */
user_name: string, 
/**
 * What they did.
 */
action: AuditAction, 
/**
 * The kind of record it was about, in words.
 */
record: string | null, 
/**
 * The client it was about.
 */
client_id: ClientId | null, 
/**
 * Their name as shown now.
 */
client_name: string | null, 
/**
 * More about it: counts, field names, settings; never a personal value.
 */
detail: string | null, 
/**
 * The computer it was done on.
 */
device_name: string | null, };

export type PersonRow = { 
/**
 * Their user record.
 */
user: Stored<UserId, UserFields>, 
/**
 * Their team's name.
 */
team_name: string | null, 
/**
 * For a peer mentor, their mentor record's name.
 */
mentor_name: string | null, 
/**
 * Clients whose support is open and who are on their caseload.
 */
open_caseload: number, 
/**
 * Whether they can unlock this computer.
 */
can_unlock_here: boolean, 
/**
 * Whether this is the person using the app.
 */
is_me: boolean, };

export type NewPerson = { 
/**
 * Their name, as they will type it to unlock.
 */
display_name: string, 
/**
 * What they may do.
 */
role: Role, 
/**
 * Their team.
 */
team_id: TeamId | null, 
/**
 * For a peer mentor, their mentor record.
 */
mentor_id: MentorId | null, 
/**
 * Their email.
 */
email: string | null, };

export type PersonChange = { 
/**
 * New name.
 */
display_name: string | null, 
/**
 * New role.
 */
role: Role | null, 
/**
 * New team (`null` leaves it as it is).
 */
team_id: TeamId | null, 
/**
 * Take them out of their team (they then belong to none).
 */
clear_team: boolean, 
/**
 * For a peer mentor, their mentor record.
 */
mentor_id: MentorId | null, };

export type MentorHome = { 
/**
 * The day (London).
 */
date: string, 
/**
 * The mentor's own record.
 */
mentor_id: MentorId, 
/**
 * Their name.
 */
mentor_name: string, 
/**
 * The people linked to them now, by name.
 */
people: Array<LinkedPerson>, 
/**
 * Appointments of those people that have started and have no outcome yet, newest first: those the
 * mentor was to go to, and any since the link began.
 */
awaiting_outcome: Array<Stored<AppointmentId, AppointmentFields>>, };

export type LinkedPerson = { 
/**
 * Their record.
 */
client_id: ClientId, 
/**
 * Their name as shown (preferred name first).
 */
name: string, 
/**
 * The name they like to be called, if not their given name.
 */
preferred_name: string | null, 
/**
 * Their pronouns.
 */
pronouns: string | null, 
/**
 * Their phone number.
 */
phone: string | null, 
/**
 * What anyone going with them must know.
 */
accompaniment_needs: string | null, 
/**
 * The risks that concern whoever goes with them.
 */
risks: Array<RiskFlag>, 
/**
 * Since when they have been linked.
 */
linked_since: string, 
/**
 * Their coming appointments, soonest first.
 */
upcoming: Array<Stored<AppointmentId, AppointmentFields>>, };

export type Abilities = { 
/**
 * The client list and client records.
 */
clients: boolean, 
/**
 * Referrals.
 */
referrals: boolean, 
/**
 * The peer mentor directory and profiles.
 */
mentors: boolean, 
/**
 * Exchanging sync files and settling conflicts.
 */
sync: boolean, 
/**
 * The Users screen: people, roles, teams, shares, caseloads, who unlocks this computer.
 */
manage_people: boolean, 
/**
 * The Audit screen.
 */
audit: boolean, 
/**
 * Organisation settings (how soon the app locks).
 */
settings: boolean, 
/**
 * The peer mentor's own view of the people linked to them.
 */
mentor_home: boolean, 
/**
 * The monthly summary (a manager: anyone's; a caseworker: their own caseload's).
 */
reports: boolean, 
/**
 * Erasing a person's details (managers).
 */
erase: boolean, 
/**
 * Giving a person everything held about them (managers and caseworkers).
 */
subject_access: boolean, };

export type Audience = "internal" | "external";

export type Figure = { 
/**
 * Names the records behind it (see [`drill`]); the same quantity has the same key everywhere.
 */
key: string, 
/**
 * The count; `None` when it is not shown (external summaries).
 */
value: number | null, 
/**
 * Why it is not shown: `"<5"` (a count from 1 to 4), or `"*"` (hidden so that a small count
 * elsewhere cannot be worked out by subtraction); empty when shown.
 */
hidden: string, };

export type Breakdown = { 
/**
 * The whole.
 */
total: Figure, 
/**
 * The parts, in a fixed order, zeros included.
 */
parts: Array<Part>, };

export type Part = { 
/**
 * A stable code (`attended`, `white`, `25_34`…).
 */
code: string, 
/**
 * In words.
 */
label: string, 
/**
 * The count.
 */
figure: Figure, };

export type Rate = { 
/**
 * What it is, in words.
 */
label: string, 
/**
 * Those that count (attended, seen within 14 days…).
 */
numerator: Figure, 
/**
 * Of all those (attended and did not attend, releases…).
 */
denominator: Figure, 
/**
 * The percentage, one decimal place; `None` when the denominator is 0 or either count is hidden.
 */
percent: number | null, };

export type ScopeLabel = { 
/**
 * `organisation`, `team` or `caseworker`.
 */
kind: string, 
/**
 * The team's or caseworker's id (none for the organisation).
 */
id: string | null, 
/**
 * "Bridges Health Link", "North team", "Alex Morgan's caseload".
 */
name: string, };

export type MissingDevice = { 
/**
 * Its id.
 */
device_id: string, 
/**
 * Its name.
 */
name: string, 
/**
 * When its last sync file arrived here (never, if `None`).
 */
last_file_at: Timestamp | null, };

export type ClientFigures = { 
/**
 * Clients with an episode of support open at any time in the month.
 */
active: Figure, 
/**
 * Clients whose first episode of support opened in the month.
 */
new: Figure, 
/**
 * Clients whose support opened again in the month after an earlier episode.
 */
reopened: Figure, 
/**
 * Episodes of support closed in the month, by reason.
 */
closed: Breakdown, };

export type ContactFigures = { 
/**
 * Contacts in the month, by kind.
 */
by_kind: Breakdown, 
/**
 * Their minutes, in all.
 */
minutes: number, };

export type AppointmentFigures = { 
/**
 * Every appointment starting in the month, by what happened (moved ones counted as moved; those
 * still to come and those in the past with nothing recorded shown apart).
 */
by_outcome: Breakdown, 
/**
 * Attended ÷ (attended + did not attend).
 */
attendance: Rate, 
/**
 * The same, for appointments someone was arranged to go to with the person.
 */
accompanied: Rate, 
/**
 * The same, for appointments the person was to go to alone.
 */
unaccompanied: Rate, 
/**
 * The same, by who was arranged to go with them (a caseworker, a peer mentor, nobody).
 */
by_accompaniment: Array<Rate>, 
/**
 * Appointments in the past with no outcome recorded (a data-quality figure).
 */
awaiting_outcome: Figure, 
/**
 * Did-not-attends by reason.
 */
dna_reasons: Breakdown, };

export type ReferralFigures = { 
/**
 * Referrals sent in the month, by kind of service.
 */
made: Breakdown, 
/**
 * Referrals accepted in the month.
 */
accepted: Figure, 
/**
 * Referrals declined in the month.
 */
declined: Figure, 
/**
 * Referrals whose first appointment was in the month.
 */
first_appointments: Figure, 
/**
 * Of them, the median days from sending the referral to that first appointment.
 */
median_days_to_first_appointment: number | null, };

export type ReleaseFigures = { 
/**
 * Releases (a person released twice counts twice).
 */
releases: Figure, 
/**
 * Of them, with an attended health appointment within 14 days of release.
 */
seen_within_14_days: Rate, 
/**
 * Of them, with a support contact within 2 days of release.
 */
contact_within_2_days: Rate, };

export type MentoringFigures = { 
/**
 * Links between a peer mentor and a client open at any time in the month.
 */
active_links: Figure, 
/**
 * Appointments in the month the person attended with a peer mentor beside them.
 */
accompanied_appointments: Figure, };

export type OutcomeFigures = { 
/**
 * PHQ-9 (depression).
 */
phq9: Rate, 
/**
 * GAD-7 (anxiety).
 */
gad7: Rate, 
/**
 * The wellbeing check.
 */
wellbeing: Rate, };

export type EqualityFigures = { 
/**
 * By gender.
 */
gender: Breakdown, 
/**
 * By ethnic group (the five groups of the 2021 census).
 */
ethnic_group: Breakdown, 
/**
 * By age at the end of the month.
 */
age_band: Breakdown, 
/**
 * By disability.
 */
disability: Breakdown, };

export type TrendMonth = { 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * Active clients.
 */
active_clients: Figure, 
/**
 * Attendance rate when someone went with the person.
 */
accompanied: Rate, 
/**
 * Attendance rate when they went alone.
 */
unaccompanied: Rate, 
/**
 * Referrals sent.
 */
referrals_made: Figure, 
/**
 * Releases, and of them those with an attended health appointment within 14 days.
 */
seen_within_14_days: Rate, };

export type MonthlySummary = { 
/**
 * The organisation's name.
 */
organisation: string, 
/**
 * The month, `YYYY-MM` (London time).
 */
month: string, 
/**
 * The month in words ("October 2026").
 */
month_name: string, 
/**
 * Whom it covers.
 */
scope: ScopeLabel, 
/**
 * Internal or external.
 */
audience: Audience, 
/**
 * When it was made.
 */
produced_at: Timestamp, 
/**
 * True while some computers' work for the month has not arrived: the figures may still change.
 */
provisional: boolean, 
/**
 * Those computers.
 */
missing_devices: Array<MissingDevice>, 
/**
 * Clients.
 */
clients: ClientFigures, 
/**
 * Support contacts.
 */
contacts: ContactFigures, 
/**
 * Appointments.
 */
appointments: AppointmentFigures, 
/**
 * Referrals.
 */
referrals: ReferralFigures, 
/**
 * GP registrations achieved in the month.
 */
gp_registrations: Figure, 
/**
 * Releases.
 */
releases: ReleaseFigures, 
/**
 * Peer mentoring.
 */
mentoring: MentoringFigures, 
/**
 * Outcome measures: reliable improvement since the baseline.
 */
outcomes: OutcomeFigures, 
/**
 * Equality monitoring of active clients.
 */
equality: EqualityFigures, 
/**
 * The headline figures for the 12 months ending with this one, oldest first.
 */
trend: Array<TrendMonth>, };

export type ReportScope = { "kind": "organisation" } | { "kind": "team", "id": TeamId } | { "kind": "caseworker", "id": UserId };

export type ReportRequest = { 
/**
 * The month, `YYYY-MM`.
 */
month: string, 
/**
 * Whose clients.
 */
scope: ReportScope, 
/**
 * Internal or external.
 */
audience: Audience, };

export type ReportFormat = "json" | "csv" | "xlsx" | "pdf";

export type DrillRow = { 
/**
 * The client it is about.
 */
client_id: string, 
/**
 * Their name.
 */
client_name: string, 
/**
 * What kind of record (`client`, `episode`, `appointment`, `support_contact`, `referral`,
 * `custody_episode`, `mentor_link`).
 */
entity: string, 
/**
 * The record's id.
 */
record_id: string, 
/**
 * When (a date, or a time in UTC for appointments).
 */
when: string, 
/**
 * What it is, in a few words.
 */
detail: string, };

export type DrillPage = { 
/**
 * How many records are behind the figure in all.
 */
total: number, 
/**
 * Those from the page's start, in the same order as the whole list.
 */
rows: Array<DrillRow>, };

export type SavedReport = { 
/**
 * Where.
 */
path: string, 
/**
 * Its size in bytes.
 */
bytes: number, 
/**
 * Whether the month's figures may still change.
 */
provisional: boolean, };

export type Weekday = "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";

export type ClockTime = string;

export type WeeklySlot = { 
/**
 * Which day.
 */
day: Weekday, 
/**
 * From (London clock).
 */
from: ClockTime, 
/**
 * Until (London clock).
 */
until: ClockTime, 
/**
 * Where they can travel to then, in words ("Leeds city centre, by bus").
 */
area: string | null, };

export type AvailabilityException = { "kind": "away", 
/**
 * The first day away.
 */
first_day: string, 
/**
 * The last day away.
 */
last_day: string, } | { "kind": "extra", 
/**
 * The day.
 */
on: string, 
/**
 * From (London clock).
 */
from: ClockTime, 
/**
 * Until (London clock).
 */
until: ClockTime, 
/**
 * Where they can travel to then.
 */
area: string | null, };

export type Availability = { 
/**
 * The weekly pattern.
 */
weekly: Array<WeeklySlot>, 
/**
 * Days away and one-off extra times.
 */
exceptions: Array<AvailabilityException>, 
/**
 * Where they can travel in general ("Leeds and Bradford; no car").
 */
travel_area: string | null, };

export type Window = { 
/**
 * From.
 */
starts_at: Timestamp, 
/**
 * Until.
 */
ends_at: Timestamp, 
/**
 * Where they can travel to then.
 */
area: string | null, };

export type BookingCheck = { 
/**
 * Whose appointment.
 */
client_id: ClientId, 
/**
 * Start.
 */
starts_at: Timestamp, 
/**
 * End (an hour after the start if not given).
 */
ends_at: Timestamp | null, 
/**
 * Where.
 */
place: string | null, 
/**
 * The peer mentor going.
 */
planned_mentor_id: MentorId | null, 
/**
 * The caseworker going.
 */
planned_user_id: UserId | null, 
/**
 * The appointment being moved, which does not clash with itself.
 */
moving: AppointmentId | null, };

export type ClashKind = "mentor_busy" | "caseworker_busy" | "client_busy" | "outside_availability" | "mentor_away" | "travel_time";

export type Clash = { 
/**
 * What kind.
 */
kind: ClashKind, 
/**
 * What it is, in a sentence.
 */
message: string, 
/**
 * The other appointment, when the user may see it.
 */
other_id: AppointmentId | null, };

export type Busy = { 
/**
 * From.
 */
starts_at: Timestamp, 
/**
 * Until.
 */
ends_at: Timestamp, };

export type FreeSlot = { 
/**
 * The earliest start.
 */
starts_at: Timestamp, 
/**
 * Free until.
 */
free_until: Timestamp, 
/**
 * Where they can travel to then.
 */
area: string | null, };

export type CalendarOf = { "of": "mentor", 
/**
 * The mentor.
 */
mentor_id: MentorId, } | { "of": "caseworker", 
/**
 * The caseworker.
 */
user_id: UserId, } | { "of": "client", 
/**
 * The person.
 */
client_id: ClientId, } | { "of": "team", 
/**
 * The team; none for everyone.
 */
team_id: TeamId | null, };

export type Week = { 
/**
 * Whose.
 */
of: CalendarOf, 
/**
 * "Dee Campbell's week", "Your week", "North team".
 */
title: string, 
/**
 * The Monday the week starts on.
 */
starts_on: string, 
/**
 * The seven days.
 */
days: Array<string>, 
/**
 * The appointments, in time order.
 */
items: Array<AgendaItem>, 
/**
 * How many appointments in all (more than shown when very many).
 */
total: number, 
/**
 * For a mentor's calendar: when they are free.
 */
windows: Array<Window>, 
/**
 * For a mentor's calendar: the days they are away.
 */
away: Array<string>, 
/**
 * For a mentor's calendar: their other appointments the user may not see, as times only.
 */
busy: Array<Busy>, 
/**
 * For a mentor's calendar: where they can travel.
 */
travel_area: string | null, };

export type Attention = { 
/**
 * The day (London).
 */
date: string, 
/**
 * Tomorrow's appointments that someone is going to: for a mentor, theirs; for a caseworker, the
 * ones they go to and their caseload's.
 */
tomorrow: Counted<AgendaItem>, 
/**
 * Appointments in the next 14 days that nobody is going with: none planned, or someone needed
 * and nobody named. For a mentor, their linked people's; for a caseworker, their caseload's.
 */
nobody_going: Counted<AgendaItem>, };

export type Reminder = { 
/**
 * The same reminder has the same key, so it is shown once.
 */
key: string, 
/**
 * The heading.
 */
title: string, 
/**
 * The sentence.
 */
body: string, };

export type CalendarFor = { "of": "mentor", 
/**
 * The mentor.
 */
mentor_id: MentorId, } | { "of": "caseworker", 
/**
 * The caseworker.
 */
user_id: UserId, };

export type CalendarRequest = { 
/**
 * Whose.
 */
of: CalendarFor, 
/**
 * The first day.
 */
from: string, 
/**
 * The last day.
 */
to: string, };

export type SavedCalendar = { 
/**
 * Where.
 */
path: string, 
/**
 * How many appointments it holds.
 */
events: number, };

