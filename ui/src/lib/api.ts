// The only way the UI talks to the app: one typed function per Tauri command.
// A failed call rejects with a UiError whose message is written for people.
import { invoke } from "@tauri-apps/api/core";
import { toUiError } from "./errors";
import type { AppStatus, Labels, MentorSummary, SavedAudit, SavedInvitation, SavedSyncFile, UserSummary } from "./shell-types";
import type {
  Attention,
  Availability,
  BookingCheck,
  CalendarOf,
  CalendarRequest,
  Clash,
  FreeSlot,
  SavedCalendar,
  Week,
  AuditFilter,
  AuditRow,
  AppointmentFields,
  AppointmentId,
  Booking,
  BundlePreview,
  ClientFields,
  ClientFilter,
  ClientId,
  ClientPatch,
  ClientRecord,
  ClientRow,
  CloseReason,
  ConflictView,
  ContactFields,
  CustodyFields,
  CustodyId,
  DeviceSummary,
  ContactId,
  DrillPage,
  DuplicateQuery,
  Duplicates,
  EpisodeFields,
  EpisodeId,
  ImportReport,
  NewConsent,
  RetentionList,
  SubjectAccessFiles,
  Keep,
  MentorFields,
  MentorHome,
  MentorId,
  MentorLinkFields,
  MentorLinkId,
  MentorPatch,
  MentorRecord,
  MentorRow,
  MergeFields,
  MergeId,
  MeasureFields,
  MeasureId,
  MonthlySummary,
  NewMeasure,
  NewContact,
  NewPerson,
  NewReferral,
  OutcomeRecord,
  Page,
  Paged,
  PersonChange,
  PersonRow,
  ReferralFields,
  ReferralFilter,
  ReferralId,
  ReferralRow,
  ReferralStatus,
  ReleaseDetails,
  ReportFormat,
  ReportRequest,
  SavedReport,
  ScaleForm,
  MeasureScale,
  ServiceFields,
  ServiceId,
  ServicePatch,
  ServiceRow,
  ShareFields,
  ShareId,
  ShareWith,
  Stored,
  NewTask,
  TaskFields,
  TaskFilter,
  TaskId,
  TaskRow,
  TeamFields,
  TeamId,
  Today,
  UserFields,
  UserId,
} from "./types";

/** Which changes go into a sync file: everything, or only what one device has not seen. */
export type ExportTo = { kind: "all" } | { kind: "since_peer"; device_id: string };

/** The app's event that reports how far an import has got. */
export const SYNC_PROGRESS_EVENT = "sync-progress";

async function call<T>(command: string, args?: Record<string, unknown> | Uint8Array): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toUiError(e);
  }
}

