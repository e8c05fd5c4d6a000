// The next steps the screens offer for a referral. The app checks every move; this only chooses the buttons.
import type { ReferralStatus } from "./types";

const NEXT: Record<ReferralStatus, ReferralStatus[]> = {
  draft: ["sent"],
  sent: ["acknowledged", "accepted", "declined", "closed_no_engagement"],
  acknowledged: ["accepted", "declined", "closed_no_engagement"],
  accepted: ["first_appointment", "closed_no_engagement"],
  first_appointment: ["completed", "closed_no_engagement"],
  declined: [],
  completed: [],
  closed_no_engagement: [],
};

export function nextSteps(status: ReferralStatus): ReferralStatus[] {
  return NEXT[status] ?? [];
}
