import { canSeeShelterLocation, Principal } from '@harbour/core';
import { Loaders } from '../../loaders/loaders';
import { Bed, toBed } from '../types/bed.type';
import { Room, toRoom } from '../types/room.type';

/** Where a hold or a placement is: its shelter, room and hold (a placement's beds are its hold's). */
export interface StayKeys {
  shelterId: string;
  roomId: string;
  holdId: string;
}

/**
 * The room of a hold or placement, for the staff who prepare it: coordinators
 * and the shelter's own staff (the layout's access, SHELTER_LOCATION); null for
 * anyone else (referral officers never see a shelter's layout). Batched
 * (Loaders.room).
 */
export async function stayRoom(p: Principal, stay: StayKeys, loaders: Loaders): Promise<Room | null> {
  if (!canSeeShelterLocation(p, stay.shelterId)) return null;
  const room = await loaders.room.load(stay.roomId);
  return room ? toRoom(room) : null;
}

/**
 * The beds a hold claimed (a placement's: its hold's), by label, with the
 * access of {@link stayRoom}; null for anyone else. Batched (Loaders.bedsByHold).
 */
export async function stayBeds(p: Principal, stay: StayKeys, loaders: Loaders): Promise<Bed[] | null> {
  if (!canSeeShelterLocation(p, stay.shelterId)) return null;
  return (await loaders.bedsByHold.load(stay.holdId)).map(toBed);
}
