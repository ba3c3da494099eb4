import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectBridge } from '../../main/browser-mode/browser-server';
import { startBrowserApp, type BrowserApp } from '../helpers/browser-app';

let app: BrowserApp;
let port: number;

beforeAll(async () => {
  app = await startBrowserApp();
  port = Number(new URL(app.server.url).port);
});
afterAll(async () => app?.close());

/** A raw request, so the Host header can be forged (fetch will not let us). */
function request(options: { path: string; method?: string; host?: string; headers?: Record<string, string>; body?: Buffer | string }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? `localhost:${port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (data) => (body += data));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const BRIDGE = { 'x-classroom-recorder': '1', 'content-type': 'application/json' };

describe('browser mode serves the app and the contract to localhost only', () => {
  it('serves the renderer with the bridge loaded before the app', async () => {
    const page = await request({ path: '/' });
    expect(page.status).toBe(200);
    expect(page.body.indexOf('browser-bridge.js')).toBeGreaterThan(0);
    expect(page.body.indexOf('browser-bridge.js')).toBeLessThan(page.body.indexOf('app.js'));
    expect(injectBridge('<script src="./app.js" defer></script>')).toContain('<script src="./browser-bridge.js"></script>');
  });

  it('answers an invoke with a Result', async () => {
    const reply = await request({ path: '/api/invoke/app:get-state', method: 'POST', headers: BRIDGE, body: '[]' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { settings: { saveFolder: app.saveFolder } } });
  });

  it('refuses other hosts (DNS rebinding), missing bridge header (CSRF), traversal and unknown channels', async () => {
    expect((await request({ path: '/', host: 'evil.example:80' })).status).toBe(421);
    expect((await request({ path: '/api/invoke/app:get-state', method: 'POST', body: '[]' })).status).toBe(403);
    expect((await request({ path: '/../package.json' })).status).toBe(404);
    expect((await request({ path: '/%2e%2e/package.json' })).status).toBe(404);
    const unknown = await request({ path: '/api/invoke/fs:read', method: 'POST', headers: BRIDGE, body: '[]' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const notJson = await request({ path: '/api/invoke/app:get-state', method: 'POST', headers: BRIDGE, body: '{' });
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('carries chunks through the same validation as IPC', async () => {
    const chunk = await request({
      path: '/api/chunk/not-a-session/abc',
      method: 'POST',
      headers: { 'x-classroom-recorder': '1', 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(10),
    });
    expect(JSON.parse(chunk.body)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});
