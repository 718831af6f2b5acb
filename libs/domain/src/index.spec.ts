import * as domain from './index';

describe('@harbour/domain public API', () => {
  it('re-exports the model, errors and every rule module', () => {
    for (const name of [
      'Gender',
      'householdSize',
      'DomainError',
      'HardRule',
      'checkEligibility',
      'DEFAULT_SCORING_WEIGHTS',
      'scoreCandidate',
      'rankCandidates',
      'DEFAULT_TIME_ZONE',
      'DEFAULT_RECOVERY_PERIOD_DAYS',
      'parseCalendarDate',
      'addDays',
      'daysBetween',
      'localDate',
      'recoveryPeriod',
      'nextRecoveryPeriod',
      'dayOfPeriod',
      'reminderDueAt',
      'reminderSchedule',
      'localDateTimeToInstant',
      'urgencyRank',
      'compareWaitlistEntries',
      'waitlistPriority',
      'validateAlertThresholds',
      'evaluateCapacityAlert',
      'matchesCategory',
      'ReferralStatus',
      'HoldStatus',
      'PlacementStatus',
      'HoldSource',
      'ExitReason',
      'DecisionType',
      'DecisionOutcome',
      'assertReferralTransition',
      'assertHoldTransition',
      'assertManualBedStatusChange',
      'assignBatch',
      'greedyFirstCome',
      'greedyBestScore',
      'priorityOf',
      'assignmentViolations',
    ]) {
      expect(domain).toHaveProperty(name);
    }
  });
});
