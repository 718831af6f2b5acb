/**
 * The email channel, against a real SMTP server (smtp-server, parsed with
 * mailparser): one email per notification and recipient, carrying its
 * idempotency key (Message-ID and header); recipients follow roles and scope
 * (a shelter's staff, the referring agency, the region's coordinators);
 * temporary refusals (4xx) are retried until accepted, permanent ones (5xx)
 * make the notification DEAD at once; a re-run never sends twice.
 */
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, recordPositiveRg, REQUEST_PLACEMENT, smallNetwork, waitFor } from './support/fixtures';
import { SmtpSink } from './support/smtp-sink';
import { messageIdFor } from '@harbour/core/notifications/email-sender';

const MAIL_FROM = 'Harbour <noreply@harbour.example>';

describe('email notifications over SMTP', () => {
  let h: Harbour;
  let smtp: SmtpSink;
  let net: Network;
  const agencyEmail = 'duty-officers@police.example';
  const staffEmail = 'staff@orchid.example';

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    h = await Harbour.start('email', { env: { SMTP_URL: smtp.url, MAIL_FROM, JOB_ATTEMPTS: '4', JOB_BACKOFF_MS: '20' } });
    net = await smallNetwork(h, { beds: 4 });
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.stop();
  });

  const notifications = async (kind: string) =>
    (
      await h.ok<{ notifications: any }>(
        net.coordinator,
        `query($k: NotificationKind) { notifications(first: 100, kind: $k) { edges { node { channel recipient audienceType status attempts lastError idempotencyKey } } } }`,
        { k: kind },
      )
    ).notifications.edges.map((e: any) => e.node);

  it('lets a coordinator set where notifications go, refusing bad addresses and URLs by field, audited', async () => {
    const upd = (input: Record<string, unknown>, token = net.coordinator) =>
      h.gql(token, 'mutation($i: UpdateAgencyInput!) { updateAgency(input: $i) { id email webhookUrl } }', { i: input });
    const bad = await upd({ id: net.agencyId, email: 'not-an-address' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.email' });
    const ssrf = await upd({ id: net.agencyId, webhookUrl: 'http://169.254.169.254/latest/meta-data' });
    expect(ssrf.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.webhookUrl' });
    // Nothing was written by the refused changes.
    expect((await h.db.query('SELECT email, webhook_url FROM agency WHERE id = $1', [net.agencyId]))[0]).toEqual({ email: null, webhook_url: null });
    expect((await upd({ id: net.agencyId, email: agencyEmail }, net.officer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await upd({ id: '00000000-0000-4000-8000-000000000000', email: agencyEmail })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const ok = await upd({ id: net.agencyId, email: ` ${agencyEmail.toUpperCase().replace('POLICE.EXAMPLE', 'Police.Example')} ` });
    expect(ok.data?.updateAgency.email).toBe('DUTY-OFFICERS@police.example');
    await upd({ id: net.agencyId, email: agencyEmail });
    // Officers never see where an agency's notifications go.
    const seen = await h.ok<{ agencies: any[] }>(net.coordinator, '{ agencies { id email } }');
    expect(seen.agencies.find((a) => a.id === net.agencyId).email).toBe(agencyEmail);

    const staffSet = await h.ok<{ updateShelter: any }>(
      net.staff,
      'mutation($id: ID!, $i: UpdateShelterInput!) { updateShelter(id: $id, input: $i) { staffEmail } }',
      { id: net.shelterId, i: { staffEmail } },
    );
    expect(staffSet.updateShelter.staffEmail).toBe(staffEmail);
    const badStaff = await h.gql(net.staff, 'mutation($id: ID!, $i: UpdateShelterInput!) { updateShelter(id: $id, input: $i) { id } }', {
      id: net.shelterId,
      i: { staffEmail: 'staff@orchid.example\r\nBcc: leak@evil.example' },
    });
    expect(badStaff.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.staffEmail' });

    const setCoords = (emails: string[], token = net.coordinator, code = net.regionCode) =>
      h.gql(token, 'mutation($c: String!, $e: [String!]!) { setRegionCoordinatorEmails(regionCode: $c, emails: $e) { code coordinatorEmails } }', {
        c: code,
        e: emails,
      });
    const badList = await setCoords(['lead@region.example', 'nope']);
    expect(badList.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'emails.1' });
    expect((await setCoords(['a@region.example'], net.staff)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await setCoords(['a@region.example'], net.coordinator, 'NOWHERE')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const set = await setCoords(['lead@region.example', 'LEAD@region.example', 'night@region.example']);
    expect(set.data?.setRegionCoordinatorEmails.coordinatorEmails).toEqual(['lead@region.example', 'night@region.example']);
    // Officers still list regions; the addresses alone are refused (null + FORBIDDEN at that field).
    const asOfficer = await h.gql<{ regions: any[] }>(net.officer, '{ regions { code coordinatorEmails } }');
    expect(asOfficer.data?.regions.find((r) => r.code === net.regionCode)).toEqual({ code: net.regionCode, coordinatorEmails: null });
    expect(asOfficer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(asOfficer.errors?.[0]?.path?.[2]).toBe('coordinatorEmails');

    const audit = await h.db.query(
      `SELECT action, count(*)::int AS n FROM audit_event WHERE action IN ('UPDATE_AGENCY','UPDATE_SHELTER','SET_REGION_COORDINATORS') GROUP BY action ORDER BY action`,
    );
    expect(audit).toEqual([
      { action: 'SET_REGION_COORDINATORS', n: 1 },
      { action: 'UPDATE_AGENCY', n: 2 },
      { action: 'UPDATE_SHELTER', n: 1 },
    ]);
  });

  it('emails a hold offer once to the agency and once to the shelter staff, with the idempotency key as Message-ID and header', async () => {
    const r = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: await createReferral(h, net.officer) });
    const holdId = r.requestPlacement.hold.id;
    await waitFor(() => smtp.received.length >= 2);
    await h.settle();
    const keys = [`hold-offered:${holdId}:agency:email:${agencyEmail}`, `hold-offered:${holdId}:shelter:email:${staffEmail}`];
    expect(smtp.received.map((m) => [m.to, m.idempotencyKey]).sort()).toEqual([
      [[agencyEmail], keys[0]],
      [[staffEmail], keys[1]],
    ]);
    for (const m of smtp.received) {
      expect(m.messageId).toBe(messageIdFor(m.idempotencyKey, MAIL_FROM));
      expect(m.messageId).toMatch(/@harbour\.example>$/);
      expect(m.from).toContain('<noreply@harbour.example>');
      expect(m.subject).toContain('Bed held for referral');
      expect(m.text).toContain(holdId);
    }
    const log = (await notifications('HOLD_OFFERED')).filter((n: any) => n.channel === 'EMAIL');
    expect(log.map((n: any) => [n.recipient, n.status, n.attempts]).sort()).toEqual([
      [agencyEmail, 'SENT', 1],
      [staffEmail, 'SENT', 1],
    ]);
    // Running a SENT notification's delivery again (a retried or duplicated job) sends nothing.
    const [{ id }] = await h.db.query(`SELECT id FROM notification WHERE idempotency_key = $1`, [keys[0]]);
    const q = h.queue('notifications');
    await q.add('deliver', { notificationId: id }, { jobId: `again-${id}` });
    await q.close();
    await h.settle();
    expect(smtp.received).toHaveLength(2);
  });

  it('retries a temporary refusal (451) with backoff and delivers exactly once', async () => {
    smtp.received.length = 0;
    smtp.failNextData = 4; // both recipients refused twice, then accepted
    const r = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: await createReferral(h, net.officer) });
    const holdId = r.requestPlacement.hold.id;
    await waitFor(async () => {
      const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM notification WHERE channel = 'EMAIL' AND payload->>'holdId' = $1 AND status = 'SENT'`, [
        holdId,
      ]);
      return n === 2;
    });
    await h.settle();
    expect(smtp.failNextData).toBe(0);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([agencyEmail, staffEmail]);
    const rows = await h.db.query(
      `SELECT recipient, status, attempts, last_error FROM notification WHERE channel = 'EMAIL' AND payload->>'holdId' = $1 ORDER BY recipient`,
      [holdId],
    );
    expect(rows.map((x: any) => x.status)).toEqual(['SENT', 'SENT']);
    expect(rows.reduce((s: number, x: any) => s + x.attempts, 0)).toBe(6);
    expect(rows.every((x: any) => x.last_error === null)).toBe(true);
  });

  it('marks a permanent refusal (550) DEAD after one attempt, kept as a dead letter, without touching other recipients', async () => {
    smtp.received.length = 0;
    smtp.rejectRecipients.add(staffEmail);
    const r = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: await createReferral(h, net.officer) });
    const holdId = r.requestPlacement.hold.id;
    await waitFor(async () => {
      const rows = await h.db.query(`SELECT status FROM notification WHERE channel = 'EMAIL' AND payload->>'holdId' = $1`, [holdId]);
      return rows.length === 2 && rows.every((x: any) => x.status === 'SENT' || x.status === 'DEAD');
    });
    await h.settle();
    smtp.rejectRecipients.clear();
    const [dead] = await h.db.query(
      `SELECT id, status, attempts, last_error FROM notification WHERE channel = 'EMAIL' AND recipient = $1 AND payload->>'holdId' = $2`,
      [staffEmail, holdId],
    );
    expect(dead).toMatchObject({ status: 'DEAD', attempts: 1 });
    expect(dead.last_error).toMatch(/^smtp answered 550/);
    expect(smtp.received.map((m) => m.to[0])).toEqual([agencyEmail]);
    const failed = await h.ok<{ failedJobs: any[] }>(net.coordinator, '{ failedJobs(queue: "notifications") { data attemptsMade } }');
    expect(failed.failedJobs.map((j) => JSON.parse(j.data).notificationId)).toContain(dead.id);
    // A coordinator fixes the mailbox and re-drives: delivered once.
    await h.ok(net.coordinator, 'mutation { retryFailedJobs(queue: "notifications") }');
    await waitFor(() => smtp.to(staffEmail).length === 1);
    await h.settle();
    expect(smtp.to(staffEmail)).toHaveLength(1);
    expect((await h.db.query(`SELECT status FROM notification WHERE id = $1`, [dead.id]))[0].status).toBe('SENT');
  });

  it('sends reminders to the placed shelter’s staff and the referring agency, and capacity alerts to the region’s coordinators', async () => {
    smtp.received.length = 0;
    await h.ok(net.coordinator, `mutation($i: CreateAlertRuleInput!) { createAlertRule(input: $i) { id } }`, {
      i: { regionCode: net.regionCode, category: 'WOMEN_ONLY', threshold: 1, resolveAt: 2 },
    });
    // The last free bed: the region drops below 1 free women-only bed. A positive RG first: the recovery period starts on arrival.
    const referralId = await createReferral(h, net.officer);
    await recordPositiveRg(h, net.officer, referralId);
    const r = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: referralId });
    expect(r.requestPlacement.__typename).toBe('HoldOffered');
    await h.ok(net.staff, `mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }`, {
      i: { holdId: r.requestPlacement.hold.id },
    });
    // 46 days on, in one jump: the three reminders of the 30-day recovery period (7, 2 and 0 days before its end) fell due.
    await h.advance(46 * 24, net.coordinator);
    // A second region whose coordinators must hear nothing about this one.
    const other = await smallNetwork(h, { beds: 1 });
    await h.ok(net.coordinator, 'mutation($c: String!, $e: [String!]!) { setRegionCoordinatorEmails(regionCode: $c, emails: $e) { code } }', {
      c: other.regionCode,
      e: ['elsewhere@region.example'],
    });
    await waitFor(() => smtp.received.filter((m) => m.subject.includes('Recovery period')).length >= 6);
    // The earlier tests' holds expire during those days: their beds come back and the alert resolves.
    await waitFor(() => smtp.received.filter((m) => m.subject.startsWith('Capacity alert')).length >= 4);
    await h.settle();
    const reminders = smtp.received.filter((m) => m.subject.includes('Recovery period'));
    expect(reminders.filter((m) => m.to[0] === staffEmail)).toHaveLength(3);
    expect(reminders.filter((m) => m.to[0] === agencyEmail)).toHaveLength(3);
    expect(new Set(reminders.map((m) => m.idempotencyKey)).size).toBe(6);
    const opened = smtp.received.filter((m) => m.subject.startsWith('Capacity alert:'));
    const resolved = smtp.received.filter((m) => m.subject.startsWith('Capacity alert resolved'));
    expect(opened.map((m) => m.to[0]).sort()).toEqual(['lead@region.example', 'night@region.example']);
    expect(resolved.map((m) => m.to[0]).sort()).toEqual(['lead@region.example', 'night@region.example']);
    expect(opened[0].subject).toBe(`Capacity alert: 0 WOMEN_ONLY beds free in ${net.regionCode}`);
    expect(smtp.to('elsewhere@region.example')).toHaveLength(0);
    const reminderLog = await notifications('RECOVERY_PERIOD_REMINDER');
    expect(reminderLog.filter((n: any) => n.channel === 'EMAIL' && n.status === 'SENT')).toHaveLength(6);
    // No webhook is configured: the WEBHOOK rows say so, the email rows were still delivered.
    expect(reminderLog.filter((n: any) => n.channel === 'WEBHOOK').map((n: any) => n.status)).toEqual(Array(6).fill('UNDELIVERABLE'));
  });
});
