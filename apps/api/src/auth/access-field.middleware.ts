import { GraphQLResolveInfo } from 'graphql';
import { FieldMiddleware, MiddlewareContext, NextFn } from '@nestjs/graphql';
import { accessOf, Scope } from '@harbour/core';
import { ForbiddenError } from '@harbour/platform';
import { GraphQLContext } from '../graphql-context';
import { requirePrincipal } from './current-principal.decorator';

/**
 * Scope checks the middleware can make from the parent object alone (no
 * query), keyed by type: defence in depth behind the resolvers and services,
 * which check every scope (identity/access.ts) where the object is loaded.
 */
const SHELTER_KEY: Readonly<Record<string, (source: Record<string, unknown>) => unknown>> = {
  Shelter: (s) => s.id,
  Room: (s) => s.shelterId,
  Hold: (s) => s.shelterId,
  Placement: (s) => s.shelterId,
};

/**
 * Referral fields that are not its details: identity, state and links to other
 * records (each checked and, where personal, audited on its own). Every other
 * Referral field is a detail whose read is audited (READ_REFERRAL).
 */
const REFERRAL_NON_DETAIL_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'agencyId',
  'status',
  'createdAt',
  'anonymisedAt',
  'agency',
  'activeHold',
  'placement',
  'waitlistPosition',
]);

/**
 * Global field middleware (every field of every object type): applies the
 * access matrix to the field being read, however it was reached (a field under
 * `placement { shelter { … } }` is checked like one under `shelter(id)`).
 * DENY, or a field the matrix does not list, answers FORBIDDEN on that field
 * (null in `data`, a typed error in `errors`). An OWN_SHELTER cell is also
 * checked against the parent's shelter. A read of a referral's details is
 * audited (READ_REFERRAL). Root fields are left to PrincipalGuard.
 */
export const accessFieldMiddleware: FieldMiddleware = async (ctx: MiddlewareContext, next: NextFn) => {
  const info = ctx.info as GraphQLResolveInfo; // always set by graphql-js
  const typeName = info.parentType.name;
  if (typeName === 'Query' || typeName === 'Mutation' || typeName === 'Subscription') return next();
  const p = requirePrincipal(ctx.context as GraphQLContext);
  const access = accessOf(p.role, typeName, info.fieldName);
  if (access === undefined || access === 'DENY') {
    throw new ForbiddenError(`${p.role} may not read ${typeName}.${info.fieldName}`);
  }
  if (access === Scope.OWN_SHELTER && SHELTER_KEY[typeName]) {
    const shelterId = SHELTER_KEY[typeName](ctx.source as Record<string, unknown>);
    if (typeof shelterId !== 'string' || !p.shelterIds.includes(shelterId)) {
      throw new ForbiddenError(`${typeName}.${info.fieldName} is only for staff of that shelter`);
    }
  }
  if (typeName === 'Referral' && !REFERRAL_NON_DETAIL_FIELDS.has(info.fieldName)) {
    // Issue 3, Audit: every read of referral details is in the audit trail (once per referral per request).
    await (ctx.context as GraphQLContext).loaders.referralRead.load((ctx.source as { id: string }).id);
  }
  return next();
};
