// Input stage, where a trace came from by its path: the node folder of an RTMT download,
// `<node>/<YYYY-MM-DD_HH-MM-SS>/cm/trace/...`, also inside a zip (`rtmt.zip!cucmpub/2026-…/…`).

const DOWNLOAD_TIME = /^\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d$/;

/** The node an RTMT download's layout puts a file under, or null. */
export function nodeFromPath(display: string): string | null {
  const parts = display.split(/[\\/!]/);
  for (let i = parts.length - 2; i >= 1; i--) {
    const node = parts[i - 1];
    if (DOWNLOAD_TIME.test(parts[i]) && node !== '' && node !== '.' && node !== '..') return node;
  }
  return null;
}