export const api = {
  appStatus: () => call<AppStatus>("app_status"),
  createDatabase: (organisation: string, your_name: string, passphrase: string) =>
    call<AppStatus>("create_database", { args: { organisation, your_name, passphrase } }),
  unlock: (name: string, passphrase: string) => call<AppStatus>("unlock", { args: { name, passphrase } }),
  lock: () => call<AppStatus>("lock"),
  labels: () => call<Labels>("labels"),
  today: () => call<Today>("today"),
  clients: (filter: ClientFilter, page: Page) => call<Paged<ClientRow>>("clients", { args: { filter, page } }),
  searchClients: (query: string, limit: number) => call<ClientRow[]>("search_clients", { args: { query, limit } }),
  clientRecord: (id: ClientId) => call<ClientRecord>("client_record", { args: { id } }),
  eraseClient: (id: ClientId) => call<ClientRecord>("erase_client", { args: { id } }),
  /** Saves everything held about a person (PDF, and JSON beside it); null when the Save window was cancelled. */
  subjectAccess: (id: ClientId, since: string | null) =>
    call<SubjectAccessFiles | null>("subject_access", { args: { id, since } }),
  /** Records a consent decision; answers with the record as it now stands. */
  recordConsent: (consent: NewConsent) => call<ClientRecord>("record_consent", { args: { consent } }),
  createClient: (fields: ClientFields) => call<Stored<ClientId, ClientFields>>("create_client", { args: { fields } }),
  updateClient: (id: ClientId, patch: ClientPatch) =>
    call<Stored<ClientId, ClientFields>>("update_client", { args: { id, patch } }),
  bookAppointment: (booking: Booking) =>
    call<Stored<AppointmentId, AppointmentFields>>("book_appointment", { args: { booking } }),
  recordOutcome: (id: AppointmentId, record: OutcomeRecord) =>
    call<Stored<AppointmentId, AppointmentFields>>("record_outcome", { args: { id, record } }),
  /** Moves an appointment: the old one is marked cancelled by whoever moved it and linked to the new one, which is returned. */
  rescheduleAppointment: (
    id: AppointmentId,
    starts_at: string,
    ends_at: string | null,
    cancelled_by: "cancelled_by_patient" | "cancelled_by_provider",
  ) =>
    call<Stored<AppointmentId, AppointmentFields>>("reschedule_appointment", {
      args: { id, starts_at, ends_at, cancelled_by },
    }),
  users: () => call<UserSummary[]>("users"),
  mentors: () => call<MentorSummary[]>("mentors"),
  mentorDirectory: () => call<MentorRow[]>("mentor_directory"),
  mentorRecord: (id: MentorId) => call<MentorRecord>("mentor_record", { args: { id } }),
  addMentor: (fields: MentorFields) => call<Stored<MentorId, MentorFields>>("add_mentor", { args: { fields } }),
  updateMentor: (id: MentorId, patch: MentorPatch) =>
    call<Stored<MentorId, MentorFields>>("update_mentor", { args: { id, patch } }),
  linkMentor: (mentor_id: MentorId, client_id: ClientId, starts_on: string) =>
    call<Stored<MentorLinkId, MentorLinkFields>>("link_mentor", { args: { mentor_id, client_id, starts_on } }),
  endMentorLink: (id: MentorLinkId, ends_on: string) =>
    call<Stored<MentorLinkId, MentorLinkFields>>("end_mentor_link", { args: { id, ends_on } }),
  referrals: (filter: ReferralFilter, page: Page) =>
    call<Paged<ReferralRow>>("referrals", { args: { filter, page } }),
  makeReferral: (referral: NewReferral) =>
    call<Stored<ReferralId, ReferralFields>>("make_referral", { args: { referral } }),
  moveReferral: (id: ReferralId, to: ReferralStatus, on: string) =>
    call<Stored<ReferralId, ReferralFields>>("move_referral", { args: { id, to, on } }),
  logContact: (contact: NewContact) => call<Stored<ContactId, ContactFields>>("log_contact", { args: { contact } }),
  closeEpisode: (client_id: ClientId, on: string, reason: CloseReason) =>
    call<Stored<EpisodeId, EpisodeFields>>("close_episode", { args: { client_id, on, reason } }),
  reopenEpisode: (client_id: ClientId, on: string) =>
    call<Stored<EpisodeId, EpisodeFields>>("reopen_episode", { args: { client_id, on } }),
  /** Records going into custody (remand, sentence or recall); the client's status, prison and expected release follow. */
  addCustody: (fields: CustodyFields) =>
    call<Stored<CustodyId, CustodyFields>>("add_custody", { args: { fields } }),
  /** A move between prisons (or a new expected release date) while in custody; the client's record follows. */
  moveEstablishment: (id: CustodyId, establishment: string, expected_release_on: string | null) =>
    call<Stored<CustodyId, CustodyFields>>("move_establishment", { args: { id, establishment, expected_release_on } }),
  /** Records a release: the episode ends, the client's status follows and the first 14 days' steps become follow-ups. */
  recordRelease: (id: CustodyId, release: ReleaseDetails) =>
    call<Stored<CustodyId, CustodyFields>>("record_release", { args: { id, release } }),
  completeTask: (id: TaskId, done: boolean) => call<Stored<TaskId, TaskFields>>("complete_task", { args: { id, done } }),
  /** Tasks as the Tasks screen lists them: overdue first (oldest first), then by due date, then (if asked) done ones. */
  tasks: (filter: TaskFilter, page: Page) => call<Paged<TaskRow>>("tasks", { args: { filter, page } }),
  /** Adds a task by hand (for the person adding it unless someone else is named; not due before today). */
  addTask: (task: NewTask) => call<Stored<TaskId, TaskFields>>("add_task", { args: { task } }),
  /** Gives a task to another caseworker or manager (the app refuses a peer mentor). */
  reassignTask: (id: TaskId, assigneeId: UserId) =>
    call<Stored<TaskId, TaskFields>>("reassign_task", { args: { id, assignee_id: assigneeId } }),
  /** Moves a task's due date (the app refuses a day before today). */
  rescheduleTask: (id: TaskId, dueOn: string) =>
    call<Stored<TaskId, TaskFields>>("reschedule_task", { args: { id, due_on: dueOn } }),
  /** The open services, by name: what the referral and booking forms offer. */
  services: () => call<Stored<ServiceId, ServiceFields>[]>("services"),
  /** The whole directory (closed services last), each with its median wait and how many wait now. */
  serviceDirectory: () => call<ServiceRow[]>("service_directory"),
  /** Adds a service to the directory (managers; core refuses everyone else). */
  addService: (fields: ServiceFields) => call<Stored<ServiceId, ServiceFields>>("add_service", { args: { fields } }),
  /** Changes a service; closing it is `closed_on` set to today, opening it again is `closed_on: null` (managers). */
  updateService: (id: ServiceId, patch: ServicePatch) =>
    call<Stored<ServiceId, ServiceFields>>("update_service", { args: { id, patch } }),

  // Keeping one record per person: the check as a new client is typed in, and merging two records (managers).
  /** Records already on file that may be the person being typed in (quick enough to run as they type). */
  likelyDuplicates: (query: DuplicateQuery) => call<Duplicates>("likely_duplicates", { args: { query } }),
  /** Merges `merged_id` into `kept_id`: `choices` are the kept record's fields to take from the other one. */
  mergeClients: (kept_id: ClientId, merged_id: ClientId, choices: ClientPatch) =>
    call<Stored<MergeId, MergeFields>>("merge_clients", { args: { kept_id, merged_id, choices } }),
  /** Puts back what a merge changed: the other record, everything moved from it, and the chosen fields. */
  undoMerge: (id: MergeId) => call<Stored<MergeId, MergeFields>>("undo_merge", { args: { id } }),

  // Outcome measures (questionnaires).
  /** The questionnaires, with their questions and answer labels. */
  scales: () => call<ScaleForm[]>("scales"),
  setOfferedScales: (scales: MeasureScale[]) => call<ScaleForm[]>("set_offered_scales", { args: { scales } }),
  /** Records a questionnaire: every answer, or only the total from a paper form. */
  recordMeasure: (measure: NewMeasure) =>
    call<Stored<MeasureId, MeasureFields>>("record_measure", { args: { measure } }),
  deviceSummary: () => call<DeviceSummary>("device_summary"),
  /** Revokes a lost or retired computer (managers; cannot be undone); answers with the summary as it now stands. */
  revokeDevice: (device_id: string) => call<DeviceSummary>("revoke_device", { args: { device_id } }),
  conflicts: () => call<ConflictView[]>("conflicts"),
  /** Settles a conflict; answers with the conflicts still waiting. */
  resolveConflict: (id: string, keep: Keep) => call<ConflictView[]>("resolve_conflict", { args: { id, keep } }),
  /** Hands the app a sync file's bytes (as the raw body of the call); answers with what is in it. */
  stageSyncFile: (bytes: Uint8Array) => call<BundlePreview>("stage_sync_file", bytes),
  /** Imports the file staged last; progress arrives as SYNC_PROGRESS_EVENT events. */
  importStagedSyncFile: (passphrase: string | null) =>
    call<ImportReport>("import_staged_sync_file", { args: { passphrase } }),
  /** Writes a sync file and asks where to save it; null when the person closed the Save window. */
  exportSyncFile: (to: ExportTo, passphrase: string | null) =>
    call<SavedSyncFile | null>("export_sync_file", { args: { to, passphrase } }),
  /** Hands the app an invitation file's bytes (as the raw body of the call). */
  stageInvitation: (bytes: Uint8Array) => call<null>("stage_invitation", bytes),
  joinOrganisation: (code: string, passphrase: string) =>
    call<AppStatus>("join_organisation", { args: { code, passphrase } }),

  // People, shares and caseloads (managers; core refuses everyone else).
  people: () => call<PersonRow[]>("people"),
  teams: () => call<Stored<TeamId, TeamFields>[]>("teams"),
  /** Adds a person; with a passphrase (typed by them, here) they can unlock this computer at once. */
  addPerson: (person: NewPerson, passphrase: string | null) =>
    call<Stored<UserId, UserFields>>("add_person", { args: { person, passphrase } }),
  /** Lets a person unlock this computer with the passphrase they type. */
  letUnlock: (user_id: UserId, passphrase: string) => call<null>("let_unlock", { args: { user_id, passphrase } }),
  /** Registers a computer for a person and saves its invitation; it works once, for `valid_days` (1 to 30) days. */
  inviteDevice: (user_id: UserId, device_name: string, valid_days = 7) =>
    call<SavedInvitation | null>("invite_device", { args: { user_id, device_name, valid_days } }),
  stopUnlock: (user_id: UserId) => call<null>("stop_unlock", { args: { user_id } }),
  changePerson: (user_id: UserId, change: PersonChange) =>
    call<Stored<UserId, UserFields>>("change_person", { args: { user_id, change } }),
  removePerson: (user_id: UserId) => call<null>("remove_person", { args: { user_id } }),
  shareClient: (client_id: ClientId, withWhom: ShareWith) =>
    call<Stored<ShareId, ShareFields>>("share_client", { args: { client_id, with: withWhom } }),
  endShare: (share_id: ShareId) => call<Stored<ShareId, ShareFields>>("end_share", { args: { share_id } }),
  /** Moves every open case from one person to another; answers with how many moved. */
  reassignCaseload: (from: UserId, to: UserId) => call<number>("reassign_caseload", { args: { from, to } }),

  // Settings.
  lockMinutes: () => call<number>("lock_minutes"),
  setLockMinutes: (minutes: number) => call<number>("set_lock_minutes", { args: { minutes } }),
  /** The keeping time and the records past it (managers). */
  retention: () => call<RetentionList>("retention"),
  setRetentionYears: (years: number) => call<RetentionList>("set_retention_years", { args: { years } }),
  /** Keeps a record past the keeping time, with the reason; answers with the list as it now stands. */
  keepRecord: (client_id: ClientId, reason: string) => call<RetentionList>("keep_record", { args: { client_id, reason } }),
  changePassphrase: (old: string, newPassphrase: string) =>
    call<null>("change_passphrase", { args: { old, new: newPassphrase } }),

  // The audit log (managers).
  auditEntries: (filter: AuditFilter, page: Page) => call<Paged<AuditRow>>("audit_entries", { args: { filter, page } }),
  /** Saves the filtered log as CSV where the person chooses; null when they closed the Save window. */
  exportAudit: (filter: AuditFilter) => call<SavedAudit | null>("export_audit", { args: { filter } }),

  // The monthly summary (managers: anyone's; caseworkers: their own caseload's).
  monthlySummary: (request: ReportRequest) => call<MonthlySummary>("monthly_summary", { args: { request } }),
  /** A page of the records behind the figure whose key is given, and how many there are in all. */
  reportRecords: (request: ReportRequest, key: string, offset: number, limit: number) =>
    call<DrillPage>("report_records", { args: { request, key, offset, limit } }),
  /** Writes the summary as a file and asks where to save it; null when the person closed the Save window. */
  exportReport: (request: ReportRequest, format: ReportFormat) =>
    call<SavedReport | null>("export_report", { args: { request, format } }),

  /** A peer mentor's own view: the people linked to them and their appointments. */
  mentorHome: () => call<MentorHome>("mentor_home"),

  /** The week containing `day` on someone's calendar (a mentor's, a caseworker's, a person's or the team's). */
  week: (of: CalendarOf, day: string) => call<Week>("week", { args: { of, day } }),
  /** What to warn about before saving a booking or a move (empty: nothing). Never stops the save. */
  checkBooking: (check: BookingCheck) => call<Clash[]>("check_booking", { args: { check } }),
  /** A mentor's free times over the next two weeks for an appointment of `minutes`. */
  freeSlots: (mentor_id: MentorId, client_id: ClientId | null, minutes: number) =>
    call<FreeSlot[]>("free_slots", { args: { mentor_id, client_id, minutes } }),
  /** Moves an appointment to another time (the same appointment: a calendar file updates it). */
  moveAppointment: (id: AppointmentId, starts_at: string, ends_at: string | null) =>
    call<Stored<AppointmentId, AppointmentFields>>("move_appointment", { args: { id, starts_at, ends_at } }),
  /** Sets when a mentor is free: the whole weekly pattern and exceptions at once (the mentor or a manager). */
  setAvailability: (mentor_id: MentorId, availability: Availability) =>
    call<Stored<MentorId, MentorFields>>("set_availability", { args: { mentor_id, availability } }),
  /** Tomorrow's accompaniments, appointments nobody is going with, and outcomes not yet recorded. */
  needsAttention: () => call<Attention>("needs_attention"),
  /** Saves a calendar file (.ics) and asks where; null when the person closed the Save window. */
  exportCalendar: (request: CalendarRequest) => call<SavedCalendar | null>("export_calendar", { args: { request } }),
};

