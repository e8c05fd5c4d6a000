// Generated from src-tauri by its `shell_types_are_up_to_date` test. Do not edit.
import type { ErrorKind, UserId, MentorId, Role, Abilities } from "./types";

export type AppStatus = { 
/**
 * Whether this computer has a database yet (if not: first run).
 */
has_database: boolean, 
/**
 * Whether it is unlocked.
 */
unlocked: boolean, 
/**
 * The organisation, when unlocked.
 */
organisation: string | null, 
/**
 * The person using it, when unlocked.
 */
user_name: string | null, 
/**
 * Their id, when unlocked (a caseworker's own caseload is asked for by it).
 */
user_id: UserId | null, 
/**
 * Their role, when unlocked.
 */
role: Role | null, 
/**
 * What their role lets them use, when unlocked (core's rules; the app offers only these).
 */
can: Abilities | null, 
/**
 * The demo database's passphrase, shown only when running the demo.
 */
demo_passphrase: string | null, 
/**
 * The demo database's manager, whose name opens it with that passphrase (the demo only).
 */
demo_name: string | null, };

export type UiError = { 
/**
 * What kind of failure.
 */
kind: ErrorKind, 
/**
 * The field it is about, when there is one.
 */
field: string | null, 
/**
 * What to tell the person.
 */
message: string, };

export type Label = { 
/**
 * The stored code.
 */
code: string, 
/**
 * What people see.
 */
label: string, };

export type UserSummary = { 
/**
 * Id.
 */
id: UserId, 
/**
 * Name.
 */
display_name: string, 
/**
 * Role.
 */
role: Role, };

export type MentorSummary = { 
/**
 * Id.
 */
id: MentorId, 
/**
 * Name.
 */
display_name: string, };

export type SavedSyncFile = { 
/**
 * Where it was saved.
 */
path: string, 
/**
 * Changes in it.
 */
ops: number, 
/**
 * Its size.
 */
bytes: number, };

export type SavedAudit = { 
/**
 * The file.
 */
path: string, 
/**
 * Its size in bytes.
 */
bytes: number, };

export type SavedInvitation = { 
/**
 * Where the file went.
 */
path: string, 
/**
 * The one-time code (shown once; give it separately from the file).
 */
code: string, 
/**
 * Whether it is for a peer mentor's own computer, which holds only their share.
 */
share: boolean, 
/**
 * When it stops working.
 */
expires_at: string, };

export type Labels = { [set: string]: Array<Label> };
