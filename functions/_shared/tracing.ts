import type * as Api from '@opentelemetry/api';

// OpenTelemetry tracing, on only when OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set: then
// the API, the SDK and the OTLP/HTTP exporter are imported, and spans are exported in batches with the
// standard OTEL_* settings (OTEL_SERVICE_NAME, OTEL_BSP_SCHEDULE_DELAY, ...). Otherwise nothing is
// imported and every helper here runs its work directly. The W3C trace context crosses event hops inside
// each CloudEvent (the distributed-tracing extension: `traceparent`, `tracestate`).

let api: typeof Api | undefined;

export type SpanKind = 'server' | 'producer' | 'consumer' | 'internal';
/** Where a trace context may be read from: CloudEvent attributes, or HTTP headers. */
export type Carrier = Record<string, unknown>;

export interface Tracing {
  /** Exports what is left; call on shutdown. */
  shutdown(): Promise<void>;
}

/** Where spans go: the traces endpoint as given, or the endpoint's `/v1/traces` (as the OTLP exporter specification says). */
const tracesUrl = (env: NodeJS.ProcessEnv) =>
  env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ||
  `${env.OTEL_EXPORTER_OTLP_ENDPOINT!.replace(/\/$/, '')}/v1/traces`;

/** Whether this process traces (startTracing ran with an endpoint set). */
export const tracingOn = (): boolean => api !== undefined;

export const tracingWanted = (env: NodeJS.ProcessEnv = process.env): boolean =>
  Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);

// These packages are CommonJS: Node gives their named exports, esbuild's bundle only `default`.
const named = <T extends object>(mod: T, key: string): T =>
  key in mod ? mod : ((mod as { default: T }).default ?? mod);

/** Starts tracing for this process if the environment asks for it; undefined when it does not. */
export async function startTracing(
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Tracing | undefined> {
  if (!tracingWanted(env) || api) return undefined;
  const [
    otel,
    { BasicTracerProvider, BatchSpanProcessor },
    { OTLPTraceExporter },
    { resourceFromAttributes },
    { AsyncLocalStorageContextManager },
    core,
  ] = await Promise.all([
    import('@opentelemetry/api').then((m) => named(m, 'ROOT_CONTEXT')),
    import('@opentelemetry/sdk-trace-base').then((m) => named(m, 'BasicTracerProvider')),
    import('@opentelemetry/exporter-trace-otlp-http').then((m) => named(m, 'OTLPTraceExporter')),
    import('@opentelemetry/resources').then((m) => named(m, 'resourceFromAttributes')),
    import('@opentelemetry/context-async-hooks').then((m) =>
      named(m, 'AsyncLocalStorageContextManager'),
    ),
    import('@opentelemetry/core').then((m) => named(m, 'W3CTraceContextPropagator')),
  ]);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': env.OTEL_SERVICE_NAME || serviceName,
      'service.namespace': 'ripple',
    }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl(env) }), {
        scheduledDelayMillis: Number(env.OTEL_BSP_SCHEDULE_DELAY) || 5_000,
      }),
    ],
  });
  otel.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  otel.propagation.setGlobalPropagator(new core.W3CTraceContextPropagator());
  otel.trace.setGlobalTracerProvider(provider);
  api = otel;
  return { shutdown: () => provider.shutdown() };
}

const getter: Api.TextMapGetter<Carrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => (typeof carrier[key] === 'string' ? (carrier[key] as string) : undefined),
};

/** The context a carrier holds (its `traceparent`), on top of none. */
function extracted(otel: typeof Api, carrier: Carrier): Api.Context {
  return otel.propagation.extract(otel.ROOT_CONTEXT, carrier, getter);
}

export interface SpanOptions {
  kind: SpanKind;
  attributes?: Record<string, string | number | boolean>;
  /**
   * The parent: the active span if unset; a carrier's context otherwise. With `preferActive`, the active
   * span stays the parent when it is in the carrier's trace already (the request that delivered it).
   */
  parent?: Carrier;
  preferActive?: boolean;
}

/** Runs `work` in a span (or directly, with tracing off); a thrown error marks the span failed. */
export async function inSpan<T>(
  name: string,
  options: SpanOptions,
  work: (span: Api.Span | undefined) => Promise<T>,
): Promise<T> {
  const otel = api;
  if (!otel) return work(undefined);
  let parent = otel.context.active();
  if (options.parent) {
    const carried = extracted(otel, options.parent);
    const carriedTrace = otel.trace.getSpanContext(carried)?.traceId;
    const activeTrace = otel.trace.getSpanContext(parent)?.traceId;
    if (carriedTrace && !(options.preferActive && activeTrace === carriedTrace)) parent = carried;
  }
  const kind = {
    server: otel.SpanKind.SERVER,
    producer: otel.SpanKind.PRODUCER,
    consumer: otel.SpanKind.CONSUMER,
    internal: otel.SpanKind.INTERNAL,
  }[options.kind];
  const span = otel.trace
    .getTracer('ripple')
    .startSpan(name, { kind, attributes: options.attributes ?? {} }, parent);
  try {
    return await otel.context.with(otel.trace.setSpan(parent, span), () => work(span));
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: otel.SpanStatusCode.ERROR, message: (err as Error).message });
    throw err;
  } finally {
    span.end();
  }
}

/** Marks a span failed (an answer of 5xx, an event refused) without an exception. */
export function failed(span: Api.Span | undefined, message: string): void {
  if (span && api) span.setStatus({ code: api.SpanStatusCode.ERROR, message });
}

/** The active span's context as CloudEvent extensions (`traceparent`, `tracestate`); none with tracing off. */
export function traceContext(): { traceparent?: string; tracestate?: string } {
  const otel = api;
  if (!otel) return {};
  const carrier: Record<string, string> = {};
  otel.propagation.inject(otel.context.active(), carrier);
  return carrier;
}

/** `trace_id` and `span_id` of the active span, for log lines. */
export function logIds(): { trace_id?: string; span_id?: string } {
  const ctx = api?.trace.getActiveSpan()?.spanContext();
  return ctx ? { trace_id: ctx.traceId, span_id: ctx.spanId } : {};
}
