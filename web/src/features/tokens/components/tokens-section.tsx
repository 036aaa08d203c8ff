import { useEffect, useState } from 'preact/hooks';
import { Confirm } from '../../../components/dialog.js';
import { Loaded, useList } from '../../../components/loaded.js';
import { toast } from '../../../components/toasts.js';
import { describeError } from '../../../lib/api.js';
import { listTokens, revokeToken, type AccessTokenView } from '../api.js';
import { NewToken } from './new-token.js';

const day = (iso: string) =>
  new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

function TokenRow(props: { token: AccessTokenView; onRevoke: (token: AccessTokenView) => void }) {
  const { token } = props;
  const expired = token.expires_at !== null && new Date(token.expires_at).getTime() <= Date.now();
  return (
    <li class="tag-row token-row">
      <strong>{token.name}</strong>
      <code>{token.hint}…</code>
      <span class="token-scope">{token.scope === 'read' ? 'Read only' : 'Read and write'}</span>
      <span class="count">
        {token.last_used_at ? `Last used ${day(token.last_used_at)}` : 'Never used'} ·{' '}
        {token.expires_at === null
          ? 'Never expires'
          : expired
            ? `Expired ${day(token.expires_at)}`
            : `Expires ${day(token.expires_at)}`}
      </span>
      <button
        type="button"
        class="danger"
        onClick={() => props.onRevoke(token)}
        aria-label={`Revoke token ${token.name}`}
      >
        Revoke
      </button>
    </li>
  );
}

/**
 * Settings › Access tokens: personal access tokens, for AI agents over MCP (`/mcp`) and scripts on the
 * API: list, create (the secret shown once) and revoke.
 */
export function TokensSection() {
  const tokens = useList(listTokens);
  const { refresh } = tokens;
  const [revoking, setRevoking] = useState<AccessTokenView | null>(null);
  useEffect(refresh, []);
  return (
    <>
      <p class="empty">
        A token lets an AI agent (Claude Desktop, VS Code, Cursor: connect it to{' '}
        <code>{`${location.origin}/mcp`}</code>) or a script act as you. A read-only one cannot
        change anything. Revoke one you no longer use.
      </p>
      <NewToken onCreated={refresh} />
      <Loaded list={tokens} empty="No tokens yet.">
        {(items) => (
          <ul class="tag-list" aria-label="Access tokens">
            {items.map((token) => (
              <TokenRow key={token.id} token={token} onRevoke={setRevoking} />
            ))}
          </ul>
        )}
      </Loaded>
      {revoking && (
        <Confirm
          title="Revoke token"
          text={`Revoke "${revoking.name}"? Whatever uses it stops working at once.`}
          confirm="Revoke token"
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            const token = revoking;
            setRevoking(null);
            try {
              await revokeToken(token.id);
              toast(`Revoked "${token.name}"`);
            } catch (err) {
              toast(describeError(err), { tone: 'error' });
            }
            refresh();
          }}
        />
      )}
    </>
  );
}
