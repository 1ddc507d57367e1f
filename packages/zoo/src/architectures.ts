/**
 * The nine reference architectures as embedded JSON (bundled by tsup, so the package needs no files at run
 * time), keyed by the file name the manifest uses.
 */
import fbnetA from './architectures/fbnet_a.json';
import fbnetB from './architectures/fbnet_b.json';
import fbnetC from './architectures/fbnet_c.json';
import fbnetV2F1 from './architectures/FBNetV2_F1.json';
import fbnetV2F2 from './architectures/FBNetV2_F2.json';
import fbnetV2F3 from './architectures/FBNetV2_F3.json';
import fbnetV2F4 from './architectures/FBNetV2_F4.json';
import fbnetV2L1 from './architectures/FBNetV2_L1.json';
import fbnetV2L2 from './architectures/FBNetV2_L2.json';

/** Architecture file name → its unvalidated JSON. Validate with `validateArch` before use. */
export const builtinArchitectureFiles: Readonly<Record<string, unknown>> = Object.freeze({
  'fbnet_a.json': fbnetA,
  'fbnet_b.json': fbnetB,
  'fbnet_c.json': fbnetC,
  'FBNetV2_F1.json': fbnetV2F1,
  'FBNetV2_F2.json': fbnetV2F2,
  'FBNetV2_F3.json': fbnetV2F3,
  'FBNetV2_F4.json': fbnetV2F4,
  'FBNetV2_L1.json': fbnetV2L1,
  'FBNetV2_L2.json': fbnetV2L2,
});
