import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_QUEUES, QueueName } from './queues';
import { assertEveryJobHasHandler, JOB_CATALOGUE, MAINTENANCE_EVERY_MS, renderJobTable } from './job-catalogue';

describe('job catalogue', () => {
  it('lists every queue, and every job once', () => {
    expect(new Set(JOB_CATALOGUE.map((k) => k.queue))).toEqual(new Set(ALL_QUEUES));
    const keys = JOB_CATALOGUE.map((k) => `${k.queue}/${k.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(JOB_CATALOGUE.filter((k) => k.queue === QueueName.MAINTENANCE).map((k) => [k.name, k.everyMs])).toEqual(Object.entries(MAINTENANCE_EVERY_MS));
  });

  it('the start-up check names a queue without a processor, and a processor outside the catalogue', () => {
    expect(() => assertEveryJobHasHandler(ALL_QUEUES)).not.toThrow();
    expect(() => assertEveryJobHasHandler(ALL_QUEUES.filter((q) => q !== QueueName.REMINDERS))).toThrow(/No processor for queue\(s\) reminders/);
    expect(() => assertEveryJobHasHandler([...ALL_QUEUES, 'mystery'])).toThrow(/mystery missing from JOB_CATALOGUE/);
  });

  it('is what docs/operations.md lists (Jobs)', () => {
    const doc = readFileSync(join(__dirname, '../../../../docs/operations.md'), 'utf8');
    expect(doc).toContain(renderJobTable());
  });
});
