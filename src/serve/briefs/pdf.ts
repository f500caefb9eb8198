import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

// Briefs are printed by one shared headless Chromium, driven through playwright-core. A brief is written by
// an analyst but may point anywhere, so the printer treats its page as untrusted: the page is served from
// memory under a CSP that loads nothing, and every request it would make (images, styles, fonts, frames,
// redirects) is aborted, so printing can never be a way around the collector's SSRF policy. Remote images
// are not fetched through that policy either: a printed brief shows them as text (render.ts), which also
// carries the CSP in the page itself. Prints share the browser a few pages at a time; the rest wait in a
// bounded queue, and past it the caller is told to come back later.

export class PdfUnavailableError extends Error {
  override name = 'PdfUnavailableError';
}

/** Too many prints at once: the caller should retry after `retryAfterSeconds`. */
export class PdfBusyError extends Error {
  override name = 'PdfBusyError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export class PdfTimeoutError extends Error {
  override name = 'PdfTimeoutError';
}

/** Where headless Chromium is: CHROMIUM_PATH, else Debian's package. */
export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface PrinterLimits {
  /** Pages printing at once (each is a renderer process). */
  pages: number;
  /** Prints waiting for a page; one more is refused with PdfBusyError. */
  queue: number;
  /** Longest wait in the queue, and separately longest print, in milliseconds. */
  timeoutMs: number;
  /** The browser closes after this long with nothing to print. */
  idleMs: number;
}

export const PRINTER_LIMITS: PrinterLimits = { pages: 2, queue: 8, timeoutMs: 30_000, idleMs: 30_000 };

const LAUNCH_TIMEOUT_MS = 30_000;

/** The printed page may load nothing but inline styles and data: images. */
export const PRINT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/** Where the printed page is served from memory; the .invalid name can never resolve. */
const PAGE_URL = 'https://brief.invalid/';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export class PdfPrinter {
  #browser: Promise<Browser> | null = null;
  #printing = 0;
  #waiting: Array<() => void> = [];
  #idle: NodeJS.Timeout | null = null;
  // Playwright's own SIGINT handler exits the process, which would cut `serve`'s orderly shutdown short; this
  // one only closes the browser (and passes the signal on when nothing else listens for it).
  // It runs first (prepended), so the others, such as serve's once-listener, are still there to be counted.
  readonly #onSigint = () => {
    const alone = process.listenerCount('SIGINT') === 1;
    process.off('SIGINT', this.#onSigint);
    void this.close().finally(() => alone && process.kill(process.pid, 'SIGINT'));
  };

  constructor(readonly limits: PrinterLimits = PRINTER_LIMITS) {}

  /** Prints a standalone HTML page to PDF. Nothing the page refers to is fetched. */
  async print(html: string): Promise<Buffer> {
    await this.#slot();
    try {
      return await this.#render(html);
    } finally {
      this.#release();
    }
  }

  /** Closes the browser now; the next print starts a new one. */
  async close(): Promise<void> {
    this.#stopIdleTimer();
    const browser = this.#browser;
    this.#browser = null;
    process.off('SIGINT', this.#onSigint);
    await browser?.then((b) => b.close()).catch(() => undefined);
  }

  async #slot(): Promise<void> {
    this.#stopIdleTimer();
    if (this.#printing < this.limits.pages) {
      this.#printing++;
      return;
    }
    if (this.#waiting.length >= this.limits.queue) throw this.#busy('the queue is full');
    await new Promise<void>((resolve, reject) => {
      const turn = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiting.splice(this.#waiting.indexOf(turn), 1);
        reject(this.#busy('waited too long'));
      }, this.limits.timeoutMs);
      this.#waiting.push(turn);
    });
  }

  #release(): void {
    const next = this.#waiting.shift();
    // The slot passes straight to the next in line, so the count never dips and lets a newcomer jump ahead.
    if (next) return next();
    this.#printing--;
    if (this.#printing === 0 && this.#browser) {
      this.#idle = setTimeout(() => void this.close(), this.limits.idleMs);
      this.#idle.unref();
    }
  }

  #stopIdleTimer(): void {
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = null;
  }

  #busy(why: string): PdfBusyError {
    const seconds = Math.max(1, Math.ceil(this.limits.timeoutMs / 1000 / 2));
    return new PdfBusyError(
      `The PDF printer is busy (${this.#printing} printing, ${this.#waiting.length} waiting; ${why}): try again in ${seconds} s.`,
      seconds,
    );
  }

  #launch(): Promise<Browser> {
    if (this.#browser) return this.#browser;
    const path = chromiumPath();
    if (!existsSync(path)) {
      throw new PdfUnavailableError(
        `PDF export needs headless Chromium at ${path}: install Debian's chromium package or set CHROMIUM_PATH.`,
      );
    }
    const launching = chromium
      .launch({
        executablePath: path,
        args: CHROMIUM_ARGS,
        timeout: LAUNCH_TIMEOUT_MS,
        handleSIGINT: false,
      })
      .then((browser) => {
        // A crashed or killed browser is forgotten, so the next print starts a fresh one.
        browser.on('disconnected', () => {
          if (this.#browser === launching) this.#browser = null;
          process.off('SIGINT', this.#onSigint);
        });
        process.prependListener('SIGINT', this.#onSigint);
        return browser;
      })
      .catch((err: unknown) => {
        if (this.#browser === launching) this.#browser = null;
        throw new PdfUnavailableError(
          `Headless Chromium at ${path} did not start: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
        );
      });
    this.#browser = launching;
    return launching;
  }

  async #render(html: string): Promise<Buffer> {
    const browser = await this.#launch();
    const context = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: 'block' });
    try {
      // Routed for the whole context before any page exists: the one request answered is the brief itself,
      // from memory and under the printer's own CSP (which also stops what routing does not see, such as
      // <link rel=prefetch>); every other request is aborted.
      await context.route('**/*', (route) =>
        route.request().url() === PAGE_URL && route.request().isNavigationRequest()
          ? route.fulfill({
              contentType: 'text/html; charset=utf-8',
              headers: { 'Content-Security-Policy': PRINT_CSP },
              body: html,
            })
          : route.abort('blockedbyclient'),
      );
      const printing = (async () => {
        const page = await context.newPage();
        await page.goto(PAGE_URL, { waitUntil: 'load' });
        return page.pdf({ format: 'A4', margin: { top: '1.5cm', bottom: '1.5cm' } });
      })();
      return await deadline(printing, this.limits.timeoutMs);
    } finally {
      // Closing the context ends a print cut off by the deadline too.
      await context.close().catch(() => undefined);
    }
  }
}

/** `work`, or PdfTimeoutError after `ms`; `work` is left to fail quietly once its context closes. */
function deadline<T>(work: Promise<T>, ms: number): Promise<T> {
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new PdfTimeoutError(`The PDF took longer than ${ms} ms to print.`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The printer the server uses. */
export const pdfPrinter = new PdfPrinter();

export const printPdf = (html: string): Promise<Buffer> => pdfPrinter.print(html);
