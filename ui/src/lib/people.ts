import { api } from "./api";
import { session } from "./session.svelte";
import type { MentorSummary, UserSummary } from "./shell-types";

/** The organisation's users, fetched once per unlock. */
export async function loadUsers(): Promise<UserSummary[]> {
  if (!session.users) session.users = await api.users();
  return session.users;
}

/** The peer mentors, fetched once per unlock. */
export async function loadMentors(): Promise<MentorSummary[]> {
  if (!session.mentors) session.mentors = await api.mentors();
  return session.mentors;
}
