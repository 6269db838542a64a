// examples/: the Prometheus alert rules and scrape configs, checked and unit-tested by promtool
// (when it is installed; in CI always), and the Grafana dashboard, whose every query uses only
// the metrics the exporter serves. The rules and the dashboard also run against a real
// Prometheus server in test/live/prometheus.test.ts.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../src/catalog/catalog.js';
import { createWatchMetrics } from '../../src/live/metrics.js';
import { REPO } from '../helpers/cli.js';
import { exprsOfRules, metricNamesIn, metricNamesOf, promtool, queriesOfDashboard, skipWithout, type Dashboard } from '../helpers/prometheus.js';

const PROMETHEUS = join(REPO, 'examples', 'prometheus');
const RULES = join(PROMETHEUS, 'cti-logscan.rules.yml');
const DASHBOARD = join(REPO, 'examples', 'grafana', 'cti-logscan.json');

/** The names the exporter registers, from its own exposition. */
async function exporterNames(): Promise<string[]> {
  return metricNamesOf(await createWatchMetrics({ codes: loadBundledCatalog().entries.map((e) => e.code), version: '0' }).render());
}

describe('the PromQL names in an expression', () => {
  it.each([
    ['sum by (code, node) (rate(cti_logscan_events_total{node=~"$node"}[$__rate_interval])) * 60 > 0', ['cti_logscan_events_total']],
    ['up{job="cti-logscan"} == 0', ['up']],
    ['label_values(cti_logscan_hits_total{instance=~"$instance"}, node)', ['cti_logscan_hits_total']],
    ['a_total / on (instance) group_left (version) b_info', ['a_total', 'b_info']],
    ['{__name__=~"x|y"}', []],
    ['sum_by (x)', ['sum_by', 'x']], // a typo is a name, and so is found
  ])('%s -> %j', (expr, names) => {
    expect(metricNamesIn(expr)).toEqual(names);
  });
});

describe('examples/prometheus', () => {
  it('the alert rules use only the metrics the exporter serves (and Prometheus\'s own up)', async () => {
    const known = new Set([...(await exporterNames()), 'up']);
    const exprs = exprsOfRules(readFileSync(RULES, 'utf8'));
    expect(exprs).toHaveLength(5);
    for (const expr of exprs) expect({ expr, unknown: metricNamesIn(expr).filter((n) => !known.has(n)) }).toEqual({ expr, unknown: [] });
  });

  describe.skipIf(skipWithout('promtool'))('by promtool', () => {
    it('promtool check rules and test rules pass (input_series, alert_rule_test)', async () => {
      const checked = await promtool(['check', 'rules', RULES]);
      expect(checked.stdout + checked.stderr).toContain('SUCCESS: 5 rules found');
      expect(checked.code).toBe(0);
      const tested = await promtool(['test', 'rules', join(PROMETHEUS, 'cti-logscan.rules.test.yml')]);
      expect({ code: tested.code, said: tested.stdout + tested.stderr }).toEqual({ code: 0, said: expect.stringContaining('SUCCESS') });
    });

    it('promtool check config passes on the scrape and federation configs (and the rules they load)', async () => {
      for (const config of ['prometheus.yml', 'federate.yml']) {
        const checked = await promtool(['check', 'config', join(PROMETHEUS, config)]);
        expect({ config, code: checked.code, said: checked.stdout + checked.stderr }).toEqual({ config, code: 0, said: expect.stringContaining('is valid prometheus config file syntax') });
      }
    });

    it('promtool test rules fails a rule that does not do what its test says (the tests can fail)', async () => {
      const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const dir = mkdtempSync(join(tmpdir(), 'cti-rules-'));
      try {
        writeFileSync(join(dir, 'cti-logscan.rules.yml'), readFileSync(RULES, 'utf8').replace('increase(cti_logscan_unexpected_hits_total[15m]) > 0', 'increase(cti_logscan_unexpected_hits_total[15m]) > 1'));
        writeFileSync(join(dir, 'cti-logscan.rules.test.yml'), readFileSync(join(PROMETHEUS, 'cti-logscan.rules.test.yml'), 'utf8'));
        const tested = await promtool(['test', 'rules', join(dir, 'cti-logscan.rules.test.yml')]);
        expect(tested.code).toBe(1);
        expect(tested.stdout + tested.stderr).toMatch(/FAILED[\s\S]*CtiUnexpectedCode/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describe('examples/grafana', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;

  it('every query uses only metrics the exporter registers, and every metric it registers is shown', async () => {
    const known = await exporterNames();
    const queries = queriesOfDashboard(dashboard);
    expect(queries.length).toBeGreaterThan(10);
    for (const { where, expr } of queries) expect({ where, unknown: metricNamesIn(expr).filter((n) => !known.includes(n)) }).toEqual({ where, unknown: [] });
    expect([...new Set(queries.flatMap((q) => metricNamesIn(q.expr)))].sort()).toEqual([...known].sort());
  });

  it('has the panels the issue asks for, each with a type, a place and its own query ids, all on the chosen Prometheus', () => {
    const panels = dashboard.panels.filter((p) => p.type !== 'row') as Array<Dashboard['panels'][number] & { gridPos?: object; datasource?: { uid: string } }>;
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    for (const p of panels) {
      expect(p.gridPos).toBeDefined();
      expect(p.datasource?.uid).toBe('${datasource}');
      const ids = (p.targets ?? []).map((t) => t.refId);
      expect(new Set(ids).size).toBe(ids.length);
    }
    const exprs = queriesOfDashboard(dashboard).map((q) => q.expr);
    // Rate per code and node, top codes, last seen, the exporter's health.
    expect(exprs.some((e) => /sum by \(code, node\) \(rate\(cti_logscan_events_total/.test(e))).toBe(true);
    expect(exprs.some((e) => /^topk\(/.test(e))).toBe(true);
    expect(exprs.some((e) => e.includes('cti_logscan_last_seen_timestamp_seconds'))).toBe(true);
    expect(exprs.some((e) => e.includes('cti_logscan_read_errors_total'))).toBe(true);
  });
});
