import fc from 'fast-check';

type Schema = Record<string, any>;

/** Fields whose schema says less than their name: what a client would really send there. */
const BY_NAME: Record<string, fc.Arbitrary<unknown>> = {
  email: fc.emailAddress(),
  timezone: fc.constantFrom(
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'Asia/Kolkata',
    'Pacific/Chatham',
  ),
  color: fc.integer({ min: 0, max: 0xffffff }).map((n) => `#${n.toString(16).padStart(6, '0')}`),
};

/** Values a JSON Schema (as the OpenAPI document states it) allows, near enough: a pattern is not followed. */
export function fromSchema(
  schema: Schema,
  root: Schema = schema,
  depth = 0,
  name = '',
): fc.Arbitrary<unknown> {
  if (BY_NAME[name] && schema.type === 'string')
    return fc.oneof(
      { weight: 3, arbitrary: BY_NAME[name] },
      { weight: 1, arbitrary: fromSchema(schema, root, depth) },
    );
  // References are resolved against the whole document first (operationsOf): one left here is a bug to see, not to guess around.
  if (schema.$ref) throw new Error(`unresolved $ref ${String(schema.$ref)}`);
  if (depth > 6) return fc.constant(null);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives)
    return fc.oneof(...alternatives.map((s: Schema) => fromSchema(s, root, depth + 1, name)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  switch (schema.type) {
    case 'string':
      if (schema.format === 'date-time')
        return fc
          .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString());
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'email') return fc.emailAddress();
      return fc.string({
        minLength: schema.minLength ?? 0,
        maxLength: Math.min(schema.maxLength ?? 40, 40),
      });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(fromSchema(schema.items ?? {}, root, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'object': {
      const properties: Record<string, Schema> = schema.properties ?? {};
      const record = Object.fromEntries(
        Object.entries(properties).map(([k, s]) => [k, fromSchema(s, root, depth + 1, k)]),
      );
      return fc.record(record, {
        requiredKeys: (schema.required ?? []).filter((k: string) => k in properties),
      });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Text that has broken parsers before: huge, control characters, lone surrogates, RTL, NUL, emoji. */
export const nastyString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    'a\udfffb',
    '‮evil',
    '👩‍👩‍👧‍👦',
    "'; drop table tasks; --",
    '%',
    '_',
    '\\',
    '%00',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    'null',
    'true',
    '1e309',
    '-0',
    '0x10',
  ),
  fc.integer({ min: 10_000, max: 120_000 }).map((n) => 'x'.repeat(n)),
);

/** A value that a field might wrongly be given. */
export const wrongValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  nastyString,
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
);

/** A value from the schema, or near it: a field dropped, one of the wrong type, one too many. */
export function aroundSchema(schema: Schema): fc.Arbitrary<unknown> {
  const valid = fromSchema(schema);
  if (schema.type !== 'object') return fc.oneof(valid, wrongValue);
  const keys = Object.keys(schema.properties ?? {});
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          valid,
          fc.constantFrom(...keys, 'id', 'status', 'user_id', '__proto__', 'constructor'),
          wrongValue,
        )
        .map(([v, k, w]) => ({ ...(v as object), [k]: w })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.constantFrom(...(keys.length ? keys : ['x'])))
        .map(([v, k]) =>
          Object.fromEntries(Object.entries(v as object).filter(([key]) => key !== k)),
        ),
    },
    { weight: 1, arbitrary: wrongValue },
  );
}
