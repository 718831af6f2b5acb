import { DEFAULT_ESCALATION_THRESHOLDS, EscalationStatus, escalationDueAt, escalationTransition } from './escalation';
import { Urgency } from './model';

const JOINED = new Date('2026-06-01T12:00:00Z');

describe('escalationDueAt', () => {
  it('defaults: EMERGENCY 24 h, URGENT 72 h, ROUTINE 7 days after joining the waitlist', () => {
    expect(escalationDueAt(Urgency.EMERGENCY, JOINED).toISOString()).toBe('2026-06-02T12:00:00.000Z');
    expect(escalationDueAt(Urgency.URGENT, JOINED).toISOString()).toBe('2026-06-04T12:00:00.000Z');
    expect(escalationDueAt(Urgency.ROUTINE, JOINED).toISOString()).toBe('2026-06-08T12:00:00.000Z');
  });

  it('uses the thresholds given (fractional hours) and refuses bad input by field', () => {
    const t = { ...DEFAULT_ESCALATION_THRESHOLDS, [Urgency.URGENT]: 1.5 };
    expect(escalationDueAt(Urgency.URGENT, JOINED, t).toISOString()).toBe('2026-06-01T13:30:00.000Z');
    expect(() => escalationDueAt(Urgency.URGENT, JOINED, { ...t, [Urgency.URGENT]: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'thresholds.URGENT' }),
    );
    expect(() => escalationDueAt(Urgency.URGENT, new Date('x'))).toThrow(expect.objectContaining({ field: 'joinedAt' }));
    expect(() => escalationDueAt('SOON' as Urgency, JOINED)).toThrow(expect.objectContaining({ field: 'urgency' }));
  });
});

describe('escalationTransition', () => {
  it('claim: OPEN or CLAIMED → CLAIMED; acknowledge: OPEN or CLAIMED → ACKNOWLEDGED', () => {
    expect(escalationTransition(EscalationStatus.OPEN, 'CLAIM')).toBe(EscalationStatus.CLAIMED);
    expect(escalationTransition(EscalationStatus.CLAIMED, 'CLAIM')).toBe(EscalationStatus.CLAIMED);
    expect(escalationTransition(EscalationStatus.OPEN, 'ACKNOWLEDGE')).toBe(EscalationStatus.ACKNOWLEDGED);
    expect(escalationTransition(EscalationStatus.CLAIMED, 'ACKNOWLEDGE')).toBe(EscalationStatus.ACKNOWLEDGED);
  });

  it('a resolved escalation takes nothing; an acknowledged one is neither claimed nor acknowledged again', () => {
    expect(escalationTransition(EscalationStatus.ACKNOWLEDGED, 'ACKNOWLEDGE')).toEqual({ conflict: 'the escalation is already acknowledged' });
    expect(escalationTransition(EscalationStatus.RESOLVED, 'CLAIM')).toEqual({ conflict: 'the escalation is already resolved' });
    expect(escalationTransition(EscalationStatus.RESOLVED, 'ACKNOWLEDGE')).toEqual({ conflict: 'the escalation is already resolved' });
    expect(escalationTransition(EscalationStatus.ACKNOWLEDGED, 'CLAIM')).toEqual({ conflict: 'the escalation is already acknowledged' });
  });
});
