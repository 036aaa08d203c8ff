import { useState } from 'preact/hooks';
import { toast } from '../../../components/toasts.js';
import { describeError, fieldError } from '../../../lib/api.js';
import { createToken, type AccessTokenScope } from '../api.js';

const EXPIRIES = [
  { days: 30, label: 'In 30 days' },
  { days: 90, label: 'In 90 days' },
  { days: 365, label: 'In a year' },
  { days: 0, label: 'Never' },
];

/** Creates a token and shows its secret this once, with a button to copy it. */
export function NewToken(props: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [scope, setScope] = useState<AccessTokenScope>('read');
  const [days, setDays] = useState(90);
  const [error, setError] = useState<unknown>(null);
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);

  const create = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const expires_at = days ? new Date(Date.now() + days * 86_400_000).toISOString() : null;
      const created = await createToken({ name: name.trim(), scope, expires_at });
      setSecret({ name: created.name, token: created.token });
      setName('');
      props.onCreated();
    } catch (err) {
      setError(err);
    }
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret!.token);
      toast('Token copied');
    } catch {
      toast('Could not copy: select the token and copy it', { tone: 'error' });
    }
  };
  const nameError = error ? (fieldError(error, 'name') ?? describeError(error)) : undefined;
  return (
    <>
      <form class="inline-form" onSubmit={create} noValidate aria-label="New access token">
        <label for="token-name">Name</label>
        <input
          id="token-name"
          value={name}
          maxLength={100}
          placeholder="Claude Desktop"
          onInput={(e) => (setName(e.currentTarget.value), setError(null))}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? 'token-name-error' : undefined}
        />
        <label for="token-scope">Access</label>
        <select
          id="token-scope"
          value={scope}
          onChange={(e) => setScope(e.currentTarget.value as AccessTokenScope)}
        >
          <option value="read">Read only</option>
          <option value="read+write">Read and write</option>
        </select>
        <label for="token-expiry">Expires</label>
        <select
          id="token-expiry"
          value={days}
          onChange={(e) => setDays(Number(e.currentTarget.value))}
        >
          {EXPIRIES.map((x) => (
            <option value={x.days}>{x.label}</option>
          ))}
        </select>
        <button type="submit" class="primary">
          Create token
        </button>
        {nameError && (
          <small id="token-name-error" class="error" role="alert">
            {nameError}
          </small>
        )}
      </form>
      {secret && (
        <div class="token-secret" role="status">
          <p>
            Your token <strong>{secret.name}</strong>. Copy it now: it is not shown again.
          </p>
          <label for="token-secret" class="visually-hidden">
            Token {secret.name}
          </label>
          <input
            id="token-secret"
            readOnly
            value={secret.token}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" class="primary" onClick={() => void copy()}>
            Copy
          </button>
          <button type="button" onClick={() => setSecret(null)}>
            Done
          </button>
        </div>
      )}
    </>
  );
}
