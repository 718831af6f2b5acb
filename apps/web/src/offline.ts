import { createStore, del, entries, set } from 'idb-keyval';
import { useEffect, useState } from 'react';
import { ApiError, gql } from './api';
import { graphql } from './gql';
import type { ConfirmArrivalInput, SetBedStatusInput } from './gql/graphql';
import { currentSession } from './session';

const OfflineSetBedStatusDocument = graphql(`
  mutation OfflineSetBedStatus($input: SetBedStatusInput!) {
    setBedStatus(input: $input) {
      id
      status
    }
  }
`);

const OfflineConfirmArrivalDocument = graphql(`
  mutation OfflineConfirmArrival($input: ConfirmArrivalInput!) {
    confirmArrival(input: $input) {
      id
    }
  }
`);

/** A change made without a connection, kept on the device (IndexedDB) until it is sent. */
export type QueuedChange = {
  id: string;
  /** Token subject that made it: only that user's session sends it. */
  sub: string;
  /** What it says, in the words of the moment it was made (e.g. "Bed A-1: Out of service"). */
  label: string;
  queuedAt: string;
  /** queued: waiting for a connection; conflicted: the record changed meanwhile (CONFLICT); refused: the API said no. */
  state: 'queued' | 'conflicted' | 'refused';
  /** The API's message for a conflicted or refused change. */
  message?: string;
} & ({ kind: 'setBedStatus'; input: SetBedStatusInput } | { kind: 'confirmArrival'; input: ConfirmArrivalInput });

const store = createStore('harbour-offline', 'changes');
const listeners = new Set<() => void>();
const changed = () => listeners.forEach((l) => l());

/** True when `e` means the API could not be reached at all (nothing was sent, or no answer came). */
export function isNetworkError(e: unknown): boolean {
  return e instanceof ApiError && e.code === 'NETWORK';
}

/** Keeps `change` on the device to send when the connection returns. */
export async function enqueue(change: Omit<QueuedChange, 'id' | 'sub' | 'queuedAt' | 'state'>): Promise<void> {
  const id = `${Date.now().toString(36)}-${crypto.randomUUID()}`;
  await set(id, { ...change, id, sub: currentSession()?.sub ?? '', queuedAt: new Date().toISOString(), state: 'queued' } as QueuedChange, store);
  changed();
}

/** Every kept change, oldest first. */
export async function queuedChanges(): Promise<QueuedChange[]> {
  const all = (await entries<string, QueuedChange>(store)).map(([, v]) => v);
  return all.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt) || a.id.localeCompare(b.id));
}

/** Forgets a conflicted or refused change once the user has seen it. */
export async function dismiss(id: string): Promise<void> {
  await del(id, store);
  changed();
}

let replaying: Promise<{ sent: string[] }> | null = null;

/**
 * Sends the signed-in user's queued changes in the order they were made. A
 * sent change is removed; CONFLICT marks it conflicted, any other refusal
 * refused (kept, with the API's message, until dismissed); a network failure
 * stops the replay, leaving the rest queued. Both changes are idempotent on
 * the API's side: setting a bed to the status it has is a no-op, and an arrival
 * confirmed twice is refused as a conflict, never recorded twice. Returns the
 * labels of the changes sent.
 */
export function replay(): Promise<{ sent: string[] }> {
  replaying ??= (async () => {
    const sent: string[] = [];
    try {
      const sub = currentSession()?.sub;
      for (const change of await queuedChanges()) {
        if (change.state !== 'queued' || change.sub !== sub) continue;
        try {
          if (change.kind === 'setBedStatus') await gql(OfflineSetBedStatusDocument, { input: change.input });
          else await gql(OfflineConfirmArrivalDocument, { input: change.input });
          await del(change.id, store);
          sent.push(change.label);
        } catch (e) {
          if (isNetworkError(e)) break;
          const state = e instanceof ApiError && e.code === 'CONFLICT' ? 'conflicted' : 'refused';
          await set(change.id, { ...change, state, message: (e as Error).message }, store);
        }
        changed();
      }
    } finally {
      replaying = null;
    }
    return { sent };
  })();
  return replaying;
}

/** Whether the browser says it is online, kept up to date. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/** The kept changes, re-read whenever they change. */
export function useQueuedChanges(): QueuedChange[] {
  const [list, setList] = useState<QueuedChange[]>([]);
  useEffect(() => {
    let live = true;
    const load = () => void queuedChanges().then((l) => live && setList(l));
    listeners.add(load);
    load();
    return () => {
      live = false;
      listeners.delete(load);
    };
  }, []);
  return list;
}
