import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export class PdfUnavailableError extends Error {
  override name = 'PdfUnavailableError';
}

/** Where headless Chromium is: CHROMIUM_PATH, else Debian's package. */
export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Prints a standalone HTML page to PDF with headless Chromium. The page is a local file with no network
 * needed: Chromium starts with background networking off and a throwaway profile.
 */
export async function printPdf(html: string, timeoutMs = 60_000): Promise<Buffer> {
  const chromium = chromiumPath();
  if (!existsSync(chromium)) {
    throw new PdfUnavailableError(
      `PDF export needs headless Chromium at ${chromium}: install Debian's chromium package or set CHROMIUM_PATH.`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'wf-pdf-'));
  try {
    const page = join(dir, 'brief.html');
    const out = join(dir, 'brief.pdf');
    writeFileSync(page, html);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        chromium,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          `--user-data-dir=${join(dir, 'profile')}`,
          '--no-pdf-header-footer',
          `--print-to-pdf=${out}`,
          pathToFileURL(page).href,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        if (existsSync(out)) resolve();
        else
          reject(
            new Error(
              `Chromium printed no PDF (exit ${code}): ${err.trim().split('\n').slice(-3).join(' ')}`,
            ),
          );
      });
    });
    return readFileSync(join(dir, 'brief.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
