/**
 * A job that fails every attempt is kept as a dead letter: visible over
 * GraphQL with its error, and re-driven by a coordinator once the cause is
 * fixed, after which its work happens exactly once.
 */
import { Harbour } from './support/harbour-harness';
import { smallNetwork, waitFor, WebhookSink } from './support/fixtures';

describe('dead letters', () => {
  let h: Harbour;
  let sink: WebhookSink;
  beforeAll(async () => {
    sink = await new WebhookSink().start();
    h = await Harbour.start('deadletters', {
      env: { COORDINATOR_WEBHOOK_URL: sink.url, JOB_ATTEMPTS: '2', JOB_BACKOFF_MS: '20' },
    });
  });
  afterAll(async () => {
    await h?.close();
    await sink?.stop();
  });

  it('keeps a notification that failed every attempt, shows it, and delivers it once when re-driven', async () => {
    const net = await smallNetwork(h, { beds: 1 });
    sink.status = 500;
    // One free bed against a threshold of 5: the alert opens at once and coordinators are notified.
    await h.ok(net.coordinator, 'mutation($i: CreateAlertRuleInput!) { createAlertRule(input: $i) { id } }', {
      i: { regionCode: net.regionCode, category: 'ALL', threshold: 5 },
    });
    const failed = async () =>
      (await h.ok<{ failedJobs: any[] }>(net.coordinator, '{ failedJobs(queue: "notifications") { id name failedReason attemptsMade data } }')).failedJobs;
    await waitFor(async () => (await failed()).length === 1);
    const [job] = await failed();
    expect(job).toMatchObject({ name: 'deliver', attemptsMade: 2, failedReason: expect.stringMatching(/HTTP 500/) });
    const { notificationId } = JSON.parse(job.data);
    const [before] = await h.db.query(`SELECT status, attempts, last_error FROM notification WHERE id = $1`, [notificationId]);
    // Every attempt failed: a dead letter.
    expect(before).toMatchObject({ status: 'DEAD', attempts: 2, last_error: 'webhook answered HTTP 500' });
    const status = await h.ok<{ workStatus: any }>(net.coordinator, '{ workStatus { queues { name failed } } }');
    expect(status.workStatus.queues.find((q: any) => q.name === 'notifications').failed).toBe(1);

    sink.status = 204;
    const retried = await h.ok<{ retryFailedJobs: number }>(net.coordinator, 'mutation { retryFailedJobs(queue: "notifications") }');
    expect(retried.retryFailedJobs).toBe(1);
    await waitFor(async () => (await h.db.query(`SELECT status FROM notification WHERE id = $1`, [notificationId]))[0].status === 'SENT');
    await h.settle();
    expect(sink.of('CAPACITY_ALERT_OPENED')).toHaveLength(1);
    expect(await failed()).toEqual([]);
    // Re-driving again finds nothing and sends nothing twice.
    expect((await h.ok<{ retryFailedJobs: number }>(net.coordinator, 'mutation { retryFailedJobs(queue: "notifications") }')).retryFailedJobs).toBe(0);
    const unknown = await h.gql(net.coordinator, '{ failedJobs(queue: "nope") { id } }');
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'queue' });
    const officer = await h.gql(net.officer, 'mutation { retryFailedJobs(queue: "notifications") }');
    expect(officer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
