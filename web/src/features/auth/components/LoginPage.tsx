import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { prefetchRoute } from '../../../app/prefetch';
import { navigate, parseRoute, paths } from '../../../app/router';
import { errorMessage } from '../../../lib/http';
import { useLogIn } from '../hooks/useSession';

/** The sign-in form; goes to the only workspace, or to the workspace picker when there are several. */
export function LoginPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useLogIn();
  const queryClient = useQueryClient();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    login.mutate({ email, password }, {
      onSuccess: (me) => {
        const only = me.workspaces.length === 1 ? me.workspaces[0] : undefined;
        const target = only === undefined ? paths.workspaces() : paths.inbox(only.slug);
        prefetchRoute(queryClient, parseRoute(target, ''));
        navigate(target, { replace: true });
      },
    });
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={handleSubmit} aria-labelledby="login-title">
        <div className="brand-mark" aria-hidden="true">R</div>
        <h1 id="login-title">Sign in to Rapport</h1>
        <label htmlFor="login-email">Email</label>
        <input id="login-email" type="email" autoComplete="username" required autoFocus value={email} onChange={(event) => setEmail(event.target.value)} />
        <label htmlFor="login-password">Password</label>
        <input id="login-password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        {login.isError && <p className="form-error" role="alert">{errorMessage(login.error)}</p>}
        <button type="submit" className="button primary" disabled={login.isPending}>{login.isPending ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
