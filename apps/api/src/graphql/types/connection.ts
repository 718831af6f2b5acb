import { Type } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { encodeCursor, Page } from '@harbour/core';

/** Relay page information. */
@ObjectType({ description: 'Where a page sits in its list (Relay PageInfo).' })
export class PageInfo {
  @Field({ description: 'True when more nodes follow this page: ask again with `after: endCursor`.' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last node of this page; null for an empty page.' })
  endCursor: string | null;
}

/** The shape every connection has, for `toConnection`. */
export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * A Relay connection type over `nodeType` (`XConnection { edges { cursor node } pageInfo totalCount }`),
 * plus its `XEdge` type. Extend the returned class with a concrete `@ObjectType()`.
 */
export function Connection<T>(nodeType: Type<T>, name: string): Type<ConnectionShape<T>> {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a list, with its cursor.` })
  class Edge {
    @Field({ description: 'Opaque cursor of this node: pass it as `after` to read what follows.' })
    cursor: string;

    @Field(() => nodeType, { description: `The ${name}.` })
    node: T;
  }

  @ObjectType({ isAbstract: true })
  abstract class ConnectionType implements ConnectionShape<T> {
    @Field(() => [Edge], { description: 'The nodes of this page, in list order.' })
    edges: Edge[];

    @Field(() => PageInfo, { description: 'Whether more nodes follow, and the cursor to ask for them.' })
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'Number of nodes in the whole list (all pages) that you may see.' })
    totalCount: number;
  }
  return ConnectionType as unknown as Type<ConnectionShape<T>>;
}

/** Builds a connection from QueryService's offset `Page`, mapping each entity to its GraphQL type. */
export function toConnection<E, T>(page: Page<E>, map: (entity: E) => T): ConnectionShape<T> {
  const edges = page.nodes.map((entity, i) => ({ cursor: encodeCursor(page.offset + i), node: map(entity) }));
  return {
    edges,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount: page.totalCount,
  };
}
