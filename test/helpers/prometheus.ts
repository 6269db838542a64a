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

  /** Starts prometheus in `dir` (its config and storage there) scraping `target` (host:port); resolves once it is ready. */
  static async start(dir: string, target: string): Promise<PrometheusServer> {
    const config = join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        '  scrape_timeout: 1s',
        '  evaluation_interval: 1s',
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
