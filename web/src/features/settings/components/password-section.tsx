import { useState } from 'preact/hooks';
import { describedBy, Field, FormError } from '../../../components/field.js';
import { toast } from '../../../components/toasts.js';
import { describeError, fieldError } from '../../../lib/api.js';
import { changePassword, SESSIONS_CHANGED } from '../api.js';

function PasswordField(props: {
  id: string;
  label: string;
  autoComplete: 'current-password' | 'new-password';
  value: string;
  onInput: (value: string) => void;
  error: string | undefined;
  hint?: string;
}) {
  return (
    <Field
      id={props.id}
      label={props.label}
      error={props.error}
      {...(props.hint ? { hint: props.hint } : {})}
    >
      <input
        id={props.id}
        type="password"
        autoComplete={props.autoComplete}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        {...describedBy(props.id, props.error, props.hint !== undefined)}
      />
    </Field>
  );
}

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
      <PasswordField
        id="settings-current-password"
        label="Current password"
        autoComplete="current-password"
        value={current}
        onInput={setCurrent}
        error={currentError}
      />
      <PasswordField
        id="settings-new-password"
        label="New password"
        autoComplete="new-password"
        value={next}
        onInput={setNext}
        error={nextError}
        hint="At least 8 characters that are not spaces"
      />
      <PasswordField
        id="settings-repeat-password"
        label="Repeat new password"
        autoComplete="new-password"
        value={repeat}
        onInput={(value) => {
          setRepeat(value);
          setMismatch(false);
        }}
        error={repeatError}
      />
      <p class="settings-note">
        Changing it signs out every other session (other browsers and devices).
      </p>
      <div class="settings-actions">
        <button type="submit" class="primary" disabled={busy}>
          Change password
        </button>
      </div>
    </form>
  );
}
