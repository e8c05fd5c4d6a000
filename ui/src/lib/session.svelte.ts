import type { AppStatus, MentorSummary, UserSummary } from "./shell-types";

/**
 * What the app said about itself last, the people lists used by forms, and how many sync conflicts wait
 * for a person (for the badge on Sync in the main navigation).
 */
export const session = $state<{
  status: AppStatus | null;
  users: UserSummary[] | null;
  mentors: MentorSummary[] | null;
  openConflicts: number;
}>({ status: null, users: null, mentors: null, openConflicts: 0 });
