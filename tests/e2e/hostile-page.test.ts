import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBrowserAppWithChromium } from '../helpers/browser-app';

const setup = useBrowserAppWithChromium();

/** A web page the teacher happens to open, on another origin, that tries to reach the app. */
let hostile: http.Server;
let hostileUrl: string;
beforeAll(async () => {
  hostile = http.createServer((_request, response) => {
    const app = setup.app.server.url.replace(/\/$/, '');
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(`<!doctype html><title>Free worksheets</title>
      <iframe id="framed" src="${app}/" width="800" height="600"></iframe>
      <iframe name="sink"></iframe>
      <form id="csrf" method="POST" action="${app}/api/invoke/session:start" enctype="text/plain" target="sink">
        <input name='[{"mimeType":"video/webm;codecs=h264,opus","hasAudio":true,"title":"' value='"}]'>
      </form>
      <script>
        window.results = {};
        document.getElementById('csrf').submit();
        fetch('${app}/api/invoke/session:start', { method: 'POST', mode: 'no-cors', body: '[]' }).then(() => (window.results.noCors = 'sent'), (e) => (window.results.noCors = String(e)));
        fetch('${app}/api/invoke/app:get-state', { method: 'POST', headers: { 'x-classroom-recorder': '1' }, body: '[]' })
          .then((r) => r.text()).then((t) => (window.results.withHeader = t), (e) => (window.results.withHeader = 'blocked'));
      </script>`);
  });
  await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', () => resolve()));
  hostileUrl = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  hostile?.closeAllConnections();
  await new Promise((resolve) => hostile?.close(resolve));
});

describe('a hostile web page, in the same browser as the app', () => {
  it('cannot frame the app, start a lesson, or read the API, whatever it sends', async () => {
    const page = await setup.browser.context.newPage();
    const refused: string[] = [];
    page.on('response', (response) => {
      if (response.url().startsWith(setup.app.server.url) && response.status() >= 400) refused.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    await page.goto(hostileUrl);
    await expect.poll(() => page.evaluate('window.results.withHeader'), { timeout: 10_000 }).toBe('blocked');
    await page.waitForTimeout(1000);
    // The framed app shows nothing of the app: the browser refused to render it (frame-ancestors, X-Frame-Options).
    const framed = page.frames().find((frame) => frame.name() !== 'sink' && frame !== page.mainFrame())!;
    expect(framed.url()).toMatch(/^chrome-error:/);
    expect(await framed.getByRole('button', { name: 'Record' }).count()).toBe(0);
    // Nothing was started, nothing was read.
    const state = await setup.app.service.getState();
    expect(state.activeSessions).toEqual([]);
    console.log(`[hostile page] refused: ${refused.join(', ')}`);
    expect(refused.some((line) => line.startsWith('403 /api/invoke/session:start'))).toBe(true);
    await page.close();
  });

  it('cannot send the teacher to the app with a link or a pop-up: the app opens only from its own address', async () => {
    const page = await setup.browser.context.newPage();
    await page.goto(hostileUrl);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === setup.app.server.url),
      page.evaluate(`location.href = ${JSON.stringify(setup.app.server.url)}`),
    ]);
    expect(response.status()).toBe(403);
    await page.waitForLoadState();
    expect(await page.getByRole('button', { name: 'Record' }).count()).toBe(0);
    await page.close();
    // Typed or bookmarked, it opens as always.
    const typed = await setup.browser.context.newPage();
    await typed.goto(setup.app.server.url);
    await typed.getByRole('button', { name: 'Record' }).waitFor();
    await typed.close();
  });
});
