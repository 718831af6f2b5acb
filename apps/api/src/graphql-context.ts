import type { IncomingMessage } from 'node:http';
import { Principal } from '@harbour/core';
import { HarbourError } from '@harbour/platform';
import { Loaders } from './loaders/loaders';

/** The HTTP request as the express integration hands it over (express adds `ip`). */
export type HttpRequest = IncomingMessage & { ip?: string };

/** What every resolver gets for one GraphQL request. */
export interface GraphQLContext {
  req: HttpRequest;
  /** The verified caller; null when no (valid) bearer token came with the request. */
  principal: Principal | null;
  /** Why the token was refused, reported on the first resolver that needs a principal. */
  authError: HarbourError | null;
  /** This request's DataLoaders. */
  loaders: Loaders;
}
