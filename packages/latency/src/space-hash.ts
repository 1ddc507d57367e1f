import { sha256Json } from '@fbnas/core';
import type { SearchSpace } from '@fbnas/search-space';

/**
 * The SHA-256 (hex) of a space's canonical JSON: its `fbnas.space/v1` definition with object keys sorted and
 * no whitespace, so formatting and key order do not change it but any content change does.
 *
 * @example
 * spaceSha256(loadSpace('fbnet-micro-28')); // '…64 hex digits'
 */
export function spaceSha256(space: SearchSpace): string {
  return sha256Json(space.definition);
}
