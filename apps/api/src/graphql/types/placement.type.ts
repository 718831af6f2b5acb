import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ExitReason, PlacementStatus } from '@harbour/domain';
import { PlacementEntity } from '@harbour/core';
import '../enums';
import { Connection } from './connection';
import { Hold } from './hold.type';
import { RecoveryPeriod } from './recovery-period.type';
import { Referral } from './referral.type';
import { Reminder } from './reminder.type';
import { Shelter } from './shelter.type';

@ObjectType({ description: 'A household living in a shelter, from arrival (day 1 of recovery period 1) to exit.' })
export class Placement {
  @Field(() => ID, { description: 'Placement id (UUID).' })
  id: string;

  @Field(() => Referral, { nullable: true, description: 'The referral placed; null when you may not see it.' })
  referral: Referral | null;

  @Field(() => Shelter, { description: 'Where the household lives (address only for coordinators and its staff).' })
  shelter: Shelter;

  @Field(() => Hold, { nullable: true, description: 'The hold whose arrival started this placement.' })
  hold: Hold | null;

  @Field(() => PlacementStatus, { description: 'ACTIVE while the household lives there; ENDED after exit.' })
  status: PlacementStatus;

  @Field({ description: 'Arrival date, YYYY-MM-DD in the jurisdiction’s time zone: day 1 of recovery period 1.' })
  arrivedOn: string;

  @Field(() => String, { nullable: true, description: 'Exit date, YYYY-MM-DD; null while ACTIVE.' })
  endedOn: string | null;

  @Field(() => ExitReason, { nullable: true, description: 'Why the placement ended; null while ACTIVE.' })
  exitReason: ExitReason | null;

  @Field(() => [RecoveryPeriod], { description: 'Every recovery period, by sequence (1 = from arrival, then extensions).' })
  recoveryPeriods: RecoveryPeriod[];

  @Field(() => RecoveryPeriod, {
    nullable: true,
    description:
      'The recovery period that contains today (jurisdiction time zone); the last one when today is after it (the stay has overrun); null for an ENDED placement.',
  })
  currentRecoveryPeriod: RecoveryPeriod | null;

  @Field(() => [Reminder], { description: 'Reminders before and at the end of each period, by due time (cancelled ones included).' })
  reminders: Reminder[];

  /** Not fields: keys for the batched field resolvers. */
  referralId: string;
  shelterId: string;
  holdId: string;
}

@ObjectType({ description: 'A page of placements, newest first.' })
export class PlacementConnection extends Connection(Placement, 'Placement') {}

export function toPlacement(e: PlacementEntity): Placement {
  const p = new Placement();
  Object.assign(p, {
    id: e.id,
    referralId: e.referralId,
    shelterId: e.shelterId,
    holdId: e.holdId,
    status: e.status,
    arrivedOn: e.arrivedOn,
    endedOn: e.endedOn,
    exitReason: e.exitReason,
  });
  return p;
}
