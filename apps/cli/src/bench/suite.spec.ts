import { inlineParams } from './suite';

describe('inlineParams (raw SQL for pgbench and EXPLAIN)', () => {
  it('writes each $n as a literal, arrays as text-array literals, quotes escaped, $10 not taken for $1', () => {
    const params: unknown[] = [['NJ-501', 'a"b'], null, 3, "O'Neil", true, 6, 7, 8, 9, 'ten'];
    expect(inlineParams('SELECT $1::text[], $2, $3, $4, $5, $10', params)).toBe(`SELECT '{"NJ-501","a\\"b"}'::text[], NULL, 3, 'O''Neil', true, 'ten'`);
  });
});
