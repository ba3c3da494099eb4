import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from '../../helpers/chromium';

/**
 * A headless Chromium whose page can really be hidden, the way a minimized window is: another tab is
 * brought to the front of its window. Chromium then reports the page 'hidden', stops its animation
 * frames and throttles its timers to one a second.
 *
 * Playwright cannot do this on a page it drives: it keeps every page it is attached to visible (its
 * focus emulation counts as a capture of the page) and opens new pages in new windows. So this Chromium
 * is started here, with a debugging port, and Playwright connects over CDP only to click; while the page
 * is hidden, Playwright is disconnected and the tab is opened and closed through the port's HTTP API.
 */
export class HideableChromium {
  private browser: Browser | undefined;

  private constructor(
    private readonly process: ChildProcess,
    private readonly port: number,
    private readonly userDataDir: string,
  ) {}

  static async launch(url: string, extraArgs: string[] = []): Promise<HideableChromium> {
    const userDataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-chromium-hideable-'));
    const child = spawn(
      CHROMIUM_PATH,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--window-size=1200,800',
        '--use-fake-ui-for-media-stream',
        '--auto-select-desktop-capture-source=Entire screen',
        '--remote-debugging-port=0',
        `--user-data-dir=${userDataDir}`,
        ...extraArgs,
        url,
      ],
      { stdio: 'ignore' },
    );
    const portFile = path.join(userDataDir, 'DevToolsActivePort');
    for (let waited = 0; ; waited += 100) {
      const text = await fs.readFile(portFile, 'utf8').catch(() => '');
      const port = Number(text.split('\n')[0]);
      if (port > 0) return new HideableChromium(child, port, userDataDir);
      if (waited > 15_000) throw new Error('Chromium did not open its debugging port.');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Connects Playwright and answers the page showing `url`. */
  async attach(url: string): Promise<Page> {
    // Two fresh-clone CI runs of five saw Playwright's CDP handshake hang after the socket connected
    // (30 s, cause unknown, the page loading at the time): the connection, not the app, is tried again.
    this.browser = await chromium.connectOverCDP(`http://127.0.0.1:${this.port}`, { timeout: 30_000 }).catch((error: unknown) => {
      console.warn(`[hideable-chromium] CDP connect failed once (${String(error).split('\n')[0]}); trying again`);
      return chromium.connectOverCDP(`http://127.0.0.1:${this.port}`, { timeout: 30_000 });
    });
    for (let waited = 0; waited < 15_000; waited += 100) {
      const page = this.browser
        .contexts()[0]
        ?.pages()
        .find((p) => p.url().startsWith(url));
      if (page) return page;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`No page at ${url}.`);
  }

  /** Disconnects Playwright (the browser and its pages go on). */
  async detach(): Promise<void> {
    await this.browser?.close();
    this.browser = undefined;
  }

  /** Opens a blank tab in front of the page (hiding it); answers its id for `closeTab`. */
  async openTabInFront(): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${this.port}/json/new?about:blank`, { method: 'PUT' });
    return ((await response.json()) as { id: string }).id;
  }

  async closeTab(id: string): Promise<void> {
    await fetch(`http://127.0.0.1:${this.port}/json/close/${id}`);
  }

  async close(): Promise<void> {
    await this.detach().catch(() => undefined);
    this.process.kill();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await fs.rm(this.userDataDir, { recursive: true, force: true });
  }
}
