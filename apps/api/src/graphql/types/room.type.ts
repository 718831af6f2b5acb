import { Field, ID, ObjectType } from '@nestjs/graphql';
import { AccessibilityFeature } from '@harbour/domain';
import { RoomEntity } from '@harbour/core';
import '../enums';
import { Bed } from './bed.type';

@ObjectType({ description: 'A room in a safe house; a household is always placed within one room.' })
export class Room {
  @Field(() => ID, { description: 'Room id (UUID).' })
  id: string;

  @Field({ description: 'Room label, unique within its shelter (e.g. `A`, `Ground-2`).' })
  label: string;

  @Field(() => [AccessibilityFeature], { description: 'Accessibility features of the room (matched against a household’s needs).' })
  accessibilityFeatures: AccessibilityFeature[];

  @Field(() => [Bed], { description: 'Bed spaces in the room, by label.' })
  beds: Bed[];

  /** Not a field: for visibility checks. */
  shelterId: string;
}

export function toRoom(e: RoomEntity): Room {
  const r = new Room();
  Object.assign(r, { id: e.id, label: e.label, accessibilityFeatures: e.accessibilityFeatures, shelterId: e.shelterId });
  return r;
}
