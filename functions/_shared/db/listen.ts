import postgres from 'postgres';

/** PostgreSQL LISTEN, on a connection of its own, opened on first use. */
export interface Listener {
  /**
   * Calls `onNotify` with each payload sent on `channel`, and `onListen` each time the listen is
   * (re)established: notifications sent while the connection was down are lost, so catch up there.
   */
  listen(channel: string, onNotify: (payload: string) => void, onListen?: () => void): Promise<void>;
  close(): Promise<void>;
}

interface Wanted {
  channel: string;
  onNotify: (payload: string) => void;
  onListen?: (() => void) | undefined;
}

const CHECK_EVERY_MS = 2_000;

/**
 * postgres.js listens again after its connection closes, but only as long as each attempt fails by
 * closing the connection: seen under load after a 3 s outage, the listen was lost for good, and open
 * tabs went stale. So every 2 s the listening connection is asked which channels it listens on; when
 * one is missing, the listener starts afresh on a new connection (and each `onListen` catches up).
 */
export function createListener(url: string): Listener {
  let sql: postgres.Sql | undefined;
  const wanted: Wanted[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const open = () => postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: 'ripple-listen' } });
  const subscribe = async (on: postgres.Sql, w: Wanted) => void (await on.listen(w.channel, w.onNotify, w.onListen));

  async function check(): Promise<void> {
    if (wanted.length === 0) return;
    // postgres.js keeps its listening connection as `listen.sql`. None: the last start afresh could not
    // listen (the database went away again meanwhile), and it is tried again now.
    const listening = (sql?.listen as unknown as { sql?: postgres.Sql } | undefined)?.sql;
    if (listening) {
      let channels: string[];
      try {
        const rows = await Promise.race([
          listening<{ c: string }[]>`select pg_listening_channels() as c`,
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer')), 1_000).unref()),
        ]);
        channels = rows.map((r) => r.c);
      } catch {
        return; // The database is away: asked again next time.
      }
      if (wanted.every((w) => channels.includes(w.channel))) return;
    }
    if (closed) return;
    const stale = sql!;
    sql = open();
    void stale.end({ timeout: 1 });
    for (const w of wanted) await subscribe(sql, w).catch(() => {});
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
