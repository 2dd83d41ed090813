/**
 * The dashboard's charts are drawn as SVG, not on a canvas: their axis names, units, categories
 * and legends are then text in the page, which a screen reader, a browser's find and the
 * end-to-end tests can read, and which prints sharp. A few hundred marks at most: SVG is quick
 * enough for that.
 */
export const CHART_RENDERING = { renderer: 'svg' } as const;
