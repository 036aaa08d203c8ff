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

export function createListener(url: string): Listener {
  let sql: postgres.Sql | undefined;
  return {
    async listen(channel, onNotify, onListen) {
      sql ??= postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: 'ripple-listen' } });
      await sql.listen(channel, onNotify, onListen);
    },
    async close() {
      // A reconnect to a database that does not answer would hold the exit for its connect timeout.
      await sql?.end({ timeout: 1 });
    },
  };
}
