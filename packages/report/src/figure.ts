import type { Config, TopLevelSpec } from 'vega-lite';

/** One figure of a report: a Vega-Lite specification with its title and a caption in words. */
export interface Figure {
  /** Stable id (`theta-final`), used as the HTML anchor. */
  id: string;
  /** Heading above the figure. */
  title: string;
  /** One or two sentences under it: what is plotted, in which units. */
  caption: string;
  /** The Vega-Lite specification (data inlined), rendered to SVG by `renderSvg`. */
  spec: TopLevelSpec;
}

/** Fonts every figure uses: installed everywhere, nothing to download. */
export const FIGURE_FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/** The Vega-Lite configuration shared by every figure: readable sizes, no chart border. */
export const FIGURE_CONFIG: Config = {
  font: FIGURE_FONT,
  axis: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: 'normal', gridColor: '#e6e6e6' },
  legend: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: 'normal', orient: 'right', labelLimit: 320 },
  header: { labelFontSize: 13, titleFontSize: 13 },
  view: { stroke: '#bbbbbb' },
  background: 'white',
};
