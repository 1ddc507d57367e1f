// The same op specs as contributed-ops.mjs, exported the other accepted way: as the module's default export.
import { opSpecs } from './contributed-ops.mjs';

export default opSpecs;
