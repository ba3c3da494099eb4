import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_HEADER, BRIDGE_TOKEN_META, browserRoutes, MAX_CHUNK_BYTES } from '../../../common/ipc-contract';
import { injectBridge } from '../../../main/browser-mode/browser-server';
import { startBrowserApp, type BrowserApp } from '../../helpers/browser-app';
import { H264_MIME } from '../../helpers/service';

let app: BrowserApp;
let port: number;

beforeAll(async () => {
  app = await startBrowserApp();
  port = Number(new URL(app.server.url).port);
});
afterAll(async () => app?.close());

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw request, so the Host and Sec-Fetch-* headers can be forged (fetch will not let us). */
function request(options: { path: string; method?: string; host?: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
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
        res.setEncoding('latin1');
        res.on('data', (data) => (body += data));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const withToken = () => ({ [BRIDGE_HEADER]: app.server.token, 'content-type': 'application/json' });

describe('browser mode serves the app and the contract to its own page only', () => {
  it('serves the renderer with its secret and the bridge loaded before the app, and lets no page frame it', async () => {
    const page = await request({ path: '/' });
    expect(page.status).toBe(200);
    expect(page.body.indexOf('browser-bridge.js')).toBeGreaterThan(0);
    expect(page.body.indexOf('browser-bridge.js')).toBeLessThan(page.body.indexOf('app.js'));
    expect(page.body).toContain(`<meta name="${BRIDGE_TOKEN_META}" content="${app.server.token}" />`);
    expect(app.server.token).toMatch(/^[0-9a-f]{64}$/);
    expect(injectBridge('<title>x</title><script src="./app.js" defer></script>', 'abc')).toContain('<script src="./browser-bridge.js"></script>');
    for (const reply of [page, await request({ path: '/app.js' }), await request({ path: '/api/invoke/app:get-state', method: 'POST', body: '[]' })]) {
      expect(reply.headers['x-frame-options']).toBe('DENY');
      expect(reply.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('answers an invoke with a Result when it carries the secret', async () => {
    const reply = await request({ path: '/api/invoke/app:get-state', method: 'POST', headers: withToken(), body: '[]' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { settings: { saveFolder: app.saveFolder } } });
  });

  it('refuses other hosts (DNS rebinding), callers without the secret or with the old constant header, other sites and origins', async () => {
    const getState = (headers: Record<string, string>, host?: string) =>
      request({ path: '/api/invoke/app:get-state', method: 'POST', headers, body: '[]', host });
    expect((await request({ path: '/', host: 'evil.example:80' })).status).toBe(421);
    expect((await getState({ 'content-type': 'application/json' })).status).toBe(403);
    // What any local process or page could send before: a constant header.
    expect((await getState({ [BRIDGE_HEADER]: '1', 'content-type': 'application/json' })).status).toBe(403);
    expect((await getState({ [BRIDGE_HEADER]: wrongToken(app.server.token), 'content-type': 'application/json' })).status).toBe(403);
    expect((await getState({ ...withToken(), 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await getState({ ...withToken(), 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await getState({ ...withToken(), origin: 'http://evil.example' })).status).toBe(403);
    expect((await getState({ ...withToken(), 'sec-fetch-site': 'same-origin', origin: `http://localhost:${port}` })).status).toBe(200);
    // The event stream takes the secret in its query (EventSource sends no headers).
    expect((await request({ path: '/api/events' })).status).toBe(403);
    expect((await request({ path: '/api/events?token=1' })).status).toBe(403);
  });

  it('serves a saved lesson to the page’s player in byte ranges, with the secret in the query, and nothing else', async () => {
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, index) => index % 251));
    await fs.mkdir(app.saveFolder, { recursive: true });
    await fs.writeFile(path.join(app.saveFolder, 'Player 2026-12-02 09-00.mp4'), bytes);
    const lessons = JSON.parse((await request({ path: '/api/invoke/lessons:list', method: 'POST', headers: withToken(), body: '[]' })).body) as {
      value: Array<{ lessonId: string; fileName: string }>;
    };
    const { lessonId } = lessons.value.find((lesson) => lesson.fileName.startsWith('Player'))!;
    const answer = JSON.parse(
      (await request({ path: '/api/invoke/lesson:media-url', method: 'POST', headers: withToken(), body: JSON.stringify([{ lessonId }]) })).body,
    ) as {
      value: string;
    };
    expect(answer.value).toBe(browserRoutes.lessonMedia(lessonId, app.server.token));
    const ranged = await request({ path: answer.value, headers: { range: 'bytes=2000-2009', 'sec-fetch-site': 'same-origin', 'sec-fetch-dest': 'video' } });
    expect([ranged.status, ranged.headers['content-range'], ranged.headers['content-type']]).toEqual([206, 'bytes 2000-2009/3000', 'video/mp4']);
    expect(Buffer.from(ranged.body, 'latin1').equals(bytes.subarray(2000, 2010))).toBe(true);
    expect(ranged.headers['cross-origin-resource-policy']).toBe('same-origin');
    // Without the secret, from another site, an id never given out, or a path where an id goes: refused.
    expect((await request({ path: browserRoutes.lessonMedia(lessonId, 'wrong') })).status).toBe(403);
    expect((await request({ path: answer.value, headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await request({ path: browserRoutes.lessonMedia('not-an-id', app.server.token) })).status).toBe(404);
    expect((await request({ path: browserRoutes.lessonMedia('../../etc/passwd', app.server.token) })).status).toBe(404);
    expect((await request({ path: answer.value, method: 'POST' })).status).toBe(405);
  });

  it('refuses traversal, unknown channels and bodies that are not JSON', async () => {
    expect((await request({ path: '/../package.json' })).status).toBe(404);
    expect((await request({ path: '/%2e%2e/package.json' })).status).toBe(404);
    const unknown = await request({ path: '/api/invoke/fs:read', method: 'POST', headers: withToken(), body: '[]' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const notJson = await request({ path: '/api/invoke/app:get-state', method: 'POST', headers: withToken(), body: '{' });
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const tooBig = await request({ path: '/api/invoke/app:get-state', method: 'POST', headers: withToken(), body: `[${' '.repeat(70_000)}]` });
    expect(tooBig.status).toBe(413);
  });

  it('checks a chunk’s session and size before reading its body, and carries good chunks through the same validation as IPC', async () => {
    const chunkHeaders = { [BRIDGE_HEADER]: app.server.token, 'content-type': 'application/octet-stream' };
    const noSession = await request({ path: '/api/chunk/not-a-session/1/abc', method: 'POST', headers: chunkHeaders, body: Buffer.alloc(10) });
    expect(noSession.status).toBe(404);
    const started = await app.service.startSession({ title: 'Bridge', mimeType: H264_MIME, hasAudio: true });
    const base = `/api/chunk/${started.sessionId}`;
    // Declared larger than any chunk: refused from the header alone.
    const huge = await request({ path: `${base}/1/0`, method: 'POST', headers: { ...chunkHeaders, 'content-length': String(MAX_CHUNK_BYTES + 1) } });
    expect(huge.status).toBe(413);
    const badSeq = await request({ path: `${base}/1/abc`, method: 'POST', headers: chunkHeaders, body: Buffer.alloc(10) });
    expect(JSON.parse(badSeq.body)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const staleRecorder = await request({ path: `${base}/2/0`, method: 'POST', headers: chunkHeaders, body: Buffer.alloc(10) });
    expect(JSON.parse(staleRecorder.body)).toMatchObject({ ok: false, error: { code: 'segment-closed' } });
    await app.service.stopSession(started.sessionId).catch(() => undefined);
  });

  it('keeps main’s memory flat under a flood of 16 MB uploads from a caller without the secret, and caps parallel calls', async () => {
    const before = process.memoryUsage().rss;
    const body = Buffer.alloc(MAX_CHUNK_BYTES, 1);
    const flood = await Promise.all(
      Array.from({ length: 12 }, () =>
        request({ path: '/api/chunk/00000000-0000-4000-8000-000000000000/1/0', method: 'POST', headers: { [BRIDGE_HEADER]: '1' }, body }).catch(() => ({
          status: 0,
        })),
      ),
    );
    expect(flood.every((reply) => reply.status === 403 || reply.status === 0)).toBe(true);
    const grewMb = (process.memoryUsage().rss - before) / 1024 / 1024;
    console.log(`[flood] 12 x 16 MB without the secret: main grew ${grewMb.toFixed(0)} MB`);
    // The test's own 16 MB buffer and sockets are in this process too; the bodies are never kept.
    expect(grewMb).toBeLessThan(100);

    const parallel = await Promise.all(
      Array.from({ length: 20 }, () => request({ path: '/api/invoke/lessons:list', method: 'POST', headers: withToken(), body: '[]' })),
    );
    const statuses = parallel.map((reply) => reply.status);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
  });
});

/** The secret with its last digit changed (always changed: replacing it with a fixed '0' left it whole one time in 16). */
function wrongToken(token: string): string {
  return token.slice(0, -1) + (token.endsWith('0') ? '1' : '0');
}
