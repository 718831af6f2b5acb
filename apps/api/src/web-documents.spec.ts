import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import * as webDocuments from '../../web/src/gql/graphql';
import { queryLimitRules } from './api.module';

/**
 * Every operation the web app sends (the documents GraphQL Code Generator
 * collected from apps/web/src) is valid against the committed schema and
 * within the API's query limits (depth, aliases, cost), at the page sizes
 * it asks for. A page that grows past the cost limit fails here instead of
 * showing "Something went wrong" to shelter staff.
 */
describe('the web app’s GraphQL documents', () => {
  const schema = buildSchema(readFileSync(join(__dirname, '../../../schema.gql'), 'utf8'));
  const documents = Object.entries(webDocuments)
    .filter(([name]) => name.endsWith('Document'))
    .map(([name, doc]) => [name, String(doc)] as const);

  it('are found (one per graphql`…` block)', () => {
    expect(documents.length).toBeGreaterThan(20);
    expect(documents.map(([name]) => name)).toContain('ShelterStaysDocument');
  });

  it.each(documents)('%s is valid and within the query limits', (_name, text) => {
    const errors = validate(schema, parse(text), [...specifiedRules, ...queryLimitRules(false)]);
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
