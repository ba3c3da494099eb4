import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium with fake camera, microphone and screen (see README "Tests"). */
export async function launchChromium(
  options: { extraArgs?: string[]; denyMedia?: boolean } = {},
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
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
  return {
    context,
    close: async () => {
      await context.close();
      await fs.rm(userDataDir, { recursive: true, force: true });
    },
  };
}
