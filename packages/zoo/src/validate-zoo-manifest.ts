import { childPath, expectedError, FormatError, isPlainObject } from '@fbnas/core';
import { ZOO_FORMAT, type ZooManifest } from './zoo-manifest';

type Check = (value: unknown, path: string) => void;

const positiveInteger: Check = (value, path) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw expectedError(path, 'a positive integer', value);
  }
};
const positiveNumber: Check = (value, path) => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw expectedError(path, 'a positive number', value);
  }
};
const nonEmptyString: Check = (value, path) => {
  if (typeof value !== 'string' || value === '') throw expectedError(path, 'a non-empty string', value);
};
const booleanValue: Check = (value, path) => {
  if (typeof value !== 'boolean') throw expectedError(path, 'true or false', value);
};

/** Checks an object's keys exactly and each value with its check; `path` '' is the document root. */
function checkObject(
  value: unknown,
  path: string,
  checks: Record<string, Check>,
  form: string,
): Record<string, unknown> {
  if (!isPlainObject(value)) throw expectedError(path || '(root)', form, value);
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(checks, key)) {
      throw new FormatError(childPath(path, key), `unknown key; expected one of ${Object.keys(checks).join(', ')}`);
    }
  }
  for (const [key, check] of Object.entries(checks)) check(value[key], childPath(path, key));
  return value;
}

const published: Check = (value, path) => {
  const figures = checkObject(value, path, {
    macs: positiveInteger,
    weights: positiveInteger,
    macsMillions: positiveNumber,
    weightsMillions: positiveNumber,
    decimals: (decimals, at) => {
      if (typeof decimals !== 'number' || !Number.isInteger(decimals) || decimals < 0 || decimals > 6) {
        throw expectedError(at, 'an integer from 0 to 6', decimals);
      }
    },
  }, 'published figures {macs, weights, macsMillions, weightsMillions, decimals}');
  for (const [plain, millions] of [['macs', 'macsMillions'], ['weights', 'weightsMillions']] as const) {
    const expected = Math.round((figures[millions] as number) * 1e6);
    if (expected !== figures[plain]) {
      throw expectedError(`${path}.${plain}`, `${millions} × 10⁶ (${expected})`, figures[plain]);
    }
  }
};

const checkpoint: Check = (value, path) =>
  void checkObject(value, path, {
    url: (url, at) => {
      // https, or plain http only to this machine (a local mirror or a test server).
      const secure = /^https:\/\/\S+$/.test(String(url)) || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/\S*$/.test(String(url));
      if (typeof url !== 'string' || !secure) throw expectedError(at, 'an https URL (or http://127.0.0.1/localhost)', url);
    },
    urlVerified: booleanValue,
    urlSource: nonEmptyString,
    sha256: (hash, at) => {
      if (hash !== null && (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash))) {
        throw expectedError(at, 'null or 64 lowercase hex digits', hash);
      }
    },
    licence: nonEmptyString,
  }, 'checkpoint information {url, urlVerified, urlSource, sha256, licence}');

const model: Check = (value, path) => {
  const entry = checkObject(value, path, {
    name: nonEmptyString,
    family: nonEmptyString,
    aliases: (aliases, at) => {
      if (!Array.isArray(aliases)) throw expectedError(at, 'a list of names', aliases);
      aliases.forEach((alias: unknown, index) => nonEmptyString(alias, `${at}[${index}]`));
    },
    architecture: (file, at) => {
      if (typeof file !== 'string' || !file.endsWith('.json')) {
        throw expectedError(at, 'an architecture file name ending in .json', file);
      }
    },
    resolution: positiveInteger,
    evalResize: positiveInteger,
    published,
    top1: (top1, at) => {
      if (typeof top1 !== 'number' || !(top1 > 0 && top1 <= 100)) {
        throw expectedError(at, 'a percentage in (0, 100]', top1);
      }
    },
    checkpoint,
  }, 'a model entry');
  if ((entry.evalResize as number) < (entry.resolution as number)) {
    throw expectedError(`${path}.evalResize`, `at least the resolution (${entry.resolution as number})`, entry.evalResize);
  }
};

/**
 * Checks that `value` is a valid `fbnas.zoo/v1` manifest (see `zoo-manifest.ts`) with unique model names and
 * aliases, and returns it typed.
 *
 * @throws FormatError naming the JSON path, e.g. `models[2].published.decimals: expected an integer from 0 to 6, got 9`.
 * @example
 * const manifest = validateZooManifest(JSON.parse(text));
 */
export function validateZooManifest(value: unknown): ZooManifest {
  const manifest = checkObject(value, '', {
    format: (format, at) => {
      if (format !== ZOO_FORMAT) throw expectedError(at, JSON.stringify(ZOO_FORMAT), format);
    },
    models: (models, at) => {
      if (!Array.isArray(models) || models.length === 0) {
        throw expectedError(at, 'a non-empty list of models', models);
      }
      models.forEach((entry: unknown, index) => model(entry, `models[${index}]`));
    },
  }, `an ${ZOO_FORMAT} object`) as unknown as ZooManifest;
  const taken = new Map<string, string>();
  manifest.models.forEach((entry, index) => {
    [entry.name, ...entry.aliases].forEach((name, position) => {
      const path = position === 0 ? `models[${index}].name` : `models[${index}].aliases[${position - 1}]`;
      const owner = taken.get(name);
      if (owner !== undefined) {
        throw new FormatError(path, `expected a name not used before, got '${name}' (already ${owner})`);
      }
      taken.set(name, path);
    });
  });
  return manifest;
}
