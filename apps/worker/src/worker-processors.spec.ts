import { assertEveryJobHasHandler } from '@harbour/platform';
import { processorQueues } from './worker.module';

describe('worker processors', () => {
  it('handle every job of the catalogue (the start-up check passes)', () => {
    expect(() => assertEveryJobHasHandler(processorQueues())).not.toThrow();
  });
});
