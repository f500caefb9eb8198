// Progress for long CLI work: a redrawn bar on a terminal, plain lines when piped, nothing with --json
// (scripts read the final JSON document from stdout; progress never goes there). Notes and lines carry
// file names, URLs and messages from input, so they are made printable here.

/**
 * Text that came from input (titles, URLs, paths, error messages that quote them), made safe to print:
 * control characters, which a terminal would obey (ESC sequences can rewrite the screen or the title bar,
 * CR can overwrite a line), and bidirectional overrides are shown as \u escapes instead.
 */
export function printable(text: unknown): string {
  return String(text).replace(
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export interface ProgressCounts {
  done: number;
  failed: number;
  total: number;
}

export interface Progress {
  update(counts: ProgressCounts, note?: string): void;
  line(text: string): void;
  finish(): void;
}

export function createProgress(label: string, mode: 'tty' | 'lines' | 'silent'): Progress {
  const out = process.stderr;
  let lastLine = 0;
  let lastText = '';
  const start = Date.now();
  const render = (c: ProgressCounts, rawNote?: string) => {
    const note = rawNote === undefined ? undefined : printable(rawNote);
    const finished = c.done + c.failed;
    const rate = finished / Math.max((Date.now() - start) / 1000, 0.001);
    const pct = c.total > 0 ? Math.min(finished / c.total, 1) : 0;
    if (mode === 'tty') {
      const width = 28;
      const fill = Math.round(pct * width);
      const bar = '█'.repeat(fill) + '░'.repeat(width - fill);
      const text = `${label} ${bar} ${finished}/${c.total} · ${c.failed} failed · ${rate.toFixed(1)}/s${note ? ` · ${note}` : ''}`;
      out.write(`\r\x1b[2K${text.slice(0, (out.columns || 120) - 1)}`);
      lastText = text;
    } else if (mode === 'lines') {
      // One line every 2 s at most, so a log of a 100k-item ingest stays readable.
      if (Date.now() - lastLine < 2000 && (c.total === 0 || finished < c.total)) return;
      lastLine = Date.now();
      out.write(
        `${label}: ${finished}/${c.total} done, ${c.failed} failed, ${rate.toFixed(1)}/s${note ? `, ${note}` : ''}\n`,
      );
    }
  };
  return {
    update: render,
    line(text) {
      if (mode === 'silent') return;
      if (mode === 'tty' && lastText) out.write('\r\x1b[2K');
      out.write(`${printable(text)}\n`);
      if (mode === 'tty' && lastText) out.write(lastText);
    },
    finish() {
      if (mode === 'tty' && lastText) out.write('\n');
    },
  };
}

export function progressMode(json: boolean): 'tty' | 'lines' | 'silent' {
  if (json) return 'silent';
  return process.stderr.isTTY ? 'tty' : 'lines';
}
