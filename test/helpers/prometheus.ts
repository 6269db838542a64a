// Helpers for the tests against Prometheus's own tools (Debian's `prometheus` package: prometheus
// and promtool): find them (outside CI a missing one skips its tests, saying so; in CI, where
// .ci/run installs the package, it fails them), run promtool, start a Prometheus server of the
// test's own (its config, its temporary storage, its web port on 127.0.0.1) and ask its HTTP API,
// polling with a timeout.

import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { runCommand, type RunResult } from './cli.js';

/** CI sets CI=true: there every tool a test needs must be there. */
export const IN_CI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

/** The path of an executable on PATH, or null. */
export function findTool(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this one
    }
  }
  return null;
}

/**
 * Whether the tests that need `tool` are skipped: only where it is missing outside CI, with one
 * line saying so. In CI a missing tool is not skipped: requireTool fails the test.
 */
export function skipWithout(tool: string): boolean {
  if (findTool(tool) !== null || IN_CI) return false;
  console.warn(`skipped: the tests that need ${tool} (it is not on PATH: apt-get install prometheus; in CI they fail instead)`);
  return true;
}

/** The tool's path; in CI, where it must be installed, an error that says so. */
export function requireTool(tool: string): string {
  const path = findTool(tool);
  if (path === null) throw new Error(`${tool} is not installed, and CI needs it: .ci/run installs Debian's prometheus package (apt-get install prometheus)`);
  return path;
}

/** Runs promtool, with `input` on its standard input. */
export function promtool(args: string[], input?: string): Promise<RunResult> {
  return runCommand(requireTool('promtool'), args, input === undefined ? {} : { input });
}

/** A port free on 127.0.0.1 now (asked of the system, then let go of). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits for Prometheus: its start, its scrapes. */
export const PROMETHEUS_WAIT_MS = 20_000;

export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

/** A Prometheus server of the test's own, scraping one target every second. */
export class PrometheusServer {
  log = '';
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout?.on('data', (d: Buffer) => (this.log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.log += d.toString()));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /**
   * Starts prometheus in `dir` (its config and storage there) scraping `target` (host:port) as job
   * cti-logscan, evaluating the rule files given; resolves once it is ready.
   */
  static async start(dir: string, target: string, ruleFiles: string[] = []): Promise<PrometheusServer> {
    const config = join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        '  scrape_timeout: 1s',
        '  evaluation_interval: 1s',
        ...(ruleFiles.length === 0 ? [] : ['rule_files:', ...ruleFiles.map((f) => `  - '${f}'`)]),
        'scrape_configs:',
        '  - job_name: cti-logscan',
        '    static_configs:',
        `      - targets: ['${target}']`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    const child = spawn(requireTool('prometheus'), [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new PrometheusServer(child, port);
    await server.poll('prometheus ready', async () => (await server.get('/-/ready')).status === 200);
    return server;
  }

  /** GET a path of the web API: its status and body (status 0: not answering yet). */
  get(path: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve) => {
      get({ host: '127.0.0.1', port: this.port, path }, (response) => {
        let body = '';
        response.on('data', (d: Buffer) => (body += d.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      }).on('error', () => resolve({ status: 0, body: '' }));
    });
  }

  /** An instant query (at `time`, seconds as Prometheus wrote them; default now): its vector. */
  async query(expr: string, time?: string): Promise<Sample[]> {
    const params = new URLSearchParams({ query: expr, ...(time === undefined ? {} : { time }) });
    const { status, body } = await this.get(`/api/v1/query?${params}`);
    if (status !== 200) throw new Error(`query ${expr}: HTTP ${status} ${body}`);
    const answer = JSON.parse(body) as { status: string; data: { resultType: string; result: Sample[] } };
    if (answer.data.resultType !== 'vector') throw new Error(`query ${expr}: a ${answer.data.resultType}, not a vector`);
    return answer.data.result;
  }

  /** The query's values by one label (e.g. code), as numbers. */
  async valuesBy(label: string, expr: string, time?: string): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const s of await this.query(expr, time)) result[s.metric[label] ?? ''] = Number(s.value[1]);
    return result;
  }

  /** Polls the query until `test` holds of its values by `label`; fails after PROMETHEUS_WAIT_MS with the last answer. */
  async until(what: string, label: string, expr: string, test: (values: Record<string, number>) => boolean): Promise<Record<string, number>> {
    let last: Record<string, number> = {};
    await this.poll(what, async () => test((last = await this.valuesBy(label, expr))), () => JSON.stringify(last));
    return last;
  }

