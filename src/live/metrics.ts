// Live stage, Prometheus metrics for watch (--metrics PORT): hit lines, events, unexpected hits and
// last-seen times by code and node, unknown tokens by node, and the scanner's health; served on
// 127.0.0.1 unless --metrics-host names another address (on purpose: see serveMetrics).
//
// Every catalog code's counters exist at 0 on each node from the moment the node is followed, so
// that Prometheus's increase() sees a rare code's first hit (a series that first appears with the
// value 1 shows no increase: https://github.com/prometheus/prometheus/issues/1673). The `code`
// label takes catalog codes only, and unknown tokens are one counter per node, so the number of
// series is bounded by the catalog times the nodes, whatever the logs hold.
//
// With --state the counts are saved beside the positions and go on from them after a restart: the
// lines a restarted watch reads back (written while it was stopped) are counted before Prometheus
// has scraped it once, so a counter that started again at 0 could come back as high as it was
// and its reset would not be seen. Without --state a restart starts them at 0, a counter reset as
// Prometheus's rate() and increase() expect one.

import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Registry } from 'prom-client';

/** One hit line of a catalog code, as the watch counted it. */
export interface MetricHit {
  code: string;
  /** The input's node; null: none (the series' node label is then ""). */
  node: string | null;
  /** The first line of an event (a failure), as the report counts events (report/file-tally.ts). */
  event: boolean;
  /** Whether the policy expects this hit (the verdict the live line is painted with). */
  expected: boolean;
  /** The line's time, seconds since the epoch; null: the line has none. */
  epochSeconds: number | null;
}

export interface WatchMetrics {
  /** A node followed: every catalog code's counters on it start at 0 (once per node). */
  node(node: string | null): void;
  hit(hit: MetricHit): void;
  unknown(node: string | null): void;
  read(bytes: number, lines: number): void;
  rotation(): void;
  truncation(): void;
  readError(): void;
  /** Where the number of files followed is asked at each scrape. */
  filesFollowed(count: () => number): void;
  /** What has been counted, for the state file (JSON). */
  snapshot(): SavedMetrics;
  /**
   * Goes on from counts saved by an earlier watch (before the first scrape); codes no longer in
   * the catalog are left out. A problem: nothing is taken, and it says why.
   */
  restore(saved: unknown): string | null;
  /**
   * The starting positions are taken: scrapes are answered from now on (before, 503). A scrape in
   * the middle of the start would see counts that the lines read back at start are still to move.
   */
  open(): void;
  readonly isOpen: boolean;
  render(): Promise<string>;
  readonly contentType: string;
}

/** Counts as the state file keeps them: [code, node, value] and [node, value] where not 0. */
export interface SavedMetrics {
  nodes: string[];
  hits: Array<[string, string, number]>;
  events: Array<[string, string, number]>;
  unexpected: Array<[string, string, number]>;
  lastSeen: Array<[string, string, number]>;
  unknown: Array<[string, number]>;
  health: Record<HealthCounter, number>;
}

const HEALTH = ['bytes', 'lines', 'readErrors', 'rotations', 'truncations'] as const;
type HealthCounter = (typeof HEALTH)[number];

export interface MetricsSetup {
  /** The catalog's codes: the only values the code label takes. */
  codes: readonly string[];
  /** The program's version, for cti_logscan_build_info. */
  version: string;
}

/**
 * The node label of an input without a node (no --node, no RTMT node folder, no FileHead host):
 * empty, which Prometheus stores as no node label at all (select it with node="").
 */
const NO_NODE = '';

