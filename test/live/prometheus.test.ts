// watch --metrics scraped by a real Prometheus server (Debian's package; .ci/run installs it):
// its own config scraping the watch on 127.0.0.1 every second, its own temporary storage and web
// port. Lines are appended to a followed file and the HTTP API is asked until the counters have
// the values the lines make; then a rotation, a restart with --state and one without, and
// increase() over the window equals the lines written. Every wait polls with a timeout; both
// processes are stopped by their pid after each test.

import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../src/catalog/catalog.js';
import { REPO } from '../helpers/cli.js';
import { asGrafanaSends, exprsOfRules, PrometheusServer, promtool, queriesOfDashboard, skipWithout, type Dashboard } from '../helpers/prometheus.js';
import { metricsPort, running, scrape, WatchRun } from '../helpers/watch.js';

const CODES = loadBundledCatalog().entries.length;
const SEEN = 'CONFERENCE_FULL|CTIERR_TIMEOUT|CTIERR_ILLEGAL_CALLSTATE';
const RULES = join(REPO, 'examples', 'prometheus', 'cti-logscan.rules.yml');
const DASHBOARD = JSON.parse(readFileSync(join(REPO, 'examples', 'grafana', 'cti-logscan.json'), 'utf8')) as Dashboard;

let dir: string;
let prometheus: PrometheusServer | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cti-prom-'));
  mkdirSync(join(dir, 'logs'));
});
afterEach(async () => {
  for (const run of running.splice(0)) run.kill();
  await prometheus?.stop();
  prometheus = null;
  rmSync(dir, { recursive: true, force: true });
});

const log = (...parts: string[]): string => join(dir, 'logs', ...parts);
const lines = (code: string, n: number): string => Array.from({ length: n }, (_, i) => `line ${i} ${code}\n`).join('');
/** The counters of the codes written, by code, on the node. */
const hitsOf = (extra = ''): string => `cti_logscan_hits_total{node="cucmpub",code=~"${SEEN}"}${extra}`;
const equal =
  (want: Record<string, number>) =>
  (got: Record<string, number>): boolean =>
    JSON.stringify(Object.entries(got).sort()) === JSON.stringify(Object.entries(want).sort());

