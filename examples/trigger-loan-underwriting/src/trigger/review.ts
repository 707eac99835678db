import { getCairn } from '@cairn/trigger';
import { task } from '@trigger.dev/sdk';

/** An underwriter's review of a referred application. */
export type ReferralReview = {
  /** The Cairn id of the agent's decision under review. */
  decisionId: string;
  reviewerId: string;
  action: 'approved' | 'overridden';
  /** The underwriter's own outcome when overriding. */
  newChoice?: 'approve' | 'decline';
  note: string;
};

/**
 * Records an underwriter's review of the agent's decision as oversight in Cairn, linked to the decision it
 * concerns and sealed with this run's link.
 */
export const reviewReferredApplication = task({
  id: 'review-referred-application',
  run: async (review: ReferralReview) => {
    const recorded = getCairn().oversight({
      refs: [review.decisionId],
      action: review.action,
      reviewer: { id: review.reviewerId, role: 'senior-underwriter' },
      note: review.note,
      ...(review.newChoice === undefined ? {} : { newChoice: { label: review.newChoice } }),
    });
    return Promise.resolve({ oversightId: recorded.id });
  },
});
