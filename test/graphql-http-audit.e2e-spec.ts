/**
 * GraphQL over HTTP compliance: every audit of graphql-http's serverAudits
 * (the spec's MUST, SHOULD and MAY checks, `application/graphql-response+json`
 * included) passes against the real API over real HTTP.
 */
import { serverAudits } from 'graphql-http';
import { Harbour } from './support/harbour-harness';

describe('GraphQL over HTTP audits (graphql-http serverAudits)', () => {
  let h: Harbour;
  const audits = serverAudits({ url: () => h.url });

  beforeAll(async () => {
    h = await Harbour.start('audits', { worker: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('has the full suite of 61 audits', () => {
    expect(audits).toHaveLength(61);
  });

  for (const audit of audits) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      const detail = result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`;
      expect(detail).toBe('ok');
    });
  }
});