export function createWatchMetrics(setup: MetricsSetup): WatchMetrics {
  // A registry of our own: nothing global, so tests and embedders do not collide.
  const registry = new Registry();
  const registers = [registry];
  const byCode = ['code', 'node'];
  const hits = new Counter({ name: 'cti_logscan_hits_total', help: 'Lines with a hit of a catalog code, by code and node', labelNames: byCode, registers });
  const events = new Counter({
    name: 'cti_logscan_events_total',
    help: 'Failures: hits of a code in one file within --event-window ms of the first are one event',
    labelNames: byCode,
    registers,
  });
  const unexpected = new Counter({
    name: 'cti_logscan_unexpected_hits_total',
    help: "Hit lines the policy does not expect (not allowed, or past --max or the baseline's count in this watch)",
    labelNames: byCode,
    registers,
  });
  const unknown = new Counter({ name: 'cti_logscan_unknown_total', help: 'Hits of CTI error tokens the catalog does not know (a line with two is two), by node', labelNames: ['node'], registers });
  const lastSeen = new Gauge({
    name: 'cti_logscan_last_seen_timestamp_seconds',
    help: "Time of a code's latest hit on a node, from the log line (seconds since the epoch); absent until one has a time",
    labelNames: byCode,
    registers,
  });
  let countFollowed = (): number => 0;
  new Gauge({
    name: 'cti_logscan_files_followed',
    help: 'Files followed now',
    registers,
    collect() {
      this.set(countFollowed());
    },
  });
  const bytes = new Counter({ name: 'cti_logscan_bytes_read_total', help: 'Bytes read from followed files (after their starting positions)', registers });
  const lines = new Counter({ name: 'cti_logscan_lines_read_total', help: 'Lines read from followed files (after their starting positions)', registers });
  const readErrors = new Counter({ name: 'cti_logscan_read_errors_total', help: 'Problems reading a followed file or a watched directory', registers });
  const rotations = new Counter({ name: 'cti_logscan_rotations_total', help: 'Files rotated (renamed, replaced or re-created)', registers });
  const truncations = new Counter({ name: 'cti_logscan_truncations_total', help: 'Files truncated in place (copytruncate)', registers });
  new Gauge({ name: 'cti_logscan_build_info', help: 'Always 1: the version of cti-logscan and of Node.js serving these metrics', labelNames: ['version', 'nodejs'], registers }).set(
    { version: setup.version, nodejs: process.version },
    1,
  );

  const nodes = new Set<string>();
  const ensureNode = (node: string): void => {
    if (nodes.has(node)) return;
    nodes.add(node);
    for (const code of setup.codes) {
      for (const counter of [hits, events, unexpected]) counter.inc({ code, node }, 0);
    }
    unknown.inc({ node }, 0);
  };
  // The counts again, as plain numbers: prom-client reads its values asynchronously, and the state
  // file takes them in the same moment as the positions.
  const byKey = { hits: new Map<string, number>(), events: new Map<string, number>(), unexpected: new Map<string, number>(), lastSeen: new Map<string, number>() };
  const counters = { hits, events, unexpected };
  const unknownByNode = new Map<string, number>();
  const health: Record<HealthCounter, number> = { bytes: 0, lines: 0, readErrors: 0, rotations: 0, truncations: 0 };
  const healthCounters: Record<HealthCounter, Counter> = { bytes, lines, readErrors, rotations, truncations };
  const add = (name: keyof typeof counters, code: string, node: string, value: number): void => {
    const key = `${code}\0${node}`;
    byKey[name].set(key, (byKey[name].get(key) ?? 0) + value);
    counters[name].inc({ code, node }, value);
  };
  /** The latest time per code and node: a line from a file behind the others does not move it back. */
  const seenAt = (code: string, node: string, seconds: number): void => {
    const key = `${code}\0${node}`;
    if (seconds <= (byKey.lastSeen.get(key) ?? -Infinity)) return;
    byKey.lastSeen.set(key, seconds);
    lastSeen.set({ code, node }, seconds);
  };
  const countUnknown = (node: string, value: number): void => {
    unknownByNode.set(node, (unknownByNode.get(node) ?? 0) + value);
    unknown.inc({ node }, value);
  };
  const countHealth = (name: HealthCounter, value: number): void => {
    health[name] += value;
    healthCounters[name].inc(value);
  };
  const known = new Set(setup.codes);
  let open = false;
  const entries = (map: Map<string, number>): Array<[string, string, number]> =>
    [...map].filter(([, v]) => v !== 0).map(([key, v]) => [...(key.split('\0') as [string, string]), v]);
  return {
    node: (node) => ensureNode(node ?? NO_NODE),
    hit: ({ code, node: nodeOrNull, event, expected, epochSeconds }) => {
      const node = nodeOrNull ?? NO_NODE;
      ensureNode(node);
      add('hits', code, node, 1);
      if (event) add('events', code, node, 1);
      if (!expected) add('unexpected', code, node, 1);
      if (epochSeconds !== null) seenAt(code, node, epochSeconds);
    },
    unknown: (nodeOrNull) => {
      const node = nodeOrNull ?? NO_NODE;
      ensureNode(node);
      countUnknown(node, 1);
    },
    read: (b, l) => {
      countHealth('bytes', b);
      countHealth('lines', l);
    },
    rotation: () => countHealth('rotations', 1),
    truncation: () => countHealth('truncations', 1),
    readError: () => countHealth('readErrors', 1),
    filesFollowed: (count) => (countFollowed = count),
    snapshot: () => ({
      nodes: [...nodes],
      hits: entries(byKey.hits),
      events: entries(byKey.events),
      unexpected: entries(byKey.unexpected),
      lastSeen: entries(byKey.lastSeen),
      unknown: [...unknownByNode].filter(([, v]) => v !== 0),
      health: { ...health },
    }),
    restore: (saved) => {
      const problem = checkSaved(saved);
      if (problem !== null) return problem;
      const s = saved as SavedMetrics;
      for (const node of s.nodes) ensureNode(node);
      for (const name of ['hits', 'events', 'unexpected'] as const) {
        for (const [code, node, value] of s[name]) if (known.has(code)) add(name, code, node, value);
      }
      for (const [code, node, seconds] of s.lastSeen) if (known.has(code)) seenAt(code, node, seconds);
      for (const [node, value] of s.unknown) countUnknown(node, value);
      for (const name of HEALTH) countHealth(name, s.health[name]);
      return null;
    },
    open: () => (open = true),
    get isOpen() {
      return open;
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}

/** Why counts read back from a state file cannot be taken, or null. */
function checkSaved(saved: unknown): string | null {
  const s = saved as Partial<SavedMetrics> | null;
  const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  const rows = (v: unknown, width: number): boolean =>
    Array.isArray(v) && v.every((row) => Array.isArray(row) && row.length === width && row.slice(0, -1).every((x) => typeof x === 'string') && isCount(row[width - 1]));
  const ok =
    typeof s === 'object' &&
    s !== null &&
    Array.isArray(s.nodes) &&
    s.nodes.every((n) => typeof n === 'string') &&
    rows(s.hits, 3) &&
    rows(s.events, 3) &&
    rows(s.unexpected, 3) &&
    rows(s.lastSeen, 3) &&
    rows(s.unknown, 2) &&
    typeof s.health === 'object' &&
    s.health !== null &&
    HEALTH.every((name) => isCount(s.health![name]));
  return ok ? null : 'saved metrics unreadable: the counters start at 0';
}

/**
 * Serves GET /metrics on host:port (0: any free port); resolves with the port. watch gives
 * 127.0.0.1 unless the user names another host (--metrics-host): the metrics name the cluster's
 * nodes and the errors they have, which is no business of every machine that can reach this one.
 */
export async function serveMetrics(metrics: WatchMetrics, port: number, host: string): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics\n');
      return;
    }
    if (!metrics.isOpen) {
      response.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' }).end('starting: the starting positions are being taken\n');
      return;
    }
    metrics.render().then(
      (text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      (error: Error) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${error.message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
