// Live stage, Prometheus metrics for watch (--metrics PORT): hits and last-seen times by code, and the
// scanner's health (files followed, bytes read, rotations, truncations, read errors), served on
// 127.0.0.1 only: a log scanner has no business listening on other interfaces.

import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Registry } from 'prom-client';

export interface WatchMetrics {
  hit(code: string, epochSeconds: number | null): void;
  bytesRead(bytes: number): void;
  rotation(): void;
  truncation(): void;
  readError(): void;
  filesFollowed(count: number): void;
  render(): Promise<string>;
  readonly contentType: string;
}

export function createWatchMetrics(): WatchMetrics {
  // A registry of our own: nothing global, so tests and embedders do not collide.
  const registry = new Registry();
  const hits = new Counter({ name: 'cti_logscan_hits_total', help: 'Lines with a hit, by CTI error code', labelNames: ['code'], registers: [registry] });
  const lastSeen = new Gauge({ name: 'cti_logscan_last_seen_timestamp_seconds', help: 'Time of the latest hit of a code (from the log line; seconds since the epoch)', labelNames: ['code'], registers: [registry] });
  const followed = new Gauge({ name: 'cti_logscan_files_followed', help: 'Files followed now', registers: [registry] });
  const bytes = new Counter({ name: 'cti_logscan_bytes_read_total', help: 'Bytes read from followed files', registers: [registry] });
  const rotations = new Counter({ name: 'cti_logscan_rotations_total', help: 'Files rotated (renamed, replaced or re-created)', registers: [registry] });
  const truncations = new Counter({ name: 'cti_logscan_truncations_total', help: 'Files truncated in place (copytruncate)', registers: [registry] });
  const readErrors = new Counter({ name: 'cti_logscan_read_errors_total', help: 'Problems reading a followed file', registers: [registry] });
  return {
    hit: (code, epochSeconds) => {
      hits.inc({ code });
      if (epochSeconds !== null) lastSeen.set({ code }, epochSeconds);
    },
    bytesRead: (n) => bytes.inc(n),
    rotation: () => rotations.inc(),
    truncation: () => truncations.inc(),
    readError: () => readErrors.inc(),
    filesFollowed: (count) => followed.set(count),
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}

/** Serves GET /metrics on 127.0.0.1:port (0: any free port); resolves with the port. */
export async function serveMetrics(metrics: WatchMetrics, port: number): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics\n');
      return;
    }
    metrics.render().then(
      (text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      (error: Error) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${error.message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
