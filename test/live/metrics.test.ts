// watch --metrics: the exporter in-process (every code at 0 per node, events, unexpected hits, last
// seen, the counts saved with the positions and restored), then through the built CLI (nodes from
// --node and the RTMT layout, --metrics-host, --state). The test against a real Prometheus server
// is prometheus.test.ts.

import { get } from 'node:http';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../src/catalog/catalog.js';
import { createWatchMetrics, serveMetrics, type MetricHit, type SavedMetrics } from '../../src/live/metrics.js';
import { runCli, STACK_TRACE } from '../helpers/cli.js';
import { metricNamesOf, samplesOf } from '../helpers/prometheus.js';
import { metricsPort, running, scrape, WatchRun } from '../helpers/watch.js';

const CODES = loadBundledCatalog().entries.map((e) => e.code);
const setup = { codes: CODES, version: '9.9.9' };
const hit = (over: Partial<MetricHit>): MetricHit => ({ code: 'CONFERENCE_FULL', node: 'cucmpub', event: true, expected: false, epochSeconds: null, ...over });
/** The samples of one metric whose labels include `labels` (as written, e.g. 'node="cucmpub"'). */
const samplesWith = (samples: Map<string, number>, name: string, labels: string): number[] =>
  [...samples].filter(([key]) => key.startsWith(`${name}{`) && key.includes(labels)).map(([, v]) => v);
const BY_CODE = ['cti_logscan_hits_total', 'cti_logscan_events_total', 'cti_logscan_unexpected_hits_total'];

