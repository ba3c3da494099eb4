import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The last lines each page wrote to its console, for a failing test to show what the page saw. */
const consoleLogs = new WeakMap<Page, string[]>();
const CONSOLE_LINES_KEPT = 40;

/** What `page` last wrote to its console (the recorder logs its stalls and heals there). */
export function consoleLogOf(page: Page): string {
  return (consoleLogs.get(page) ?? []).join('\n');
}

/** Debian's Chromium with fake camera, microphone and screen (see README "Tests"). */
export async function launchChromium(
  options: { extraArgs?: string[]; denyMedia?: boolean } = {},
): Promise<{ context: BrowserContext; userDataDir: string; close: () => Promise<void> }> {
  const userDataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1200, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      // `denyMedia`: every camera/microphone request is refused, as when a teacher clicked Block.
      options.denyMedia ? '--deny-permission-prompts' : '--use-fake-ui-for-media-stream',
      '--auto-select-desktop-capture-source=Entire screen',
      // As the app's window sets autoplayPolicy (main/electron/window-policy.ts): a page reloaded after a
      // crash restarts its AudioContext without a click.
      '--autoplay-policy=no-user-gesture-required',
      ...(options.extraArgs ?? []),
    ],
  });
  context.on('console', (message) => {
    const page = message.page();
    if (!page) return;
    const log = consoleLogs.get(page) ?? [];
    log.push(`${message.type()}: ${message.text()}`);
    if (log.length > CONSOLE_LINES_KEPT) log.shift();
    consoleLogs.set(page, log);
  });
  return {
    context,
    userDataDir,
    close: async () => {
      await context.close();
      await fs.rm(userDataDir, { recursive: true, force: true });
    },
  };
}
