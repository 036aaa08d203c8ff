import { useEffect, useState } from 'preact/hooks';
import { Dialog } from '../../../components/dialog.js';
import { describedBy, Field, FormError } from '../../../components/field.js';
import { toast } from '../../../components/toasts.js';
import { describeError, fieldError } from '../../../lib/api.js';
import { onLive } from '../../../lib/live.js';
import { navigate } from '../../../lib/router.js';
import { session } from '../../../lib/session.js';
import type { MemberView, ProjectView, Role } from '../../../lib/types.js';
import { changeRole, inviteMember, listMembers, removeMember } from '../api.js';
import { forget, refreshProjects } from '../store.js';

const ROLES: readonly (readonly [Role, string])[] = [
  ['viewer', 'Viewer: sees the tasks'],
  ['editor', 'Editor: changes tasks'],
  ['admin', 'Admin: also members and the project'],
];

/**
 * Who has the project and with which role; an admin invites by email, changes roles and removes
 * members (the owner stays), and anyone but the owner can leave. Kept live while open.
 */
export function ShareDialog(props: { project: ProjectView; onClose: () => void }) {
  const { project } = props;
  const me = session.get()?.user.id;
  const admin = project.role === 'admin';
  const [members, setMembers] = useState<MemberView[] | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = () => void listMembers(project.id).then(setMembers, (err: unknown) => setError(err));
  useEffect(load, [project.id]);
  useEffect(
    () =>
      onLive(
        (e) =>
          e.kind === 'project' && (e.member?.project_id ?? e.project?.id) === project.id && load(),
      ),
    [project.id],
  );

  const run = async (work: Promise<unknown>, done?: string) => {
    try {
      await work;
      if (done) toast(done);
    } catch (err) {
      toast(describeError(err), { tone: 'error' });
    }
    load();
    void refreshProjects().catch(() => {});
  };

  const invite = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const member = await inviteMember(project.id, email.trim(), role);
      setEmail('');
      toast(`Invited ${member.email} as ${member.role}`);
      load();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const leave = async () => {
    try {
      await removeMember(project.id, me!);
    } catch (err) {
      return toast(describeError(err), { tone: 'error' });
    }
    forget(project.id);
    props.onClose();
    toast(`You left "${project.name}"`);
    navigate('/');
    void refreshProjects().catch(() => {});
  };

  const emailError = fieldError(error, 'email');
  const label = (m: MemberView) => m.name ?? m.email;
  return (
    <Dialog title={`Share "${project.name}"`} onClose={props.onClose} fallback="#share">
      <ul class="members" aria-label="Members">
        {members === null && !error && <li class="empty">Loading…</li>}
        {members?.map((m) => {
          const owner = m.user_id === project.owner_id;
          const self = m.user_id === me;
          return (
            <li key={m.user_id} class={m.status}>
              <span class="person">
                {label(m)}
                {self && ' (you)'}
                {m.name && <small> {m.email}</small>}
                {m.status === 'invited' && <small class="pending"> · invited</small>}
              </span>
              {owner || !admin || self ? (
                <span class="role">{owner ? 'owner' : m.role}</span>
              ) : (
                <select
                  aria-label={`Role of ${m.email}`}
                  value={m.role}
                  onChange={(e) =>
                    void run(changeRole(project.id, m.user_id, e.currentTarget.value as Role))
                  }
                >
                  {ROLES.map(([r]) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              )}
              {admin && !owner && !self && (
                <button
                  type="button"
                  class="danger"
                  aria-label={`${m.status === 'invited' ? 'Cancel the invitation of' : 'Remove'} ${m.email}`}
                  onClick={() =>
                    void run(
                      removeMember(project.id, m.user_id),
                      `${m.status === 'invited' ? 'Cancelled the invitation of' : 'Removed'} ${m.email}`,
                    )
                  }
                >
                  {m.status === 'invited' ? 'Cancel' : 'Remove'}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {admin && (
        <form class="invite" onSubmit={(e) => void invite(e)} aria-label="Invite">
          <div class="row">
            <Field id="invite-email" label="Invite by email" error={emailError}>
              <input
                id="invite-email"
                type="email"
                required
                value={email}
                onInput={(e) => setEmail(e.currentTarget.value)}
                autocomplete="off"
                {...describedBy('invite-email', emailError)}
              />
            </Field>
            <Field id="invite-role" label="Role">
              <select
                id="invite-role"
                value={role}
                onChange={(e) => setRole(e.currentTarget.value as Role)}
              >
                {ROLES.map(([r, words]) => (
                  <option key={r} value={r}>
                    {words}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <FormError text={error && !emailError ? describeError(error) : undefined} />
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>
              Invite
            </button>
          </div>
        </form>
      )}
      {!admin && <FormError text={error ? describeError(error) : undefined} />}
      {me !== project.owner_id && (
        <div class="actions">
          <button type="button" class="danger" onClick={() => void leave()}>
            Leave project
          </button>
        </div>
      )}
    </Dialog>
  );
}