  /** Asks `ready` every 100 ms (Prometheus has no event to wait for) until it holds, or fails after PROMETHEUS_WAIT_MS. */
  private async poll(what: string, ready: () => Promise<boolean>, seen: () => string = () => ''): Promise<void> {
    const deadline = Date.now() + PROMETHEUS_WAIT_MS;
    while (!(await ready())) {
      if (Date.now() > deadline || this.child.exitCode !== null) throw new Error(`timed out waiting for ${what}; last seen: ${seen()}; prometheus said: ${this.log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Stops it by its pid and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    process.kill(this.pid, 'SIGKILL');
    await exited;
  }
}

/** The samples of an exposition text: `name{labels}` (as written) -> value. */
export function samplesOf(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

/** The metric names an exposition text declares (`# TYPE name type`). */
export function metricNamesOf(text: string): string[] {
  return [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);
}

/** PromQL's own words (functions, aggregations, keywords): what in an expression is not a metric name. */
const PROMQL_WORDS = new Set(
  [
    'sum min max avg count group stddev stdvar topk bottomk quantile count_values by without on ignoring group_left group_right bool and or unless offset',
    'rate irate increase delta idelta resets changes deriv predict_linear time timestamp vector scalar absent absent_over_time histogram_quantile',
    'label_replace label_join sort sort_desc clamp clamp_min clamp_max abs ceil floor round exp ln log2 log10 sqrt sgn',
    'min_over_time max_over_time avg_over_time sum_over_time count_over_time last_over_time quantile_over_time stddev_over_time present_over_time',
    'day_of_week day_of_month day_of_year days_in_month hour minute month year inf nan',
    // Grafana's template query function
    'label_values',
  ]
    .join(' ')
    .split(' '),
);

/** The metric names a PromQL expression (or a Grafana label_values query) uses; Grafana's variables are not names. */
export function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""') // strings
    .replace(/\$\{?\w+\}?/g, '') // Grafana variables ($node, ${datasource}, $__rate_interval)
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\[[^\]]*\]/g, '') // ranges
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '$1') // label lists
    .replace(/\blabel_values\s*\(([^,()]*),\s*\w+\s*\)/g, 'label_values($1)'); // its label is not a metric
  return [...new Set((bare.match(/[A-Za-z_:][A-Za-z0-9_:]*/g) ?? []).filter((word) => !PROMQL_WORDS.has(word)))];
}

/** Every `expr:` of a rules file as written by hand: one line, or a block (`|`, `>`) of the lines indented under it. */
export function exprsOfRules(yaml: string): string[] {
  const lines = yaml.split('\n');
  const exprs: string[] = [];
  lines.forEach((line, i) => {
    const m = /^(\s*)expr:\s*(.*)$/.exec(line);
    if (!m) return;
    if (!/^[|>][-+]?$/.test(m[2])) {
      exprs.push(m[2].replace(/^(['"])(.*)\1$/, '$2'));
      return;
    }
    const block: string[] = [];
    for (let j = i + 1; j < lines.length && (lines[j].trim() === '' || lines[j].search(/\S/) > m[1].length); j++) block.push(lines[j].trim());
    exprs.push(block.join(' ').trim());
  });
  return exprs;
}

interface DashboardPanel {
  id: number;
  title: string;
  type: string;
  targets?: Array<{ expr: string; refId: string; instant?: boolean }>;
  panels?: DashboardPanel[];
}

export interface Dashboard {
  panels: DashboardPanel[];
  templating: { list: Array<{ name: string; type: string; query: string | { query: string } }> };
}

/** The queries of a Grafana dashboard: every panel target's expr, and every query variable's query. */
export function queriesOfDashboard(dashboard: Dashboard): Array<{ where: string; expr: string; instant: boolean }> {
  const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
  return [
    ...panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel ${p.id} "${p.title}" ${t.refId}`, expr: t.expr, instant: t.instant === true }))),
    ...dashboard.templating.list
      .filter((v) => v.type === 'query')
      .map((v) => ({ where: `variable ${v.name}`, expr: typeof v.query === 'string' ? v.query : v.query.query, instant: true })),
  ];
}

/**
 * A dashboard query as Prometheus would get it from Grafana: its variables filled in (every node and
 * watch, a rate window of a few scrapes, the time range) and label_values(m, l) as `group by (l) (m)`.
 */
export function asGrafanaSends(expr: string, range = '5m', rateInterval = '10s'): string {
  return expr
    .replace(/\$__rate_interval/g, rateInterval)
    .replace(/\$__range/g, range)
    .replace(/\$\{?\w+\}?/g, '.*')
    .replace(/^label_values\((.*),\s*(\w+)\)$/, 'group by ($2) ($1)');
}
