/**
 * Declarative argument schemas for op specs: each key has a validator, an expected-form description for errors
 * and a default. `parseArgsWith` applies them to raw JSON arguments, rejects unknown keys, and returns typed
 * arguments (`ArgsOf<typeof schema>`).
 */
import { childPath, describeValue, FormatError } from './format-error';
import type { ArgsContext } from './op-spec';

/** One argument: how to recognise a valid value, what to say when it is not, and its default. */
export interface ArgField<T> {
  /** The expected form, for errors: `one of 3, 5, 7`, `a positive number`. */
  readonly expected: string;
  /** The value used when the key is absent. */
  readonly defaultValue: T;
  /** True when `value` is valid. */
  accepts(value: unknown): value is T;
}

/** The typed arguments a schema produces. */
export type ArgsOf<Schema> = { -readonly [Key in keyof Schema]: Schema[Key] extends ArgField<infer T> ? T : never };

/** A schema: argument name → field. */
export type ArgsSchema = Readonly<Record<string, ArgField<unknown>>>;

/**
 * An argument taking one of a few literal values.
 *
 * @example
 * const kernel = choiceArg([3, 5, 7], 3); // ArgField<3 | 5 | 7>
 */
export function choiceArg<const T extends string | number>(choices: readonly T[], defaultValue: T): ArgField<T> {
  return {
    expected: `one of ${choices.map((choice) => JSON.stringify(choice)).join(', ')}`,
    defaultValue,
    accepts: (value): value is T => choices.includes(value as T),
  };
}

/** A boolean argument. */
export function booleanArg(defaultValue: boolean): ArgField<boolean> {
  return { expected: 'true or false', defaultValue, accepts: (value): value is boolean => typeof value === 'boolean' };
}

/** A positive integer argument (channels, groups, divisors). */
export function positiveIntegerArg(defaultValue: number): ArgField<number> {
  return {
    expected: 'a positive integer',
    defaultValue,
    accepts: (value): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0,
  };
}

/** An optional non-negative integer argument (e.g. a padding in pixels): null (the default) means "the op's own". */
export function optionalNonNegativeIntegerArg(): ArgField<number | null> {
  return {
    expected: 'a non-negative integer or null',
    defaultValue: null,
    accepts: (value): value is number | null => value === null || (typeof value === 'number' && Number.isInteger(value) && value >= 0),
  };
}

/** A positive finite number argument (ratios such as an expansion of 5.4566). */
export function positiveNumberArg(defaultValue: number): ArgField<number> {
  return {
    expected: 'a positive number',
    defaultValue,
    accepts: (value): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0,
  };
}

/**
 * Validates `raw` against `schema` and fills in defaults.
 *
 * @throws FormatError at the key's path for an unknown key (listing the known ones) or an invalid value.
 * @example
 * const schema = { kernel: choiceArg([3, 5], 3), bias: booleanArg(false) };
 * parseArgsWith(schema, { kernel: 5 }, { path: 'stages[1][0]' }); // { kernel: 5, bias: false }
 * parseArgsWith(schema, { kernel: 4 }, { path: 'stages[1][0]' });
 * // FormatError: stages[1][0].kernel: expected one of 3, 5, got 4
 */
export function parseArgsWith<Schema extends ArgsSchema>(
  schema: Schema,
  raw: Record<string, unknown>,
  context: ArgsContext,
): ArgsOf<Schema> {
  const pathOf = (key: string) => context.keyPath?.(key) ?? childPath(context.path, key);
  const known = Object.keys(schema);
  for (const key of Object.keys(raw)) {
    if (!Object.hasOwn(schema, key)) {
      const expected = known.length === 0 ? 'no arguments' : `one of ${known.join(', ')}`;
      throw new FormatError(pathOf(key), `unknown argument '${key}'; expected ${expected}`);
    }
  }
  const parsed: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema)) {
    const value = Object.hasOwn(raw, key) ? raw[key] : field.defaultValue;
    if (!field.accepts(value)) {
      throw new FormatError(pathOf(key), `expected ${field.expected}, got ${describeValue(value)}`);
    }
    parsed[key] = value;
  }
  return parsed as ArgsOf<Schema>;
}
