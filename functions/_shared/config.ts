import * as z from 'zod';

const csv = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  );

/**
 * A whole number from `min` to `max`, `fallback` when unset: one zod schema, not the five a chain
 * (coerce, int, min, max, default) makes. This schema is built on every cold start, and its 37 numbers
 * were 11-15 ms of it as chains (measured; each zod schema costs ~60 µs made cold).
 */
const int = (fallback: number, min: number, max: number) =>
  z.transform((raw: string | undefined, ctx) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    ctx.issues.push({
      code: 'custom',
      message: `must be a whole number from ${min} to ${max}`,
      input: raw,
    });
    return z.NEVER;
  });

const ConfigSchema = z.object({
  PORT: int(8080, 0, 65535),
  /** Where to listen; unset: loopback for the embedded app, every interface for a function alone (a container). */
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  RIPPLE_DATA_DIR: z.string().min(1).default('./.data'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Lifetime of an access token: short, since a token cannot be taken back; the refresh token renews it. */
  JWT_TTL_SECONDS: int(15 * 60, 60, 30 * 24 * 3600),
  /** Lifetime of a refresh token (each exchange issues a new one): how long an idle session lasts. */
  REFRESH_TTL_SECONDS: int(30 * 24 * 3600, 300, 365 * 24 * 3600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: csv.pipe(z.array(z.url({ protocol: /^https?$/ }))),
  BODY_LIMIT_BYTES: int(64 * 1024, 1024, 10 * 1024 * 1024),
  REQUEST_TIMEOUT_MS: int(10_000, 100, 120_000),
  /** How long a client may take to send a request's headers; then 408 and the socket is closed (Node's default held it ~85 s). */
  HEADERS_TIMEOUT_MS: int(10_000, 100, 300_000),
  /**
   * How long a client may take to send a whole request, body included (at least HEADERS_TIMEOUT_MS).
   * It never limits the answer: an event stream stays open for as long as it lasts.
   */
  REQUEST_RECEIVE_TIMEOUT_MS: int(30_000, 100, 600_000),
  /**
   * How long a SIGTERM may take: in-flight requests and deliveries finish, the outbox publisher
   * flushes, then the process exits 0; past this it exits 1. Keep it under the platform's grace
   * period (Knative gives a revision's timeoutSeconds; the manifests set this 5 s below it).
   */
  SHUTDOWN_GRACE_SECONDS: int(25, 1, 3600),
  DB_STATEMENT_TIMEOUT_MS: int(5_000, 100, 120_000),
  DB_POOL_MAX: int(10, 1, 200),
  /**
   * Failed sign-ins for one email from one client address that go through at once; after them, each
   * next attempt from that address waits SIGNIN_DELAY_SECONDS, doubling each time, at most
   * SIGNIN_MAX_DELAY_SECONDS. Remembered SIGNIN_DELAY_WINDOW_SECONDS, or until a right password.
   * A stranger's guesses slow down the stranger, not the owner signing in from elsewhere.
   */
  SIGNIN_FREE_FAILURES: int(5, 1, 1000),
  SIGNIN_DELAY_SECONDS: int(5, 1, 3600),
  SIGNIN_MAX_DELAY_SECONDS: int(3600, 1, 7 * 24 * 3600),
  SIGNIN_DELAY_WINDOW_SECONDS: int(24 * 3600, 60, 30 * 24 * 3600),
  /** Failed sign-ins for one email within SIGNIN_WINDOW_SECONDS from all addresses together: the ceiling against guessing from many. */
  SIGNIN_MAX_FAILURES: int(100, 1, 100_000),
  SIGNIN_WINDOW_SECONDS: int(15 * 60, 1, 24 * 3600),
  /** Failed sign-ins from one client address within SIGNIN_WINDOW_SECONDS, over all emails. */
  SIGNIN_MAX_FAILURES_PER_IP: int(100, 1, 100_000),
  /** Sign-ups from one client address within SIGNUP_WINDOW_SECONDS. */
  SIGNUP_MAX_PER_IP: int(20, 1, 100_000),
  /** Sign-up attempts for one email within SIGNUP_WINDOW_SECONDS, from anywhere (each costs a password hash). */
  SIGNUP_MAX_PER_EMAIL: int(5, 1, 100_000),
  SIGNUP_WINDOW_SECONDS: int(3600, 1, 7 * 24 * 3600),
  /**
   * How many proxies in front of the process append to X-Forwarded-For: the client's address is the
   * entry that many from the right. 0: the connection's own address (embedded mode). Behind proxies
   * that are not trusted, 0, or a client could name any address it likes.
   */
  TRUST_PROXY_HOPS: int(0, 0, 10),
  /** Who publishes the outbox: the in-process bus (embedded, multi-process) or the Dapr sidecar (cluster). */
  PUBLISHER: z.enum(['bus', 'dapr']).default('bus'),
  /** For the bus: consumers in other processes, `name=http://host:port`, comma-separated. */
  EVENT_SINKS: csv.pipe(
    z.array(
      z
        .string()
        .regex(/^[a-z0-9-]+=https?:\/\/\S+$/, 'must be name=http://host:port')
        .transform((entry) => {
          const at = entry.indexOf('=');
          return { name: entry.slice(0, at), url: entry.slice(at + 1).replace(/\/+$/, '') };
        }),
    ),
  ),
  /**
   * Whether GET /dapr/subscribe lists the consumers' topics. The cluster delivers through KafkaSources
   * (they wake a service at zero; a sidecar's subscription cannot), so there it is off: with the
   * sidecar subscribing too, every event would arrive twice.
   */
  DAPR_SUBSCRIBE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  DAPR_HOST: z.string().min(1).default('127.0.0.1'),
  DAPR_HTTP_PORT: int(3500, 1, 65535),
  DAPR_API_TOKEN: z.string().min(1).optional(),
  /** How often the embedded relay publishes what is left in the outbox; 0 turns it off. */
  RELAY_INTERVAL_MS: int(2_000, 0, 3_600_000),
  /**
   * The embedded reminder scheduler runs at each next reminder's time (and when one is set); this is
   * how long it waits at most between runs, in case a notification was missed. 0: never.
   */
  REMINDER_INTERVAL_MS: int(10_000, 0, 3_600_000),
  /**
   * The embedded series scheduler runs at each series' next creation time (and when one is set); this
   * is how long it waits at most between runs. 0: never (only its wake-ups and the PingSource).
   */
  SERIES_INTERVAL_MS: int(30_000, 0, 3_600_000),
  /** Event streams (open tabs) one user may hold on one replica. */
  STREAM_MAX_PER_USER: int(8, 1, 1000),
  /** How long entries of the per-user stream stay for replay (Last-Event-ID). */
  STREAM_RETENTION_HOURS: int(24, 1, 24 * 30),
  /** Outbox rows one relay takes (and locks) at a time. */
  RELAY_BATCH_SIZE: int(200, 1, 5_000),
  /** How long published outbox rows and processed-event records are kept. */
  EVENT_RETENTION_HOURS: int(7 * 24, 1, 365 * 24),
  /** For the cluster's api-gateway: each function's address, `{name}` standing for the function's name. */
  RIPPLE_UPSTREAM: z
    .string()
    .regex(
      /^https?:\/\/\S*\{name\}\S*$/,
      'must be an http(s) URL with {name} in it, e.g. http://{name}.ripple.svc.cluster.local',
    )
    .optional(),
  /**
   * `/healthz` fails (and Kubernetes restarts the process) when work has run this long, or a schedule
   * has completed no run for this long, while the database is reachable.
   */
  LIVENESS_TIMEOUT_SECONDS: int(60, 1, 3600),
  /** `/healthz` fails when the event loop was blocked this long since the last probe. */
  EVENT_LOOP_STALL_MS: int(5_000, 100, 600_000),
  /**
   * Where users reach Ripple (the UI): links in emails and push notifications start with it, and the
   * one-click unsubscribe URL. Embedded, the server's own address when unset.
   */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The SMTP server the mailer sends through (`smtp://user:pass@host:587`, `smtps://…`); unset, no email is sent. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** The From of every email. */
  MAIL_FROM: z.string().min(3).default('Ripple <ripple@localhost>'),
  /**
   * The VAPID key pair Web Push is signed with (base64url, as `web-push generate-vapid-keys` prints);
   * embedded, generated into the data dir when unset. Without them no push is sent.
   */
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{87}$/, 'must be a base64url P-256 public key (87 characters)')
    .optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'must be a base64url P-256 private key (43 characters)')
    .optional(),
  /** The contact a push service may use about our pushes (VAPID `sub`): a mailto: or https: URL. */
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)\S+$/, 'must be a mailto: or https: URL')
    .default('mailto:ripple@localhost'),
  /** How often at most the embedded agenda scheduler runs (the agenda, and deliveries held or retried); 0: never. */
  AGENDA_INTERVAL_MS: int(60_000, 0, 3_600_000),
  /** Attempts at one push or email before it is given up on (kept as dead, with the reason). */
  DELIVERY_MAX_ATTEMPTS: int(8, 1, 100),
  RIPPLE_MIGRATE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /**
   * The chat assistant's model: any OpenAI-compatible chat-completions endpoint (OpenAI, Gemini's
   * OpenAI-compatible endpoint, Ollama, llama.cpp server), e.g. `https://api.openai.com/v1` or
   * `http://localhost:11434/v1`. Without LLM_BASE_URL and LLM_MODEL the assistant is off (GET /api/chat/status).
   */
  LLM_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_MODEL: z.string().min(1).max(200).optional(),
  /** How long one call to the model may take, from the request to the end of its streamed answer. */
  LLM_TIMEOUT_MS: int(60_000, 1_000, 600_000),
  /** Model calls one chat answer may make (each may call tools); then it stops and says so. */
  CHAT_MAX_STEPS: int(8, 1, 50),
  /** How long a conversation is kept after its last message. */
  CHAT_TTL_HOURS: int(30 * 24, 1, 365 * 24),
  /** Where conversations live: PostgreSQL (embedded, one table) or the Dapr state API (the cluster). */
  CHAT_STORE: z.enum(['postgres', 'dapr']).default('postgres'),
  /** The Dapr state store component CHAT_STORE=dapr writes to (components/ripple-chat-state.yaml). */
  CHAT_STATE_STORE: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a Dapr component name')
    .default('ripple-chat-state'),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Thrown with every invalid variable named, so a bad deploy fails at start with a clear message. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once. Empty strings count as unset, as shells and manifests often leave them. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  // Parsed once: without zod's compiled fast path, which costs a start more to build (new Function) than it saves.
  const parsed = ConfigSchema.safeParse(present, { jitless: true });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
