import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { createClient, type Client } from 'graphql-ws';
import { graphql } from './gql';
import { currentSession, type Session } from './session';

const BedsChangedDocument = graphql(`
  subscription LiveBeds {
    bedsChanged {
      regionCodes
    }
  }
`);
const HoldChangedDocument = graphql(`
  subscription LiveHolds {
    holdChanged {
      id
      status
    }
  }
`);
const AlertChangedDocument = graphql(`
  subscription LiveAlerts {
    alertChanged {
      id
      status
    }
  }
`);
const NotificationAddedDocument = graphql(`
  subscription LiveInbox {
    notificationAdded {
      id
    }
  }
`);

/**
 * The page's one graphql-ws connection to this origin's /graphql (ws: or wss:
 * as the page), authenticated with the session's bearer token when it opens;
 * reconnects after a lost connection. A new session gets a new connection.
 */
let client: Client | null = null;
let clientToken: string | null = null;

function liveClient(token: string): Client {
  if (client && clientToken === token) return client;
  void client?.dispose();
  clientToken = token;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  client = createClient({
    url,
    connectionParams: () => ({ authorization: `Bearer ${currentSession()?.token ?? token}` }),
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: () => true,
  });
  return client;
}

/**
 * Which queries of the page each live event makes stale, by query key prefix:
 * a bed change refreshes the boards, a hold change the holds, stays and
 * referrals, an alert the alerts, a notification the inbox.
 */
const REFRESHES: { document: { toString(): string }; roles: Session['role'][]; keys: string[] }[] = [
  { document: BedsChangedDocument, roles: ['COORDINATOR', 'SHELTER_STAFF'], keys: ['network', 'shelter', 'holds'] },
  {
    document: HoldChangedDocument,
    roles: ['COORDINATOR', 'SHELTER_STAFF', 'REFERRAL_OFFICER'],
    keys: ['holds', 'shelter', 'stays', 'referral', 'referrals', 'operations'],
  },
  { document: AlertChangedDocument, roles: ['COORDINATOR'], keys: ['alerts'] },
  { document: NotificationAddedDocument, roles: ['COORDINATOR', 'SHELTER_STAFF', 'REFERRAL_OFFICER'], keys: ['inbox'] },
];

/**
 * Keeps the signed-in user's pages live: subscribes to the events their role
 * may receive and, on each, refetches the queries it makes stale (the API
 * checks every event against the access matrix as the subscriber). Without a
 * connection the pages keep their periodic refetch.
 */
export function useLiveUpdates(session: Session | null): void {
  const queryClient = useQueryClient();
  const token = session?.token ?? null;
  const role = session?.role ?? null;
  useEffect(() => {
    if (!token || !role) return;
    const c = liveClient(token);
    const stops = REFRESHES.filter((r) => r.roles.includes(role)).map((r) =>
      c.subscribe(
        { query: r.document.toString() },
        {
          next: () => {
            for (const key of r.keys) void queryClient.invalidateQueries({ queryKey: [key] });
          },
          error: () => undefined,
          complete: () => undefined,
        },
      ),
    );
    return () => {
      for (const stop of stops) stop();
    };
  }, [token, role, queryClient]);
}
