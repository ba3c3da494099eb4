import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useBrowserAppWithChromium } from '../helpers/browser-app';

const setup = useBrowserAppWithChromium();

/** What has the keyboard focus, and whether it is drawn with a visible outline. */
function focused(page: import('playwright-core').Page) {
  // A string: this code runs in the page, and the tests are type-checked without the DOM library.
  return page.evaluate<{ id: string; text: string; outline: string }>(`(() => {
    const element = document.activeElement;
    const style = element ? getComputedStyle(element) : undefined;
    return {
      id: element?.id ?? '',
      text: element?.textContent?.trim() ?? '',
      outline: style ? style.outlineStyle + ' ' + style.outlineWidth : '',
    };
  })()`);
}

describe('a lesson recorded with the keyboard alone', () => {
  it('Tab to the title, type, Tab and Enter to Record, Enter on Stop saves the lesson; focus is always visible', async () => {
    const page = await setup.browser.context.newPage();
    await page.goto(setup.app.server.url);
    await expect.poll(() => page.getByRole('button', { name: 'Record', exact: true }).isEnabled(), { timeout: 20_000 }).toBe(true);

    let presses = 0;
    while ((await focused(page)).id !== 'lesson-title') {
      expect(++presses, 'the title is reachable with Tab').toBeLessThan(40);
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type('Keyboard lesson');
    await page.keyboard.press('Tab');
    const onRecord = await focused(page);
    expect(onRecord.text).toBe('Record');
    expect(onRecord.outline).toBe('solid 3px');

    await page.keyboard.press('Enter');
    // Focus moves to Stop as the lesson starts, so the next Enter stops it.
    await expect.poll(async () => (await focused(page)).text, { timeout: 10_000 }).toBe('Stop');
    expect((await focused(page)).outline).toBe('solid 3px');
    await page.waitForTimeout(2000);
    await page.keyboard.press('Enter');

    await expect.poll(async () => (await focused(page)).text, { timeout: 60_000 }).toBe('Show in folder');
    const mp4s = (await fs.readdir(setup.app.saveFolder)).filter((name) => name.startsWith('Keyboard lesson') && name.endsWith('.mp4'));
    expect(mp4s).toHaveLength(1);
    await page.close();
  });
});
