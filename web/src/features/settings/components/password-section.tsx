import { useState } from 'preact/hooks';
import { describedBy, Field, FormError } from '../../../components/field.js';
import { toast } from '../../../components/toasts.js';
import { describeError, fieldError } from '../../../lib/api.js';
import { changePassword, SESSIONS_CHANGED } from '../api.js';

/** A new password, given the current one. Every other session is signed out with it. */
export function PasswordSection() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (next !== repeat) return setMismatch(true);
    setBusy(true);
    try {
      await changePassword(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
      toast('Password changed. Every other session is signed out.');
      dispatchEvent(new Event(SESSIONS_CHANGED));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const currentError = fieldError(error, 'current_password');
  const nextError = fieldError(error, 'new_password');
  const repeatError = mismatch ? 'Type the same new password twice' : undefined;
  return (
    <form class="settings-form" onSubmit={submit} aria-label="Change password" noValidate>
      <FormError text={error && !currentError && !nextError ? describeError(error) : undefined} />
      <Field id="settings-current-password" label="Current password" error={currentError}>
        <input
          id="settings-current-password"
          type="password"
          autoComplete="current-password"
          value={current}
          onInput={(e) => setCurrent(e.currentTarget.value)}
          {...describedBy('settings-current-password', currentError)}
        />
      </Field>
      <Field id="settings-new-password" label="New password" error={nextError} hint="At least 8 characters that are not spaces">
        <input
          id="settings-new-password"
          type="password"
          autoComplete="new-password"
          value={next}
          onInput={(e) => setNext(e.currentTarget.value)}
          {...describedBy('settings-new-password', nextError)}
          aria-describedby={nextError ? 'settings-new-password-error' : 'settings-new-password-hint'}
        />
      </Field>
      <Field id="settings-repeat-password" label="Repeat new password" error={repeatError}>
        <input
          id="settings-repeat-password"
          type="password"
          autoComplete="new-password"
          value={repeat}
          onInput={(e) => {
            setRepeat(e.currentTarget.value);
            setMismatch(false);
          }}
          {...describedBy('settings-repeat-password', repeatError)}
        />
      </Field>
      <p class="settings-note">Changing it signs out every other session (other browsers and devices).</p>
      <div class="settings-actions">
        <button type="submit" class="primary" disabled={busy}>
          Change password
        </button>
      </div>
    </form>
  );
}
