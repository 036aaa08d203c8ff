import postgres from 'postgres';
import { answerWithin, reconnectBackoff } from './connect.js';

/** PostgreSQL LISTEN, on a connection of its own, opened on first use. */
export interface Listener {
  /**
   * Calls `onNotify` with each payload sent on `channel`, and `onListen` each time the listen is
   * (re)established: notifications sent while the connection was down are lost, so catch up there.
   */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onListen?: () => void,
  ): Promise<void>;
  close(): Promise<void>;
}

interface Wanted {
  channel: string;
  onNotify: (payload: string) => void;
  onListen?: (() => void) | undefined;
}

const CHECK_EVERY_MS = 2_000;
/** How long the listening connection may take to say what it listens on, or to listen afresh. */
const ANSWER_WITHIN_MS = 1_000;
/** Checks in a row without an answer before the listener starts afresh anyway. */
const UNANSWERED_CHECKS = 2;

/**
 * postgres.js listens again after its connection closes, but only as long as each attempt fails by
 * closing the connection: seen under load after a 3 s outage, the listen was lost for good, and open
 * tabs went stale. So every 2 s the listening connection is asked which channels it listens on; when
 * one is missing, or the connection has not answered twice in a row, the listener starts afresh on a
 * new connection (and each `onListen` catches up). Its reconnects wait at most 0.25 s (`reconnectBackoff`):
 * with postgres.js's own backoff, a listening connection that had failed a few times during a run of
 * restarts came back up to 20 s after the database did, and open tabs missed every change meanwhile
 * (seen in CI: the restart-loop test's last change, stored in the stream, never reached the tab).
 */
export function createListener(url: string): Listener {
  let sql: postgres.Sql | undefined;
  const wanted: Wanted[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let unanswered = 0;
  const open = () =>
    postgres(url, {
      max: 1,
      connect_timeout: 5,
      backoff: reconnectBackoff,
      onnotice: () => {},
      connection: { application_name: 'ripple-listen' },
    });
  const subscribe = async (on: postgres.Sql, w: Wanted) =>
    void (await on.listen(w.channel, w.onNotify, w.onListen));

  async function check(): Promise<void> {
    if (wanted.length === 0) return;
    // postgres.js keeps its listening connection as `listen.sql`. None: the last start afresh could not
    // listen (the database went away again meanwhile), and it is tried again now.
    const listening = (sql?.listen as unknown as { sql?: postgres.Sql } | undefined)?.sql;
    if (listening) {
      let channels: string[] | undefined;
      try {
        channels = (
          await answerWithin(
            ANSWER_WITHIN_MS,
            listening<{ c: string }[]>`select pg_listening_channels() as c`,
          )
        ).map((r) => r.c);
        unanswered = 0;
      } catch {
        // The database may be away (asked again next time), or this connection stuck: not for long.
        if (++unanswered < UNANSWERED_CHECKS) return;
      }
      if (channels && wanted.every((w) => channels.includes(w.channel))) return;
    }
    if (closed) return;
    unanswered = 0;
    const stale = sql!;
    sql = open();
    void stale.end({ timeout: 1 });
    // Bounded, so that the checks go on: a listen that comes later still calls its onListen.
    for (const w of wanted) await answerWithin(ANSWER_WITHIN_MS, subscribe(sql, w)).catch(() => {});
  }
  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => void check().finally(schedule), CHECK_EVERY_MS);
    timer.unref();
  };

  return {
    async listen(channel, onNotify, onListen) {
      sql ??= open();
      const w = { channel, onNotify, onListen };
      await subscribe(sql, w);
      wanted.push(w);
      if (!timer) schedule();
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      // A reconnect to a database that does not answer would hold the exit for its connect timeout.
      await sql?.end({ timeout: 1 });
    },
  };
}
