import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout. Secrets are redacted by path as a second line of defence: the code never
 * passes passwords or tokens to the logger in the first place.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  // Asynchronous writes keep a log line off the request's critical path; pino flushes them on exit.
  destination ??= pino.destination({ dest: 1, sync: false });
  return pino(
    {
      level,
      base: { service: 'ripple' },
      redact: {
        paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', '*.headers.authorization'],
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
