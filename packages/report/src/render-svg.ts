import type { TopLevelSpec } from 'vega-lite';

/** Options of `renderSvg`. */
export interface RenderSvgOptions {
  /** Called with each warning of Vega-Lite's compiler and Vega's runtime (default: ignored). */
  onWarning?: (message: string) => void;
}

/**
 * Renders a Vega-Lite specification to an SVG document with Vega's headless renderer (no browser, no canvas;
 * text widths are estimated). Vega and Vega-Lite are ES modules with top-level await, loaded here on first use.
 *
 * @throws Error when the specification does not compile (Vega-Lite's message).
 * @example
 * const svg = await renderSvg(metricChartSpec(points, { yTitle: 'loss' })); // '<svg xmlns=… class="marks" …'
 */
export async function renderSvg(spec: TopLevelSpec, options: RenderSvgOptions = {}): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const warn = (...messages: unknown[]) => options.onWarning?.(messages.map(String).join(' '));
  const logger = vega.logger(vega.Warn);
  logger.warn = (...messages: unknown[]) => {
    warn(...messages);
    return logger;
  };
  const compiled = vegaLite.compile(spec, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
