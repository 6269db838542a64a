// Helpers for the watch tests: the built CLI's watch run as a subprocess with ndjson events read as
// they come, waits for an expected event with a timeout (never a fixed sleep), and its metrics.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import type { Report } from '../../src/types.js';
import { childEnv, CLI } from './cli.js';

export interface Event {
  type: string;
  code?: string;
  file?: string;
  line?: number;
  text?: string;
  report?: Report;
}

export const WAIT_MS = 10_000;
/** Children to kill after each test (a test that times out never reaches its own clean-up). */
export const running: Array<{ kill(): void }> = [];

export class WatchRun {
  readonly events: Event[] = [];
  stderr = '';
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly exited: Promise<number | null>;
  private waiters: Array<() => void> = [];

  constructor(args: string[], cwd: string) {
    this.child = spawn(process.execPath, [CLI, 'watch', '--format', 'ndjson', ...args], { cwd, env: childEnv() });
    let buffered = '';
    this.child.stdout.on('data', (data: Buffer) => {
      buffered += data.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (line) this.events.push(JSON.parse(line) as Event);
      this.wake();
    });
    this.child.stderr.on('data', (data: Buffer) => {
      this.stderr += data.toString('utf8');
      this.wake();
    });
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
    running.push(this);
  }

  private wake(): void {
    for (const w of this.waiters) w();
  }

  /** Waits until `test` holds, or fails after WAIT_MS with what was seen. */
  async until(what: string, test: () => boolean): Promise<void> {
    if (test()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; events: ${JSON.stringify(this.events)} stderr: ${this.stderr}`)), WAIT_MS);
      const check = (): void => {
        if (test()) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== check);
          resolve();
        }
      };
      this.waiters.push(check);
    });
  }

  ready(): Promise<void> {
    return this.until('ready', () => this.events.some((e) => e.type === 'ready'));
  }

  hits(): Array<[string, string, number]> {
    return this.events.filter((e) => e.type === 'hit').map((e) => [e.file!, e.code!, e.line!]);
  }

  untilHits(count: number): Promise<void> {
    return this.until(`${count} hits`, () => this.hits().length >= count);
  }

  /** SIGINT; gives the exit code and the summary report. */
  async interrupt(signal: NodeJS.Signals = 'SIGINT'): Promise<{ code: number | null; report: Report }> {
    this.child.kill(signal);
    const code = await this.exited;
    const summary = this.events.find((e) => e.type === 'summary');
    if (!summary) throw new Error(`no summary; stderr: ${this.stderr}`);
    return { code, report: summary.report! };
  }

  /** Waits for the program to end by itself (a start-up refusal), or fails after WAIT_MS. */
  async exitByItself(): Promise<number | null> {
    let timer!: NodeJS.Timeout;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still running after ${WAIT_MS} ms; events: ${JSON.stringify(this.events)} stderr: ${this.stderr}`)), WAIT_MS);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The paths of the files the program holds open (Linux: /proc/PID/fd). */
  openFiles(): string[] {
    const fds = `/proc/${this.child.pid}/fd`;
    return readdirSync(fds).flatMap((fd) => {
      try {
        return [readlinkSync(join(fds, fd))];
      } catch {
        return []; // closed while listed
      }
    });
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

/** The port of the metrics address the run printed (`cti-logscan: metrics: http://HOST:PORT/metrics`). */
export function metricsPort(run: WatchRun): number {
  return Number(/cti-logscan: metrics: http:\/\/\S+:(\d+)\/metrics/.exec(run.stderr)?.[1]);
}

export function scrape(port: number, host = '127.0.0.1'): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    get({ host, port, path: '/metrics' }, (response) => {
      let text = '';
      response.on('data', (d: Buffer) => (text += d.toString()));
      response.on('end', () => resolve(text));
    }).on('error', reject);
  });
}

/** Scrapes until a metric reaches a value (the watcher's own report that it read something). */
export async function waitForMetric(port: number, name: string, value: number): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const m = new RegExp(`^${name} (\\d+)`, 'm').exec(await scrape(port));
    if (m && Number(m[1]) >= value) return;
    if (Date.now() > deadline) throw new Error(`${name} never reached ${value}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Waits until `test` holds (looked at every 10 ms: a file has no event to hear), or fails after WAIT_MS. */
export async function waitFor(what: string, test: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

