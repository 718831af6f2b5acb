import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertHoldTransition,
  assertManualBedStatusChange,
  assertPlacementTransition,
  assertReferralTransition,
  BedStatus,
  DomainError,
  HoldStatus,
  PlacementStatus,
  ReferralStatus,
} from '@harbour/domain';
import { ConflictError, ErrorCode, NotFoundError } from './errors';
import { errorsDoc, isErrorReason, REASON_CATALOGUE, reasonOr } from './reason-catalogue';
import { HoldReason, NOT_FOUND_REASONS, NotFoundEntity } from './reasons';

describe('typed error reasons', () => {
  it('docs/errors.md is generated from the reasons (npm run docs:errors)', () => {
    expect(readFileSync(join(__dirname, '../../../../docs/errors.md'), 'utf8')).toBe(errorsDoc());
  });

  it('are unique across the domains, each with a known code and a meaning', () => {
    const all = REASON_CATALOGUE.flatMap((d) => d.reasons);
    expect(new Set(all.map((r) => r.reason)).size).toBe(all.length);
    for (const r of all) {
      expect([r.reason, Object.values(ErrorCode).includes(r.code)]).toEqual([r.reason, true]);
      expect(r.meaning.length).toBeGreaterThan(10);
    }
  });

  it('a ConflictError carries its reason next to its code', () => {
    const e = new ConflictError(HoldReason.HOLD_NOT_ACTIVE, 'Hold h is EXPIRED', { field: 'holdId' });
    expect(e.extensions).toEqual({ code: 'CONFLICT', reason: 'HOLD_NOT_ACTIVE', field: 'holdId' });
    expect(e.message).toBe('Hold h is EXPIRED');
  });

  it('a NotFoundError carries the reason of its kind of record', () => {
    expect(new NotFoundError('Hold', 'h').extensions).toEqual({ code: 'NOT_FOUND', reason: 'HOLD_NOT_FOUND', entity: 'Hold', id: 'h' });
    for (const entity of Object.keys(NOT_FOUND_REASONS) as NotFoundEntity[]) expect(isErrorReason(NOT_FOUND_REASONS[entity])).toBe(true);
  });

  it('the reasons libs/domain raises as plain strings are in the catalogue', () => {
    const raised = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return (e as DomainError).reason;
      }
      throw new Error('did not throw');
    };
    const reasons = [
      raised(() => assertReferralTransition(ReferralStatus.EXITED, ReferralStatus.OPEN)),
      raised(() => assertHoldTransition(HoldStatus.EXPIRED, HoldStatus.ACTIVE)),
      raised(() => assertPlacementTransition(PlacementStatus.ENDED, PlacementStatus.ACTIVE)),
      raised(() => assertManualBedStatusChange(BedStatus.HELD, BedStatus.AVAILABLE)),
    ];
    expect(reasons).toEqual(['REFERRAL_INVALID_TRANSITION', 'HOLD_INVALID_TRANSITION', 'PLACEMENT_INVALID_TRANSITION', 'BED_STATUS_NOT_MANUAL']);
    for (const r of reasons) expect(isErrorReason(r!)).toBe(true);
    expect(reasonOr(new DomainError('INVALID_INPUT', 'x', 'f', 'NO_SUCH_REASON'), HoldReason.HOLD_NOT_ACTIVE)).toBe('HOLD_NOT_ACTIVE');
  });
});
