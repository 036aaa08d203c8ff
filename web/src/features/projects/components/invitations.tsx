import { toast } from '../../../components/toasts.js';
import { describeError } from '../../../lib/api.js';
import { navigate } from '../../../lib/router.js';
import type { MemberView } from '../../../lib/types.js';
import { acceptInvitation, declineInvitation } from '../api.js';
import { refreshProjects, useProjects } from '../store.js';

/** Projects shared with the user and not answered yet: accept (and go to it) or decline. */
export function Invitations() {
  const { invitations } = useProjects();
  if (invitations.length === 0) return null;

  const answer = async (invitation: MemberView, accept: boolean) => {
    try {
      if (accept) {
        await acceptInvitation(invitation.project_id);
        toast(`Joined "${invitation.project_name}"`);
      } else {
        await declineInvitation(invitation.project_id);
        toast(`Declined "${invitation.project_name}"`);
      }
      await refreshProjects().catch(() => {});
      if (accept) navigate('/', { project: invitation.project_id });
    } catch (err) {
      toast(describeError(err), { tone: 'error' });
      await refreshProjects().catch(() => {});
    }
  };

  return (
    <section class="invitations" id="invitations" aria-labelledby="invitations-head" tabIndex={-1}>
      <h2 id="invitations-head">Invitations</h2>
      <ul>
        {invitations.map((i) => (
          <li key={i.project_id}>
            <span>
              <strong>{i.project_name}</strong> as {i.role}
            </span>
            <span class="buttons">
              <button
                type="button"
                class="primary"
                onClick={() => void answer(i, true)}
                aria-label={`Accept invitation to ${i.project_name}`}
              >
                Accept
              </button>
              <button
                type="button"
                onClick={() => void answer(i, false)}
                aria-label={`Decline invitation to ${i.project_name}`}
              >
                Decline
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
