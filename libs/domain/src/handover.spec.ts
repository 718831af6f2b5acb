import { DomainError } from './errors';
import { checkDecline, handoverState, HandoverState, HoldDeclineReason, holdHoursFor } from './handover';
import { HoldStatus } from './lifecycle';

describe('hold handover', () => {
  it('OFFERED until the shelter accepts, then ACCEPTED, ARRIVED on arrival', () => {
    expect(handoverState(HoldStatus.ACTIVE, null)).toBe(HandoverState.OFFERED);
    expect(handoverState(HoldStatus.ACTIVE, new Date('2026-12-04T10:00:00Z'))).toBe(HandoverState.ACCEPTED);
    expect(handoverState(HoldStatus.CONFIRMED, new Date('2026-12-04T10:00:00Z'))).toBe(HandoverState.ARRIVED);
    expect(handoverState(HoldStatus.DECLINED, null)).toBe(HandoverState.DECLINED);
    expect(handoverState(HoldStatus.EXPIRED, null)).toBe(HandoverState.EXPIRED);
    expect(handoverState(HoldStatus.CANCELLED, null)).toBe(HandoverState.CANCELLED);
  });

  it('a decline carries a structured reason; OTHER chosen needs its text', () => {
    expect(checkDecline(HoldDeclineReason.NO_STAFF_TO_ADMIT, '  ')).toEqual({ reasonCode: HoldDeclineReason.NO_STAFF_TO_ADMIT, text: null });
    expect(checkDecline(HoldDeclineReason.OTHER, ' full tonight ')).toEqual({ reasonCode: HoldDeclineReason.OTHER, text: 'full tonight' });
    // The reason is required (no default); OTHER needs non-blank text.
    expect(() => checkDecline(null, 'full tonight')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'reasonCode' }));
    expect(() => checkDecline(undefined, undefined)).toThrow(expect.objectContaining({ field: 'reasonCode' }));
    expect(() => checkDecline(HoldDeclineReason.OTHER, ' ')).toThrow(expect.objectContaining({ field: 'reason' }));
    expect(() => checkDecline(HoldDeclineReason.OTHER, null)).toThrow(expect.objectContaining({ field: 'reason' }));
    expect(() => checkDecline('NOPE' as HoldDeclineReason, null)).toThrow(DomainError);
  });

  it('a shelter’s hold length is bounded to 1..168 hours, else the network default', () => {
    expect(holdHoursFor(null, 24)).toBe(24);
    expect(holdHoursFor(72, 24)).toBe(72);
    expect(holdHoursFor(1, 24)).toBe(1);
    expect(holdHoursFor(168, 24)).toBe(168);
    for (const bad of [0, 169, 2.5]) expect(() => holdHoursFor(bad, 24)).toThrow(expect.objectContaining({ field: 'holdHours' }));
  });
});