/** A new peer mentor with only the given fields set. */
export function blankMentor(fields: Partial<MentorFields>): MentorFields {
  return {
    display_name: "",
    phone: null,
    email: null,
    lived_experience: [],
    dbs_checked_on: null,
    training_completed_on: null,
    training_notes: null,
    availability: null,
    team_id: null,
    weekly_availability: null,
    availability_exceptions: null,
    travel_area: null,
    ...fields,
  };
}

/** A new service with only the given fields set; it is open until it is closed. */
export function blankService(fields: Partial<ServiceFields>): ServiceFields {
  return {
    name: "",
    service_type: "other",
    address: null,
    phone: null,
    email: null,
    area: null,
    notes: null,
    referral_route: null,
    closed_on: null,
    ...fields,
  };
}

/** A new client's record with only the given fields set; everything else is "not recorded". */
export function blankClient(fields: Partial<ClientFields>): ClientFields {
  return {
    given_name: null,
    family_name: null,
    preferred_name: null,
    date_of_birth: null,
    gender: null,
    ethnicity: null,
    disability: null,
    pronouns: null,
    phone: null,
    email: null,
    address: null,
    postcode: null,
    nhs_number: null,
    prison_number: null,
    crn: null,
    justice_status: "unknown",
    establishment: null,
    expected_release_date: null,
    actual_release_date: null,
    licence_end_date: null,
    gp_status: "unknown",
    gp_practice: null,
    gp_registered_on: null,
    gp_status_changed_on: null,
    support_needs: [],
    risk_flags: [],
    consent_store: null,
    consent_share_health: null,
    consent_share_probation: null,
    consent_on: null,
    consent_method: null,
    consent_withdrawn_on: null,
    caseworker_id: null,
    team_id: null,
    accompaniment_needs: null,
    ...fields,
  };
}
