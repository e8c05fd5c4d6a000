import type { AppStatus, MentorSummary, UserSummary } from "./shell-types";

/** What the app said about itself last, and the people lists used by forms. */
export const session = $state<{
  status: AppStatus | null;
  users: UserSummary[] | null;
  mentors: MentorSummary[] | null;
}>({ status: null, users: null, mentors: null });
