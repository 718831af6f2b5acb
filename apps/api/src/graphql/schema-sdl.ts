import { lexicographicSortSchema, printSchema } from 'graphql';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { accessFieldMiddleware } from '../auth/access-field.middleware';
import { RESOLVERS } from './resolvers';

/** The header @nestjs/graphql writes at the top of an auto-generated schema file. */
const SDL_HEADER =
  '# ------------------------------------------------------\n# THIS FILE WAS AUTOMATICALLY GENERATED (DO NOT MODIFY)\n# ------------------------------------------------------\n\n';

/**
 * The schema the code defines, as the text the API writes to schema.gql when
 * it boots (code first, sorted, with @nestjs/graphql's header), built from the
 * resolvers alone: no database, Redis or HTTP server. `npm run schema` writes
 * it; test/schema-drift.e2e-spec.ts checks the committed file equals it.
 */
export async function generateSchemaSdl(): Promise<string> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    const schema = await app.get(GraphQLSchemaFactory).create(RESOLVERS, { fieldMiddleware: [accessFieldMiddleware] });
    return SDL_HEADER + printSchema(lexicographicSortSchema(schema));
  } finally {
    await app.close();
  }
}
