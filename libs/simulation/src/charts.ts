/**
 * Charts of a comparison as vega-lite specs, rendered without a browser:
 * vega-lite compiles to vega, vega's headless View renders SVG, and
 * @resvg/resvg-js turns the SVG into PNG.
 *
 * vega and vega-lite are ESM-only. TypeScript compiles `import()` to
 * `require()` under CommonJS output, which cannot load them, so the import is
 * made through `new Function` (a real dynamic import at run time). This works
 * under plain node (the CLI), not inside jest's module sandbox: tests render
 * charts in a child process.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { GroupMetrics, PolicyMetrics } from './metrics';
import type { HindsightBound } from './hindsight';

/** A vega-lite spec (kept loose: vega-lite's own types are ESM-only). */
export type VegaLiteSpec = Record<string, unknown>;

const dynamicImport = new Function('m', 'return import(m)') as (m: string) => Promise<any>;

const round1 = (x: number | null) => (x == null ? null : Math.round(x * 10) / 10);

/** Median and 90th-percentile wait (days) per policy. */
export function waitsChart(metrics: readonly PolicyMetrics[]): VegaLiteSpec {
  const values = metrics.flatMap((m) => [
    { policy: m.label, measure: 'median', days: round1(m.medianWaitDays) ?? 0 },
    { policy: m.label, measure: '90th percentile', days: round1(m.p90WaitDays) ?? 0 },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Wait from referral to the bed offer taken (days, placed referrals)',
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'policy', type: 'nominal', title: null, sort: null },
      yOffset: { field: 'measure', sort: ['median', '90th percentile'] },
      x: { field: 'days', type: 'quantitative', title: 'days' },
      color: { field: 'measure', type: 'nominal', title: null, sort: ['median', '90th percentile'] },
    },
    width: 480,
    height: 200,
  };
}

/** Result (total value) per policy against the hindsight bound, and placed / never placed. */
export function resultChart(metrics: readonly PolicyMetrics[], bound: HindsightBound | null): VegaLiteSpec {
  const values = metrics.map((m) => ({ policy: m.label, value: Math.round(m.value), kind: 'policy' }));
  if (bound) values.push({ policy: `Hindsight bound (${bound.method})`, value: Math.round(bound.value), kind: 'bound' });
  const placed = metrics.flatMap((m) => [
    { policy: m.label, outcome: 'placed', referrals: m.placed, order: 1 },
    { policy: m.label, outcome: 'never placed', referrals: m.neverPlaced, order: 2 },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    vconcat: [
      {
        title: 'Result: priority-weighted match quality of the placements',
        data: { values },
        mark: { type: 'bar', tooltip: true },
        encoding: {
          y: { field: 'policy', type: 'nominal', title: null, sort: null },
          x: { field: 'value', type: 'quantitative', title: 'total value' },
          color: { field: 'kind', type: 'nominal', legend: null, scale: { domain: ['policy', 'bound'], range: ['#4c78a8', '#bab0ac'] } },
        },
        width: 480,
      },
      {
        title: 'Referrals placed and never placed',
        data: { values: placed },
        mark: { type: 'bar', tooltip: true },
        encoding: {
          y: { field: 'policy', type: 'nominal', title: null, sort: null },
          x: { field: 'referrals', type: 'quantitative', stack: 'zero' },
          color: { field: 'outcome', type: 'nominal', title: null, sort: ['placed', 'never placed'], scale: { range: ['#54a24b', '#e45756'] } },
          order: { field: 'order', type: 'quantitative' },
        },
        width: 480,
      },
    ],
    resolve: { scale: { color: 'independent' } },
  };
}

/** Median wait by group (gender, household, exploitation type, urgency) per policy. */
export function fairnessChart(metrics: readonly PolicyMetrics[]): VegaLiteSpec {
  const values = metrics.flatMap((m) =>
    m.groups
      .filter((g: GroupMetrics) => g.placed > 0)
      .map((g) => ({ policy: m.label, dimension: g.dimension, group: g.group, days: round1(g.medianWaitDays) ?? 0, p90: round1(g.p90WaitDays) ?? 0 })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Fairness: 90th-percentile wait by group (days, placed referrals)',
    data: { values },
    facet: { row: { field: 'dimension', type: 'nominal', title: null } },
    spec: {
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'group', type: 'nominal', title: null },
        yOffset: { field: 'policy', sort: null },
        x: { field: 'p90', type: 'quantitative', title: 'days' },
        color: { field: 'policy', type: 'nominal', title: null, sort: null },
      },
      width: 420,
    },
    resolve: { scale: { y: 'independent' } },
  };
}

/** Renders a vega-lite spec to SVG text (headless vega View). */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const vl = await dynamicImport('vega-lite');
  const vega = await dynamicImport('vega');
  const compiled = vl.compile({ background: 'white', config: { font: 'sans-serif', legend: { labelLimit: 400 }, axis: { labelLimit: 300 } }, ...spec }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders SVG text to PNG bytes with resvg (system fonts, white background). */
export function svgToPng(svg: string): Buffer {
  const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  return Buffer.from(
    new Resvg(svg, { background: 'white', fitTo: { mode: 'zoom', value: 1.5 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } })
      .render()
      .asPng(),
  );
}

/** Writes `<name>.svg`, `<name>.png` and `<name>.vl.json` (the spec) into `dir`; returns the file names. */
export async function writeChart(dir: string, name: string, spec: VegaLiteSpec): Promise<string[]> {
  const svg = await renderSvg(spec);
  await fs.writeFile(join(dir, `${name}.svg`), svg);
  await fs.writeFile(join(dir, `${name}.png`), svgToPng(svg));
  await fs.writeFile(join(dir, `${name}.vl.json`), JSON.stringify(spec, null, 2));
  return [`${name}.svg`, `${name}.png`, `${name}.vl.json`];
}