describe('the exporter', () => {
  it('has every catalog code at 0 on a node from the moment it is followed, once per node; "" for an input without a node', async () => {
    const metrics = createWatchMetrics(setup);
    expect([...samplesOf(await metrics.render()).keys()].filter((k) => k.includes('code='))).toEqual([]);
    metrics.node('cucmpub');
    metrics.node('cucmpub');
    metrics.node(null);
    const samples = samplesOf(await metrics.render());
    for (const name of BY_CODE) {
      for (const node of ['node="cucmpub"', 'node=""']) expect(samplesWith(samples, name, node)).toEqual(CODES.map(() => 0));
    }
    expect(samples.get('cti_logscan_unknown_total{node="cucmpub"}')).toBe(0);
    expect(samples.get('cti_logscan_unknown_total{node=""}')).toBe(0);
    // A time only once a hit has one: 0 would say 1970.
    expect(samplesWith(samples, 'cti_logscan_last_seen_timestamp_seconds', '')).toEqual([]);
    expect(samples.get('cti_logscan_build_info{version="9.9.9",nodejs="' + process.version + '"}')).toBe(1);
  });

  it('counts hit lines, events (the hits that began one), unexpected hits, unknown tokens and the health counters', async () => {
    const metrics = createWatchMetrics(setup);
    let followed = 3;
    metrics.filesFollowed(() => followed);
    metrics.hit(hit({ event: true, expected: true, epochSeconds: 100 }));
    metrics.hit(hit({ event: false, expected: true, epochSeconds: 100.05 }));
    metrics.hit(hit({ event: true, expected: false, epochSeconds: 50 })); // a file behind the others: last seen stays
    metrics.hit(hit({ code: 'CTIERR_TIMEOUT', node: 'cucmsub1' }));
    metrics.unknown('cucmsub1');
    metrics.unknown('cucmsub1');
    metrics.read(100, 4);
    metrics.read(20, 1);
    metrics.rotation();
    metrics.truncation();
    metrics.readError();
    followed = 2;
    const samples = samplesOf(await metrics.render());
    expect(samples.get('cti_logscan_hits_total{code="CONFERENCE_FULL",node="cucmpub"}')).toBe(3);
    expect(samples.get('cti_logscan_events_total{code="CONFERENCE_FULL",node="cucmpub"}')).toBe(2);
    expect(samples.get('cti_logscan_unexpected_hits_total{code="CONFERENCE_FULL",node="cucmpub"}')).toBe(1);
    expect(samples.get('cti_logscan_last_seen_timestamp_seconds{code="CONFERENCE_FULL",node="cucmpub"}')).toBe(100.05);
    expect(samples.get('cti_logscan_hits_total{code="CTIERR_TIMEOUT",node="cucmsub1"}')).toBe(1);
    // The node's first hit made its zero series too.
    expect(samples.get('cti_logscan_hits_total{code="CONFERENCE_FULL",node="cucmsub1"}')).toBe(0);
    expect(samplesWith(samples, 'cti_logscan_last_seen_timestamp_seconds', 'node="cucmsub1"')).toEqual([]);
    expect(samples.get('cti_logscan_unknown_total{node="cucmsub1"}')).toBe(2);
    expect(
      ['files_followed', 'bytes_read_total', 'lines_read_total', 'rotations_total', 'truncations_total', 'read_errors_total'].map((n) => samples.get(`cti_logscan_${n}`)),
    ).toEqual([2, 120, 5, 1, 1, 1]);
  });

  it('registers the metrics the README lists, each once, every series bounded by the catalog and the nodes', async () => {
    const metrics = createWatchMetrics(setup);
    for (let i = 0; i < 50; i++) metrics.hit(hit({ code: CODES[i % CODES.length], node: `node${i % 3}` }));
    const text = await metrics.render();
    expect(metricNamesOf(text).sort()).toEqual(
      [
        'cti_logscan_build_info',
        'cti_logscan_bytes_read_total',
        'cti_logscan_events_total',
        'cti_logscan_files_followed',
        'cti_logscan_hits_total',
        'cti_logscan_last_seen_timestamp_seconds',
        'cti_logscan_lines_read_total',
        'cti_logscan_read_errors_total',
        'cti_logscan_rotations_total',
        'cti_logscan_truncations_total',
        'cti_logscan_unexpected_hits_total',
        'cti_logscan_unknown_total',
      ].sort(),
    );
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const name of metricNamesOf(text)) expect(readme).toContain(`\`${name}`);
    const samples = samplesOf(text);
    for (const name of BY_CODE) expect(samplesWith(samples, name, '')).toHaveLength(CODES.length * 3);
  });

  it('saves what it counted and goes on from it (codes no longer in the catalog left out); anything else is a problem, and nothing is taken', async () => {
    const before = createWatchMetrics(setup);
    before.node('cucmsub1');
    before.hit(hit({ epochSeconds: 1773476067.674 }));
    before.hit(hit({ event: false, expected: true }));
    before.unknown(null);
    before.read(10, 2);
    before.rotation();
    const saved = JSON.parse(JSON.stringify(before.snapshot())) as SavedMetrics;
    expect(saved.hits).toEqual([['CONFERENCE_FULL', 'cucmpub', 2]]);
    expect(saved.nodes.sort()).toEqual(['', 'cucmpub', 'cucmsub1']);
    const after = createWatchMetrics(setup);
    expect(after.restore(saved)).toBeNull();
    const sorted = async (m: typeof before): Promise<Array<[string, number]>> => [...samplesOf(await m.render())].sort();
    expect(await sorted(after)).toEqual(await sorted(before));

    const fewer = createWatchMetrics({ ...setup, codes: CODES.filter((c) => c !== 'CONFERENCE_FULL') });
    expect(fewer.restore({ ...saved, unexpected: [['NOT_A_CODE', 'cucmpub', 4]] })).toBeNull();
    const kept = samplesOf(await fewer.render());
    expect([...kept.keys()].filter((k) => /CONFERENCE_FULL|NOT_A_CODE/.test(k))).toEqual([]);
    expect(kept.get('cti_logscan_unknown_total{node=""}')).toBe(1);

    for (const bad of [null, 'x', { ...saved, hits: [['CONFERENCE_FULL', 'cucmpub', -1]] }, { ...saved, health: { ...saved.health, bytes: 'x' } }, { ...saved, nodes: [1] }]) {
      const metrics = createWatchMetrics(setup);
      expect(metrics.restore(bad)).toBe('saved metrics unreadable: the counters start at 0');
      expect(metrics.snapshot().hits).toEqual([]);
    }
  });

  it('answers 503 until the starting positions are taken, then /metrics, and 404 elsewhere', async () => {
    const metrics = createWatchMetrics(setup);
    const server = await serveMetrics(metrics, 0, '127.0.0.1');
    const status = (path: string): Promise<number | undefined> =>
      new Promise((resolve, reject) =>
        get({ host: '127.0.0.1', port: server.port, path }, (response) => {
          response.resume();
          resolve(response.statusCode);
        }).on('error', reject),
      );
    try {
      expect(await status('/metrics')).toBe(503);
      metrics.open();
      expect([await status('/metrics'), await status('/metrics?x=1'), await status('/')]).toEqual([200, 200, 404]);
    } finally {
      await server.close();
    }
  });
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cti-metrics-'));
});
afterEach(() => {
  for (const run of running.splice(0)) run.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** A file in an RTMT download's layout: `<node>/<download time>/cm/trace/cti/sdl/`. */
function rtmtFile(node: string): string {
  const folder = join(dir, 'rtmt', node, '2026-03-14_08-20-00', 'cm', 'trace', 'cti', 'sdl');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'SDL001_200_000412.txt');
  writeFileSync(file, '');
  return file;
}

describe('watch --metrics', () => {
  it("labels each file's counters with its node (the RTMT folder, or --node), every code at 0 from the start; events and unexpected hits by the policy", async () => {
    const pub = rtmtFile('cucmpub');
    rtmtFile('cucmsub1');
    const run = new WatchRun(['--metrics', '0', '--max', 'CONFERENCE_FULL=1', 'rtmt'], dir);
    await run.ready();
    const port = metricsPort(run);
    const start = samplesOf(await scrape(port));
    for (const node of ['node="cucmpub"', 'node="cucmsub1"']) expect(samplesWith(start, 'cti_logscan_hits_total', node)).toEqual(CODES.map(() => 0));
    expect(samplesWith(start, 'cti_logscan_hits_total', 'node=""')).toEqual([]);
    // Two lines of one failure (50 ms apart), then another a second later; --max allows one.
    appendFileSync(
      pub,
      '2026-03-14 08:14:27,674 ERROR CONFERENCE_FULL\n2026-03-14 08:14:27,724 ERROR CONFERENCE_FULL\n2026-03-14 08:14:28,800 ERROR CONFERENCE_FULL\n2026-03-14 08:14:29,000 CTIERR_NOT_A_CODE\n',
    );
    await run.untilHits(3);
    const samples = samplesOf(await scrape(port));
    await run.interrupt();
    const of = (name: string, node = 'cucmpub'): number | undefined => samples.get(`${name}{code="CONFERENCE_FULL",node="${node}"}`);
    expect([of('cti_logscan_hits_total'), of('cti_logscan_events_total'), of('cti_logscan_unexpected_hits_total'), of('cti_logscan_hits_total', 'cucmsub1')]).toEqual([3, 2, 2, 0]);
    expect(of('cti_logscan_last_seen_timestamp_seconds')).toBe(1773476068.8);
    expect(samples.get('cti_logscan_unknown_total{node="cucmpub"}')).toBe(1);
    expect(samples.get('cti_logscan_files_followed')).toBe(2);
    expect(samples.get('cti_logscan_lines_read_total')).toBe(4);

    const named = new WatchRun(['--metrics', '0', '--node', 'cluster-a', 'rtmt'], dir);
    await named.ready();
    const nodes = new Set([...samplesOf(await scrape(metricsPort(named))).keys()].flatMap((k) => /node="([^"]*)"/.exec(k)?.[1] ?? []));
    await named.interrupt();
    expect([...nodes]).toEqual(['cluster-a']);
  });

  it('--metrics-host binds where it is told; one it cannot is one line and exit 2; it needs --metrics and a value (exit 64)', async () => {
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'logs', 'app.log'), '');
    // All of 127.0.0.0/8 is this machine's loopback: 127.0.0.2 is another address than the default.
    const run = new WatchRun(['--metrics', '0', '--metrics-host', '127.0.0.2', 'logs'], dir);
    await run.ready();
    const port = metricsPort(run);
    expect(run.stderr).toContain(`cti-logscan: metrics: http://127.0.0.2:${port}/metrics\n`);
    expect(await scrape(port, '127.0.0.2')).toContain('cti_logscan_build_info');
    await expect(scrape(port, '127.0.0.1')).rejects.toThrow(/ECONNREFUSED/);
    await run.interrupt();

    // 192.0.2.1 is TEST-NET-1 (RFC 5737): no machine's own address.
    const away = new WatchRun(['--metrics', '0', '--metrics-host', '192.0.2.1', 'logs'], dir);
    expect(await away.exitByItself()).toBe(2);
    expect(away.stderr).toBe('cti-logscan: --metrics-host: 192.0.2.1 is not an address of this machine\n');
    expect(away.events).toEqual([]);

    const alone = await runCli(['watch', '--metrics-host', '0.0.0.0', 'logs'], { cwd: dir });
    expect(alone.code).toBe(64);
    expect(alone.stderr).toMatch(/--metrics-host: it says where --metrics listens, and --metrics PORT is not given/);
    const empty = await runCli(['watch', '--metrics', '0', '--metrics-host', ' ', 'logs'], { cwd: dir });
    expect(empty.code).toBe(64);
    expect(empty.stderr).toMatch(/--metrics-host: a host name or address is needed/);
    expect(alone.stderr + empty.stderr + away.stderr).not.toMatch(STACK_TRACE);
    const help = await runCli(['watch', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toMatch(/--metrics-host +Serve --metrics on HOST instead of 127\.0\.0\.1 \(on purpose only:/);
  });

  it('--state keeps the counts with the positions: a restart goes on from them, with the lines written while stopped; unreadable ones start at 0, with a line', async () => {
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'logs', 'app.log'), '');
    const args = ['--metrics', '0', '--node', 'cucmpub', '--state', 'state.json', 'logs'];
    const first = new WatchRun(args, dir);
    await first.ready();
    appendFileSync(join(dir, 'logs', 'app.log'), 'CONFERENCE_FULL\nCONFERENCE_FULL\n');
    await first.untilHits(2);
    await first.interrupt('SIGTERM');
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { metrics: SavedMetrics };
    expect(state.metrics.hits).toEqual([['CONFERENCE_FULL', 'cucmpub', 2]]);

    appendFileSync(join(dir, 'logs', 'app.log'), 'while stopped CONFERENCE_FULL\n');
    const second = new WatchRun(args, dir);
    await second.ready();
    // The first scrape already has both: the one Prometheus sees never falls back.
    const samples = samplesOf(await scrape(metricsPort(second)));
    await second.interrupt();
    expect(samples.get('cti_logscan_hits_total{code="CONFERENCE_FULL",node="cucmpub"}')).toBe(3);
    expect(samples.get('cti_logscan_lines_read_total')).toBe(3);

    const broken = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ ...broken, metrics: { hits: 'many' } }));
    const third = new WatchRun(args, dir);
    await third.ready();
    const fresh = samplesOf(await scrape(metricsPort(third)));
    await third.interrupt();
    expect(third.stderr).toContain('cti-logscan: state.json: saved metrics unreadable: the counters start at 0\n');
    expect(fresh.get('cti_logscan_hits_total{code="CONFERENCE_FULL",node="cucmpub"}')).toBe(0);
  });
});
