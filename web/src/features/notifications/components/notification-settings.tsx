import { useEffect, useState } from 'preact/hooks';
import { Problem } from '../../../components/loaded.js';
import { toast } from '../../../components/toasts.js';
import { describeError } from '../../../lib/api.js';
import type { NotificationPreferences, PushSubscriptionView } from '../../../lib/types.js';
import { getPreferences, listDevices, putPreferences, removeDevice } from '../api.js';
import { offerPush } from '../push.js';

type Kind = 'reminder' | 'invitation' | 'assigned';
type Channel = 'in_app' | 'push' | 'email';
const KINDS: [Kind, string][] = [
  ['reminder', 'Reminders'],
  ['invitation', 'Invitations'],
  ['assigned', 'Assignments'],
];
const CHANNELS: [Channel, string][] = [
  ['in_app', 'In the app'],
  ['push', 'Push'],
  ['email', 'Email'],
];

/** Settings › Notifications: what I am told where, quiet hours, the daily agenda, and the devices pushed to. */
export function NotificationSettings() {
  const [prefs, setPrefs] = useState<NotificationPreferences | null>(null);
  const [devices, setDevices] = useState<PushSubscriptionView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    Promise.all([getPreferences(), listDevices()]).then(
      ([p, d]) => {
        setPrefs(p);
        setDevices(d);
        setError(null);
      },
      (err) => setError(describeError(err)),
    );
  useEffect(() => void load(), []);

  if (!prefs)
    return (
      <main class="settings-page" id="main" tabIndex={-1}>
        <h2>Notifications</h2>
        {error ? <Problem text={error} retry={load} /> : <p>Loading…</p>}
      </main>
    );
  const toggle = (kind: Kind, channel: Channel, on: boolean) =>
    setPrefs({
      ...prefs,
      channels: { ...prefs.channels, [kind]: { ...prefs.channels[kind], [channel]: on } },
    });
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      setPrefs(await putPreferences(prefs));
      toast('Notification settings saved');
    } catch (err) {
      toast(describeError(err), { tone: 'error' });
    }
  };
  const quiet = prefs.quiet_hours;
  return (
    <main class="settings-page" id="main" tabIndex={-1}>
      <h2>Notifications</h2>
      <form onSubmit={save} noValidate>
        <table>
          <caption>Tell me about</caption>
          <thead>
            <tr>
              <td />
              {CHANNELS.map(([, label]) => (
                <th scope="col" key={label}>
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {KINDS.map(([kind, label]) => (
              <tr key={kind}>
                <th scope="row">{label}</th>
                {CHANNELS.map(([channel, channelLabel]) => (
                  <td key={channel}>
                    <input
                      type="checkbox"
                      aria-label={`${label}: ${channelLabel}`}
                      checked={prefs.channels[kind][channel]}
                      onChange={(e) => toggle(kind, channel, e.currentTarget.checked)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <label>
            <input
              type="checkbox"
              checked={prefs.channels.agenda.email}
              onChange={(e) =>
                setPrefs({
                  ...prefs,
                  channels: { ...prefs.channels, agenda: { email: e.currentTarget.checked } },
                })
              }
            />{' '}
            Email me a daily agenda at
          </label>{' '}
          <label for="agenda-hour" class="visually-hidden">
            Agenda hour
          </label>
          <select
            id="agenda-hour"
            value={prefs.agenda_hour}
            onChange={(e) => setPrefs({ ...prefs, agenda_hour: Number(e.currentTarget.value) })}
          >
            {Array.from({ length: 24 }, (_, h) => (
              <option key={h} value={h}>{`${String(h).padStart(2, '0')}:00`}</option>
            ))}
          </select>
        </p>
        <p>
          <label>
            <input
              type="checkbox"
              checked={quiet !== null}
              onChange={(e) =>
                setPrefs({
                  ...prefs,
                  quiet_hours: e.currentTarget.checked ? { start: '22:00', end: '07:00' } : null,
                })
              }
            />{' '}
            Quiet hours (push and email wait until they end)
          </label>
          {quiet && (
            <>
              {' '}
              <label for="quiet-start">from</label>{' '}
              <input
                id="quiet-start"
                type="time"
                value={quiet.start}
                onInput={(e) =>
                  setPrefs({ ...prefs, quiet_hours: { ...quiet, start: e.currentTarget.value } })
                }
              />{' '}
              <label for="quiet-end">to</label>{' '}
              <input
                id="quiet-end"
                type="time"
                value={quiet.end}
                onInput={(e) =>
                  setPrefs({ ...prefs, quiet_hours: { ...quiet, end: e.currentTarget.value } })
                }
              />
            </>
          )}
        </p>
        <button type="submit" class="primary">
          Save
        </button>
      </form>
      <h3>Devices that get pushes</h3>
      {devices.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <ul aria-label="Devices">
          {devices.map((d) => (
            <li key={d.id}>
              {d.label}{' '}
              <button
                type="button"
                aria-label={`Remove ${d.label}`}
                onClick={() =>
                  removeDevice(d.id).then(load, (err) =>
                    toast(describeError(err), { tone: 'error' }),
                  )
                }
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        onClick={() =>
          offerPush().then(load, (err) => toast(describeError(err), { tone: 'error' }))
        }
      >
        Push to this browser
      </button>
    </main>
  );
}
