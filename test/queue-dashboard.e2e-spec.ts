/**
 * Bull Board at /admin/queues: coordinators only (401 without a token, 403
 * for other roles), a browser signs in once with ?token= (an HttpOnly cookie,
 * the token dropped from the URL), and the board lists every Harbour queue.
 */
import { ALL_QUEUES } from '@harbour/platform';
import { Harbour } from './support/harbour-harness';
import { smallNetwork } from './support/fixtures';

describe('queue dashboard (Bull Board)', () => {
  let h: Harbour;
  beforeAll(async () => {
    h = await Harbour.start('queue_dashboard', { worker: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses callers without a token, with a bad one, and of other roles', async () => {
    const none = await fetch(`${h.baseUrl}/admin/queues`);
    expect(none.status).toBe(401);
    expect((await none.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await fetch(`${h.baseUrl}/admin/queues/api/queues`, { headers: { authorization: 'Bearer not-a-token' } })).status).toBe(401);
    const n = await smallNetwork(h);
    for (const token of [n.officer, n.staff]) {
      const res = await fetch(`${h.baseUrl}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(403);
      expect((await res.json()).errors[0].extensions.code).toBe('FORBIDDEN');
    }
  });

  it('signs a coordinator in with ?token= once, then serves the board and its API on the cookie', async () => {
    const coordinator = await h.token({ role: 'COORDINATOR', sub: 'coordinator-1' });
    const signIn = await fetch(`${h.baseUrl}/admin/queues?token=${coordinator}`, { redirect: 'manual' });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/admin/queues');
    const setCookie = signIn.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^harbour_admin=[^;]+; Path=\/admin\/queues; HttpOnly; SameSite=Strict$/);
    const cookie = setCookie.split(';')[0];

    const page = await fetch(`${h.baseUrl}/admin/queues`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/<div id="root">/);

    const api = await fetch(`${h.baseUrl}/admin/queues/api/queues`, { headers: { cookie } });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual([...ALL_QUEUES].sort());
  });
});
