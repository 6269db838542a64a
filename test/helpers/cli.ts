// Helpers for the CLI tests: run the BUILT program (dist/cli.js) as a subprocess, make real
// files in temporary directories, and compare output with golden files under test/golden/cli/.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Report } from '../../src/types.js';
import { expectGolden as expectGoldenIn } from './golden.js';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(REPO, 'dist', 'cli.js');
export const GOLDEN_DIR = join(REPO, 'test', 'golden', 'cli');
export const TIME_BIN = '/usr/bin/time';
export const SCRIPT_BIN = '/usr/bin/script';

export interface RunOptions {
  /** Written to the child's standard input, which is then closed (it is closed at once without). */
  input?: string | Buffer;
  /** Working directory; default: the repository root. */
  cwd?: string;
  /** Added to the environment (TZ=UTC always; NO_COLOR and FORCE_COLOR removed unless given here). */
  env?: Record<string, string>;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment every run gets: the parent's, TZ=UTC, no colour overrides. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return { ...env, TZ: 'UTC', ...extra };
}

/** Runs any command with standard input piped (and closed after `input`), gathering its output. */
export function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? REPO,
      env: childEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    // A child that exits without reading its input must not fail the test with EPIPE.
    child.stdin.on('error', () => {});
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
    child.on('close', (code, signal) => {
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Runs `node dist/cli.js ...args` (no shell: globs reach the program literally). */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return runCommand(process.execPath, [CLI, ...args], options);
}

/** Runs the CLI under /usr/bin/time -f %M; gives the result and the peak RSS in KiB. */
export async function runCliMeasured(args: readonly string[], options: RunOptions = {}): Promise<RunResult & { maxRssKiB: number }> {
  const marker = 'MAXRSS=';
  const result = await runCommand(TIME_BIN, ['-f', `${marker}%M`, process.execPath, CLI, ...args], options);
  const lines = result.stderr.split('\n');
  const at = lines.findIndex((l) => l.startsWith(marker));
  if (at < 0) throw new Error(`no ${marker} line in stderr:\n${result.stderr}`);
  const maxRssKiB = Number(lines[at].slice(marker.length));
  // /usr/bin/time also says "Command exited with non-zero status N": not the program's output.
  const stderr = lines.filter((l, i) => i !== at && !l.startsWith('Command exited with non-zero status')).join('\n');
  return { ...result, stderr, maxRssKiB };
}

/** Runs with --format json and checks what every JSON run must hold: exitCode = the exit code, no stack trace. */
export async function runJson(args: readonly string[], options: RunOptions = {}): Promise<{ result: RunResult; report: Report }> {
  const result = await runCli(['--format', 'json', ...args], options);
  const report = parseReport(result.stdout);
  expect(report.exitCode).toBe(result.code);
  expect(result.stderr).not.toMatch(STACK_TRACE);
  return { result, report };
}

/** Hit lines per code of a report. */
export const counts = (report: Report): Record<string, number> => Object.fromEntries(report.codes.map((c) => [c.code, c.count]));

/** The JSON report of a run (stdout), failing the test with the output when it is not JSON. */
export function parseReport(stdout: string): Report {
  try {
    return JSON.parse(stdout) as Report;
  } catch {
    throw new Error(`stdout is not a JSON report:\n${stdout.slice(0, 2000)}`);
  }
}

export interface HitEvent {
  type: 'hit';
  code: string;
  value: string | null;
  file: string;
  line: number;
  time: string | null;
  text: string;
}

/** Splits ndjson output into hit events and the summary report (which must come last, once). */
export function parseNdjson(stdout: string): { hits: HitEvent[]; summary: Report } {
  expect(stdout.endsWith('\n')).toBe(true);
  const events = stdout
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; report?: Report });
  const summaries = events.filter((e) => e.type === 'summary');
  expect(summaries).toHaveLength(1);
  expect(events[events.length - 1].type).toBe('summary');
  const hits = events.slice(0, -1) as unknown as HitEvent[];
  for (const hit of hits) expect(hit.type).toBe('hit');
  return { hits, summary: summaries[0].report as Report };
}

/** Temporary directories, removed by `cleanup` (call it in afterAll). */
export class TempDirs {
  private readonly dirs: string[] = [];

  make(prefix = 'cti-logscan-cli-'): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.dirs.push(dir);
    return dir;
  }

  cleanup(): void {
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes a file, creating its directory. */
export function writeFile(path: string, content: string | Buffer): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** Compares with test/golden/cli/<name>, or rewrites it when UPDATE_GOLDEN=1. */
export const expectGolden = (name: string, actual: string): void => expectGoldenIn('cli', name, actual);

/** A stack trace line as Node prints it ("    at fn (file:1:2)"), or Node's own crash banner. */
export const STACK_TRACE = /^\s+at .+|triggerUncaughtException|node:internal|^Node\.js v\d+/m;
export const ANSI = /\x1b\[[0-9;]*m/;

/** The lines of a text, without the empty string after its final newline. */
export function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
