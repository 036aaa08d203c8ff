import { describe, expect, it } from 'vitest';
import { client } from '../../test/support/client.js';
import { userIn } from '../../test/support/schedule.js';
import { useTestApp } from '../../test/support/test-app.js';
import { unsubscribeUrl } from '../_shared/channels/unsubscribe.js';

const env = useTestApp({ env: { PUBLIC_URL: 'https://ripple.example' } });
const pathOf = (url: string) => url.slice('https://ripple.example'.length);

describe('one-click unsubscribe', () => {
  it('shows a button on GET, changing nothing; POST turns that kind of mail off, and only that', async () => {
    const user = await userIn(env.t.app);
    const link = pathOf(unsubscribeUrl(env.t.deps, { userId: user.user.id, kind: 'invitation' }));
    const page = await client(env.t.app).get(link);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<button>Stop emails about invitations</button>');
    expect((await user.get('/api/notification-preferences')).body.channels.invitation.email).toBe(
      true,
    );
    expect(
      (
        await client(env.t.app).post(link, 'List-Unsubscribe=One-Click', {
          'content-type': 'application/x-www-form-urlencoded',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await client(env.t.app).post(link, 'List-Unsubscribe=One-Click', {
          'content-type': 'application/x-www-form-urlencoded',
        })
      ).status,
    ).toBe(200);
    const prefs = (await user.get('/api/notification-preferences')).body;
    expect(prefs.channels.invitation).toEqual({ in_app: true, push: true, email: false });
    expect(prefs.channels.reminder.email).toBe(true);
  });

  it('refuses a token it did not issue, or one changed by hand, with 400', async () => {
    const user = await userIn(env.t.app);
    const link = pathOf(unsubscribeUrl(env.t.deps, { userId: user.user.id, kind: 'reminder' }));
    const forged = link.replace(/token=(.)/, (_m, c: string) => `token=${c === 'A' ? 'B' : 'A'}`);
    for (const path of [forged, '/api/unsubscribe?token=nonsense', '/api/unsubscribe']) {
      const res = await client(env.t.app).post(path, 'List-Unsubscribe=One-Click', {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(res.status, path).toBe(400);
    }
    expect((await user.get('/api/notification-preferences')).body.channels.reminder.email).toBe(
      true,
    );
  });
});
