import { useEffect, useState } from 'preact/hooks';
import { describedBy, Field, FormError } from '../../../components/field.js';
import { describeError, fieldError } from '../../../lib/api.js';
import { signIn, signUp } from '../api.js';

/** Sign in, or sign up: one form, two modes. */
export function AuthPage(props: {
  mode: 'signin' | 'signup';
  onSwitch: (mode: 'signin' | 'signup') => void;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const signingUp = props.mode === 'signup';
  useEffect(() => {
    document.title = `${signingUp ? 'Sign up' : 'Sign in'} · Ripple`;
  }, [signingUp]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (signingUp) await signUp(email, password, name);
      else await signIn(email, password);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const emailError = fieldError(error, 'email');
  const passwordError = fieldError(error, 'password');
  const general = error && !emailError && !passwordError ? describeError(error) : undefined;
  return (
    <main class="auth" id="main" tabIndex={-1}>
      <h1>Ripple</h1>
      <form onSubmit={submit} aria-label={signingUp ? 'Sign up' : 'Sign in'} noValidate>
        <h2>{signingUp ? 'Create your account' : 'Sign in'}</h2>
        <FormError text={general} />
        {signingUp && (
          <Field id="auth-name" label="Name (optional)">
            <input
              id="auth-name"
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
              autocomplete="name"
            />
          </Field>
        )}
        <Field id="auth-email" label="Email" error={emailError}>
          <input
            id="auth-email"
            type="email"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
            autocomplete="email"
            {...describedBy('auth-email', emailError)}
          />
        </Field>
        <Field
          id="auth-password"
          label="Password"
          error={passwordError}
          {...(signingUp ? { hint: 'At least 8 characters' } : {})}
        >
          <input
            id="auth-password"
            type="password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            autocomplete={signingUp ? 'new-password' : 'current-password'}
            {...describedBy('auth-password', passwordError)}
          />
        </Field>
        <button type="submit" class="primary" disabled={busy}>
          {signingUp ? 'Sign up' : 'Sign in'}
        </button>
        <p>
          {signingUp ? 'Have an account? ' : 'New to Ripple? '}
          <button
            type="button"
            class="link"
            onClick={() => props.onSwitch(signingUp ? 'signin' : 'signup')}
          >
            {signingUp ? 'Sign in' : 'Create an account'}
          </button>
        </p>
      </form>
    </main>
  );
}
