// Reporter helpers for plain text: takes strings, counts and a width and gives them measured, cut,
// wrapped, counted in words, painted with ANSI SGR colours, or with control characters made harmless.

/** C0 and C1 controls: in a path, a message or a user's input they could break a line or drive the terminal. */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

export const ELLIPSIS = '…';

// Plain SGR parameters: a handful of colours is not worth a dependency.
export const SGR = { bold: '1', underline: '4', red: '31', green: '32' } as const;
export type Style = readonly (keyof typeof SGR)[];

const BYTES_PER_MB = 1024 * 1024;

/** Each control character shown as `?`, nothing else changed (white space at the ends is kept). */
export function replaceControls(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '?');
}

/** Columns a string takes: one per code point (descriptions and codes are ASCII; paths may not be). */
export function visibleWidth(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Cut to at most `width` columns, marking the cut with an ellipsis. */
export function cutText(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 0) return '';
  return chars.slice(0, width - 1).join('') + ELLIPSIS;
}

/** Cut to at most `width` columns in the middle, keeping both ends: "cucmpub/…/SDL001_200". */
export function cutMiddle(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 1) return width === 1 ? ELLIPSIS : '';
  const tail = Math.ceil((width - 1) / 2);
  const head = width - 1 - tail;
  return chars.slice(0, head).join('') + ELLIPSIS + chars.slice(chars.length - tail).join('');
}

/**
 * Joins units (words, or phrases that must not split) with spaces, wrapping between units rather
 * than cutting, each continuation line starting with `indent`. A unit wider than the width is the
 * only thing cut; with no width (not a terminal) it is one line.
 */
export function wrapUnits(units: readonly string[], width: number | null, indent: string): string[] {
  if (width === null) return [units.join(' ')];
  const lines: string[] = [];
  let current = '';
  for (const unit of units) {
    const candidate = current === '' ? unit : `${current} ${unit}`;
    if (current !== '' && visibleWidth(candidate) > width) {
      lines.push(current);
      current = indent + unit;
    } else {
      current = candidate;
    }
  }
  lines.push(current);
  return lines.map((line) => cutText(line, width));
}

/** "1 file", "2 files". */
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** "1.5 MB" from a mebibyte up, else "20.0 KB". */
export function formatSize(bytes: number): string {
  return bytes >= BYTES_PER_MB ? `${(bytes / BYTES_PER_MB).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** The text in its style when `color`; without a style, or empty, it stays plain (no empty escape pairs). */
export function paint(text: string, style: Style | undefined, color: boolean): string {
  return color && style && style.length > 0 && text !== '' ? `\x1b[${style.map((s) => SGR[s]).join(';')}m${text}\x1b[0m` : text;
}
