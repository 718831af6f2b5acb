import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ExitReason, Jurisdiction, PlacementStatus } from '@harbour/domain';
import { PlacementEntity } from '@harbour/core';
import '../enums';
import { Connection } from './connection';
import { Hold } from './hold.type';
import { LeaveGrant, PlacementNrm, RecoveryNeedsAssessment } from './nrm.type';
import { RecoveryPeriod } from './recovery-period.type';
import { Referral } from './referral.type';
import { Reminder } from './reminder.type';
import { Bed } from './bed.type';
import { Room } from './room.type';
import { Shelter } from './shelter.type';

@ObjectType({ description: 'A household living in a shelter, from arrival to exit, through the NRM stages of its jurisdiction (`nrm`; docs/nrm-stages.md).' })
export class Placement {
  @Field(() => ID, { description: 'Placement id (UUID).' })
  id: string;

  @Field(() => Referral, { nullable: true, description: 'The referral placed; null when you may not see it.' })
  referral: Referral | null;

  @Field(() => Shelter, { description: 'Where the household lives (address only for coordinators and its staff).' })
  shelter: Shelter;

  @Field(() => Room, {
    nullable: true,
    description: 'The room the household lives in. Coordinators and this shelter’s staff; null for referral officers.',
  })
  room: Room | null;

  @Field(() => [Bed], {
    nullable: true,
    description: 'The household’s beds, by label (those its hold claimed). Coordinators and this shelter’s staff; null for referral officers.',
  })
  beds: Bed[] | null;

  @Field(() => Hold, { nullable: true, description: 'The hold whose arrival started this placement.' })
  hold: Hold | null;

  @Field(() => PlacementStatus, { description: 'ACTIVE while the household lives there; ENDED after exit.' })
  status: PlacementStatus;

  @Field({ description: 'Arrival date, YYYY-MM-DD in the jurisdiction’s time zone.' })
  arrivedOn: string;

  @Field(() => Jurisdiction, { description: 'The jurisdiction of the shelter’s region at arrival: its NRM rules govern the placement.' })
  jurisdiction: Jurisdiction;

  @Field({ description: 'The stay began as a Place of Safety (no NRM referral on arrival).' })
  placeOfSafety: boolean;

  @Field(() => String, { nullable: true, description: 'Date of the NRM referral, YYYY-MM-DD; null during a Place of Safety stay.' })
  nrmReferredOn: string | null;

  @Field(() => PlacementNrm, { description: 'The NRM stage today, its deadlines, and the policy in force when it began.' })
  nrm: PlacementNrm;

  @Field(() => [RecoveryNeedsAssessment], { description: 'Recovery Needs Assessments that extended move-on, oldest first.' })
  recoveryNeedsAssessments: RecoveryNeedsAssessment[];

  @Field(() => [LeaveGrant], { description: 'Leave to remain recorded, by grant date.' })
  leaveGrants: LeaveGrant[];

  @Field(() => String, { nullable: true, description: 'Who gives outreach support after exit; null when none was recorded.' })
  outreachProvider: string | null;

  @Field(() => String, { nullable: true, description: 'Exit date, YYYY-MM-DD; null while ACTIVE.' })
  endedOn: string | null;

  @Field(() => ExitReason, { nullable: true, description: 'Why the placement ended; null while ACTIVE.' })
  exitReason: ExitReason | null;

  @Field(() => [RecoveryPeriod], {
    description:
      'Every recovery period, by sequence (1 = from the positive RG, or arrival when the RG came earlier; then extensions). Empty before a positive RG.',
  })
  recoveryPeriods: RecoveryPeriod[];

  @Field(() => RecoveryPeriod, {
    nullable: true,
    description:
      'The recovery period that contains today (jurisdiction time zone); the last one when today is after it (the stay has overrun); null for an ENDED placement.',
  })
  currentRecoveryPeriod: RecoveryPeriod | null;

  @Field(() => [Reminder], { description: 'Reminders of the stage deadlines and leave expiries, by due time (cancelled ones included).' })
  reminders: Reminder[];

  /** Not fields: keys for the batched field resolvers. */
  referralId: string;
  shelterId: string;
  roomId: string;
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
    roomId: e.roomId,
    holdId: e.holdId,
    status: e.status,
    arrivedOn: e.arrivedOn,
    jurisdiction: e.jurisdiction,
    placeOfSafety: e.placeOfSafety,
    nrmReferredOn: e.nrmReferredOn,
    outreachProvider: e.outreachProvider,
    endedOn: e.endedOn,
    exitReason: e.exitReason,
  });
  return p;
}
