import { useEffect, useMemo, useState } from 'preact/hooks';
import { describedBy, Field, FormError } from '../../../components/field.js';
import { toast } from '../../../components/toasts.js';
import { describeError, fieldError } from '../../../lib/api.js';
import { browserTimeZone } from '../../../lib/time.js';
import type { UserView } from '../../../lib/types.js';
import { getMe, saveProfile } from '../api.js';
import { findZone, offsetOf, timeZones } from '../zones.js';

/** Display name and time zone (where due dates, recurrence and reminders are reckoned). */
export function ProfileSection() {
  const here = browserTimeZone();
  const zones = useMemo(() => timeZones(here), [here]);
  const [user, setUser] = useState<UserView | null>(null);
  const [name, setName] = useState('');
  const [zone, setZone] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [zoneError, setZoneError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [loadError, setLoadError] = useState('');

  const show = (u: UserView) => {
    setUser(u);
    setName(u.name ?? '');
    setZone(u.timezone);
  };
  useEffect(() => void getMe().then(show, (err) => setLoadError(describeError(err))), []);

  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const timezone = findZone(zones, zone);
    if (!timezone) return setZoneError('Choose a time zone from the list, such as Europe/Berlin');
    setBusy(true);
    try {
      show(await saveProfile({ name: name.trim() || null, timezone }));
      toast('Profile saved');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (loadError)
    return (
      <p class="error" role="alert">
        {loadError}
      </p>
    );
  if (!user) return <p>Loading…</p>;
  const nameError = fieldError(error, 'name');
  const tzError = zoneError ?? fieldError(error, 'timezone');
  return (
    <form class="settings-form" onSubmit={save} aria-label="Profile" noValidate>
      <FormError text={error && !nameError && !tzError ? describeError(error) : undefined} />
      <Field
        id="settings-name"
        label="Display name"
        error={nameError}
        hint="Shown to the people you share projects with"
      >
        <input
          id="settings-name"
          value={name}
          maxLength={100}
          autoComplete="name"
          onInput={(e) => setName(e.currentTarget.value)}
          {...describedBy('settings-name', nameError, true)}
        />
      </Field>
      <Field
        id="settings-zone"
        label="Time zone"
        error={tzError}
        hint={`Type to search. Due dates and reminders follow it. Now ${offsetOf(findZone(zones, zone) ?? 'UTC')}.`}
      >
        <input
          id="settings-zone"
          list="settings-zones"
          value={zone}
          autoComplete="off"
          spellcheck={false}
          onInput={(e) => {
            setZone(e.currentTarget.value);
            setZoneError(undefined);
          }}
          {...describedBy('settings-zone', tzError, true)}
        />
      </Field>
      <datalist id="settings-zones">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <div class="settings-actions">
        {findZone(zones, zone) !== here && (
          <button
            type="button"
            onClick={() => {
              setZone(here);
              setZoneError(undefined);
            }}
          >
            Use this device's ({here})
          </button>
        )}
        <button type="submit" class="primary" disabled={busy}>
          Save profile
        </button>
      </div>
    </form>
  );
}
