// Reporter stage: the registry, the stage's door and the only module that imports the reporters. Takes
// a format name and gives the pure function that turns a Report (and a RenderContext) into text.

import { renderGithub } from './github.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderNdjsonSummary } from './ndjson.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';
import type { Reporter } from './types.js';

// One map, looked up by --format; `satisfies` keeps the literal keys for Format.
export const reporters = {
  table: renderTable,
  json: renderJson,
  // Hit events are streamed by the CLI with renderHitEvent; the report ends with the summary.
  ndjson: renderNdjsonSummary,
  markdown: renderMarkdown,
  junit: renderJunit,
  github: renderGithub,
  sarif: renderSarif,
} as const satisfies Record<string, Reporter>;

export type Format = keyof typeof reporters;

export const FORMATS = Object.keys(reporters) as Format[];

export { renderCodesJson, renderCodesTable, renderExplainJson, renderExplainText, renderUnknown } from './entries.js';
export { orderReport, renderJson } from './json.js';
export { READY_EVENT, renderLiveEvent, renderLiveHit } from './live.js';
export { renderHitEvent, renderNdjsonSummary } from './ndjson.js';
export { renderTable } from './table.js';
export type { RenderContext, Reporter } from './types.js';
