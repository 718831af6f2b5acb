/**
 * inTransaction on a real PostgreSQL: a deadlock (40P01) or serialization
 * failure (40001) is retried a bounded number of times; other errors are not.
 */
import { DataSource } from 'typeorm';
import { inTransaction } from '@harbour/core/persistence/transactions';
import { createTestDatabase, dropTestDatabase } from './support/harbour-harness';

describe('transactions retry serialization failures and deadlocks, boundedly', () => {
  let url: string;
  let db: DataSource;
  beforeAll(async () => {
    url = await createTestDatabase('transactions');
    db = new DataSource({ type: 'postgres', url, poolSize: 4 });
    await db.initialize();
    await db.query(`CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL); INSERT INTO counter VALUES (1, 0), (2, 0)`);
  });
  afterAll(async () => {
    await db?.destroy();
    if (url) await dropTestDatabase(url);
  });

  it('two transactions locking the same rows in opposite orders deadlock (found after deadlock_timeout, 1 s by default); the loser is retried and both commit', async () => {
    const tries = { a: 0, b: 0 };
    let bothLockedFirstRow!: () => void;
    const firstLocks = new Promise<void>((r) => (bothLockedFirstRow = r));
    let locked = 0;
    const work = (name: 'a' | 'b', first: number, second: number) =>
      inTransaction(db, async (em) => {
        tries[name]++;
        await em.query('UPDATE counter SET n = n + 1 WHERE id = $1', [first]);
        // Only the first attempts wait for each other, so the deadlock happens exactly once.
        if (tries[name] === 1 && ++locked === 2) bothLockedFirstRow();
        if (tries[name] === 1) await firstLocks;
        await em.query('UPDATE counter SET n = n + 1 WHERE id = $1', [second]);
      });
    await Promise.all([work('a', 1, 2), work('b', 2, 1)]);
    expect(tries.a + tries.b).toBe(3);
    expect(await db.query('SELECT id, n FROM counter ORDER BY id')).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  });

  it('a serialization failure every time gives up after the given attempts, writing nothing', async () => {
    let calls = 0;
    const failing = inTransaction(
      db,
      async (em) => {
        calls++;
        await em.query('UPDATE counter SET n = n + 100 WHERE id = 1');
        await em.query(`DO $$ BEGIN RAISE EXCEPTION 'simulated' USING ERRCODE = '40001'; END $$`);
      },
      4,
    );
    await expect(failing).rejects.toMatchObject({
      extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', reason: 'SERIALIZATION_FAILURE' }),
      cause: expect.objectContaining({ driverError: expect.objectContaining({ code: '40001' }) }),
    });
    expect(calls).toBe(4);
    expect((await db.query('SELECT n FROM counter WHERE id = 1'))[0].n).toBe(2);
  });

  it('any other error is not retried', async () => {
    let calls = 0;
    await expect(
      inTransaction(db, async (em) => {
        calls++;
        await em.query('INSERT INTO counter VALUES (1, 0)');
      }),
    ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23505' }) });
    expect(calls).toBe(1);
  });
});
