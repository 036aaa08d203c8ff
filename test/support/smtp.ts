import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtp {
  url: string;
  /** Every message the server accepted, parsed, in order. */
  received: ParsedMail[];
  /** Refuses the next `count` messages with `code` (451: try later; 550: never). */
  refuse(count: number, code: number): void;
  /** How many messages were refused so far. */
  refused(): number;
  close(): Promise<void>;
}

/** A real SMTP server (smtp-server) on a free loopback port: plain SMTP, no auth, messages parsed by mailparser. */
export async function startSmtp(): Promise<TestSmtp> {
  const received: ParsedMail[] = [];
  let refusals: { count: number; code: number } = { count: 0, code: 451 };
  let refusedCount = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refusals.count > 0) {
          refusals.count--;
          refusedCount++;
          const err = Object.assign(
            new Error(refusals.code >= 500 ? 'Mailbox unavailable' : 'Try again later'),
            { responseCode: refusals.code },
          );
          return callback(err);
        }
        simpleParser(Buffer.concat(chunks)).then((mail) => {
          received.push(mail);
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse: (count, code) => void (refusals = { count, code }),
    refused: () => refusedCount,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
