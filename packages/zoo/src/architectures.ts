/**
 * The sixteen reference architectures as embedded JSON (bundled by tsup, so the package needs no files at run
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
import fbnetV3A from './architectures/FBNetV3_A.json';
import fbnetV3B from './architectures/FBNetV3_B.json';
import fbnetV3C from './architectures/FBNetV3_C.json';
import fbnetV3D from './architectures/FBNetV3_D.json';
import fbnetV3E from './architectures/FBNetV3_E.json';
import fbnetV3F from './architectures/FBNetV3_F.json';
import fbnetV3G from './architectures/FBNetV3_G.json';

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
  'FBNetV3_A.json': fbnetV3A,
  'FBNetV3_B.json': fbnetV3B,
  'FBNetV3_C.json': fbnetV3C,
  'FBNetV3_D.json': fbnetV3D,
  'FBNetV3_E.json': fbnetV3E,
  'FBNetV3_F.json': fbnetV3F,
  'FBNetV3_G.json': fbnetV3G,
});
