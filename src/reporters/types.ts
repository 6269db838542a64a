// Reporter stage: the shared types, a leaf module. Takes nothing from the other reporters and gives
// them, the registry and the CLI the shape of a reporter and of the context it renders in.

import type { Report } from '../types.js';

export interface RenderContext {
  /** Emit ANSI SGR colour sequences. */
  color: boolean;
  /** Terminal columns; null when the output is not a terminal (then nothing is cut). */
  width: number | null;
  /**
   * The terminal's locale is UTF-8: the table draws trends with block elements (`▁▂▃▄▅▆▇█`), else
   * in ASCII (` .:-=+*#`). Absent: UTF-8. Markdown is for browsers and always draws blocks.
   */
  unicode?: boolean;
}

/** A reporter is pure: the text for a report, which the CLI alone writes. */
export type Reporter = (report: Report, ctx: RenderContext) => string;
