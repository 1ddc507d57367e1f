/**
 * The `name`s of a plan's layers with their paths, depth first (a layer before its nested layers). Nested plans
 * are found without knowing the layer kinds: every array-valued `body` (a plan) and every plan in an
 * array-valued `branches` (a list of plans) is visited, so contributed kinds with bodies are covered too.
 *
 * @param path - the plan's path, for the returned paths (default `layers`).
 * @example
 * planLayerNames([{ kind: 'residual', body: [{ kind: 'conv', name: 'pw.conv', ... }] }]);
 * // [{ name: 'pw.conv', path: 'layers[0].body[0]' }]
 */
export function planLayerNames(plan: readonly unknown[], path = 'layers'): Array<{ name: string; path: string }> {
  const found: Array<{ name: string; path: string }> = [];
  plan.forEach((layer, index) => {
    const layerPath = `${path}[${index}]`;
    if (typeof layer !== 'object' || layer === null) return;
    const { name, body, branches } = layer as { name?: unknown; body?: unknown; branches?: unknown };
    if (typeof name === 'string') found.push({ name, path: layerPath });
    if (Array.isArray(body)) found.push(...planLayerNames(body, `${layerPath}.body`));
    if (Array.isArray(branches)) {
      branches.forEach((branch, b) => {
        if (Array.isArray(branch)) found.push(...planLayerNames(branch, `${layerPath}.branches[${b}]`));
      });
    }
  });
  return found;
}
