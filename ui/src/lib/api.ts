// The only way the UI talks to the app: one typed function per Tauri command.
// A failed call rejects with a UiError whose message is written for people.
import { invoke } from "@tauri-apps/api/core";
import { toUiError } from "./errors";
import type { AppStatus, Labels, MentorSummary, UserSummary } from "./shell-types";
import type {
  AppointmentFields,
  AppointmentId,
  Booking,
  ClientFields,
  ClientFilter,
  ClientId,
  ClientPatch,
  ClientRecord,
  ClientRow,
  OutcomeRecord,
  Overview,
  Page,
  Paged,
  Stored,
  Today,
} from "./types";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
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
  unlock: (passphrase: string) => call<AppStatus>("unlock", { args: { passphrase } }),
  lock: () => call<AppStatus>("lock"),
  labels: () => call<Labels>("labels"),
  today: () => call<Today>("today"),
  overview: () => call<Overview>("overview"),
  clients: (filter: ClientFilter, page: Page) => call<Paged<ClientRow>>("clients", { args: { filter, page } }),
  clientRecord: (id: ClientId) => call<ClientRecord>("client_record", { args: { id } }),
  createClient: (fields: ClientFields) => call<Stored<ClientId, ClientFields>>("create_client", { args: { fields } }),
  updateClient: (id: ClientId, patch: ClientPatch) =>
    call<Stored<ClientId, ClientFields>>("update_client", { args: { id, patch } }),
  bookAppointment: (booking: Booking) =>
    call<Stored<AppointmentId, AppointmentFields>>("book_appointment", { args: { booking } }),
  recordOutcome: (id: AppointmentId, record: OutcomeRecord) =>
    call<Stored<AppointmentId, AppointmentFields>>("record_outcome", { args: { id, record } }),
  users: () => call<UserSummary[]>("users"),
  mentors: () => call<MentorSummary[]>("mentors"),
};

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
    ...fields,
  };
}