describe.skipIf(skipWithout('prometheus'))('watch --metrics scraped by Prometheus', () => {
  it('counts hit lines by code and node from zero, passes promtool, fires the example alert, and increase() equals the lines written across a rotation and restarts', async () => {
    writeFileSync(log('app.log'), 'start\n');
    const args = ['--node', 'cucmpub', 'logs'];
    const first = new WatchRun(['--metrics', '0', '--state', 'state.json', ...args], dir);
    await first.ready();
    // The restarts listen on the same port: one target, one series per code and node.
    const port = metricsPort(first);
    prometheus = await PrometheusServer.start(dir, `127.0.0.1:${port}`, [RULES]);

    // Before any hit, every catalog code is there at 0 on the node.
    await prometheus.until('every code at 0', 'node', 'count by (node) (cti_logscan_hits_total == 0)', equal({ cucmpub: CODES }));

    appendFileSync(log('app.log'), lines('CONFERENCE_FULL', 3) + lines('CTIERR_TIMEOUT', 2));
    // A code not yet seen is there, at 0.
    await prometheus.until('the first hits', 'code', hitsOf(), equal({ CONFERENCE_FULL: 3, CTIERR_TIMEOUT: 2, CTIERR_ILLEGAL_CALLSTATE: 0 }));
    const text = await scrape(port);
    const checked = await promtool(['check', 'metrics'], text);
    expect({ code: checked.code, said: checked.stdout + checked.stderr }).toEqual({ code: 0, said: '' });
    // No policy given: every hit is unexpected, and the example rule fires for each code on the node.
    await prometheus.until('the alert', 'code', 'ALERTS{alertname="CtiUnexpectedCode",alertstate="firing",node="cucmpub"}', equal({ CONFERENCE_FULL: 1, CTIERR_TIMEOUT: 1 }));

    // Rotation by rename and create, while it runs.
    renameSync(log('app.log'), log('app.log.1'));
    writeFileSync(log('app.log'), lines('CONFERENCE_FULL', 1));
    await first.until('rotated', () => first.events.some((e) => e.type === 'rotated'));
    await prometheus.until('the rotation', '__name__', '{__name__=~"cti_logscan_rotations_total|cti_logscan_files_followed"}', equal({ cti_logscan_rotations_total: 1, cti_logscan_files_followed: 2 }));
    await prometheus.until('the new file', 'code', hitsOf(), equal({ CONFERENCE_FULL: 4, CTIERR_TIMEOUT: 2, CTIERR_ILLEGAL_CALLSTATE: 0 }));

    // Stopped; lines written meanwhile; restarted with --state: the counts go on from where they
    // were (saved with the positions), the lines read back at start counted on top. Counters that
    // started at 0 again would be scraped first with those lines in them: CTIERR_TIMEOUT 2 before
    // the stop, 2 read back, and Prometheus would see 2 -> 2, no reset and no increase.
    await first.interrupt('SIGTERM');
    appendFileSync(log('app.log'), lines('0x8ccc0009', 2) + lines('CONFERENCE_FULL', 1) + lines('CTIERR_TIMEOUT', 2));
    const second = new WatchRun(['--metrics', String(port), '--state', 'state.json', ...args], dir);
    await second.ready();
    expect(second.hits().map(([, code]) => code)).toEqual(['CTIERR_ILLEGAL_CALLSTATE', 'CTIERR_ILLEGAL_CALLSTATE', 'CONFERENCE_FULL', 'CTIERR_TIMEOUT', 'CTIERR_TIMEOUT']);
    appendFileSync(log('app.log'), lines('CTIERR_TIMEOUT', 1));
    await prometheus.until('the restart with --state', 'code', hitsOf(), equal({ CONFERENCE_FULL: 5, CTIERR_TIMEOUT: 5, CTIERR_ILLEGAL_CALLSTATE: 2 }));

    // Restarted without --state: the counters start at 0 again (a counter reset), then one more line.
    await second.interrupt('SIGTERM');
    const third = new WatchRun(['--metrics', String(port), ...args], dir);
    await third.ready();
    await prometheus.until('the restart without --state', 'code', hitsOf(), equal({ CONFERENCE_FULL: 0, CTIERR_TIMEOUT: 0, CTIERR_ILLEGAL_CALLSTATE: 0 }));
    appendFileSync(log('app.log'), lines('CONFERENCE_FULL', 1));
    await prometheus.until('the hit after the reset', 'code', hitsOf(), equal({ CONFERENCE_FULL: 1, CTIERR_TIMEOUT: 0, CTIERR_ILLEGAL_CALLSTATE: 0 }));

    // increase() at the instant of the last scrape: no extrapolation past it, and none before the
    // first sample (a counter that starts at 0): exactly the lines written, 13, the reset counted.
    const [last] = await prometheus.query('timestamp(cti_logscan_build_info)');
    const at = last.value[1];
    const increase = await prometheus.valuesBy('code', 'sum by (code) (increase(cti_logscan_hits_total{node="cucmpub"}[5m])) > 0', at);
    expect(increase).toEqual({ CONFERENCE_FULL: 6, CTIERR_TIMEOUT: 5, CTIERR_ILLEGAL_CALLSTATE: 2 });
    const [total] = await prometheus.query('sum(increase(cti_logscan_hits_total[5m]))', at);
    expect(Number(total.value[1])).toBe(13);
    const [resets] = await prometheus.query('resets(cti_logscan_hits_total{node="cucmpub",code="CONFERENCE_FULL"}[5m])', at);
    expect(Number(resets.value[1])).toBe(1);

    // Every query of the Grafana dashboard (its variables as Grafana fills them) and of the alert
    // rules is one this Prometheus takes, and the panels that sum over the range have data.
    const answers: Record<string, number> = {};
    for (const { where, expr } of queriesOfDashboard(DASHBOARD)) answers[where] = (await prometheus.query(asGrafanaSends(expr), at)).length;
    for (const expr of exprsOfRules(readFileSync(RULES, 'utf8'))) await prometheus.query(expr, at);
    expect(answers).toMatchObject({
      'panel 4 "Top codes (failures in the time range)" A': 3,
      'panel 5 "Unexpected hits (in the time range)" A': 3,
      'panel 9 "Exporters" A': 1,
      'variable node': 1,
    });
    await third.interrupt();
  }, 60_000);
});
