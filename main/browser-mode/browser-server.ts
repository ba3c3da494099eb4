import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  invokeChannels,
  MAX_CHUNK_BYTES,
  type EventChannel,
  type EventContract,
  type InvokeChannel,
  type Result,
} from '../../common/ipc-contract';
import type { IpcHandlers } from '../core/ipc-handlers';

/**
 * Browser mode: serves the real renderer to a plain Chromium and carries the same IPC contract over HTTP
 * to the same core, so the app can be used and tested where Electron cannot run.
 *
 *   POST /api/invoke/<channel>          JSON array of arguments        -> JSON Result
 *   POST /api/chunk/<sessionId>/<seq>   the chunk's bytes              -> JSON Result
 *   GET  /api/events                    Server-Sent Events {channel, payload}
 *
 * It listens on loopback only, answers only requests addressed to localhost (DNS rebinding), and every
 * POST must carry the `X-Classroom-Recorder` header, which no other site can send without a CORS
 * preflight that we never answer.
 */

export const BRIDGE_HEADER = 'x-classroom-recorder';

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

/** Fans events out to every open page, like `webContents.send` to every window. */
export class EventHub {
  private readonly clients = new Set<http.ServerResponse>();

  readonly emit = <E extends EventChannel>(channel: E, payload: EventContract[E]): void => {
    const frame = `data: ${JSON.stringify({ channel, payload })}\n\n`;
    for (const client of this.clients) client.write(frame);
  };

  attach(response: http.ServerResponse): void {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(': connected\n\n');
    this.clients.add(response);
    response.on('close', () => this.clients.delete(response));
  }

  closeAll(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}

export interface BrowserServerOptions {
  handlers: IpcHandlers;
  hub: EventHub;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  port: number;
}

export interface BrowserServer {
  url: string;
  close(): Promise<void>;
}

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(request: http.IncomingMessage, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of request) {
    size += (part as Buffer).length;
    if (size > limit) throw new HttpRefusal(413, `Body larger than ${limit} bytes refused.`);
    parts.push(part as Buffer);
  }
  return Buffer.concat(parts);
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

function refusal<T>(message: string): Result<T> {
  return { ok: false, error: { code: 'invalid-request', message } };
}

/** Puts the bridge script before the app's, so `window.recorder` exists when the app starts, as with the preload. */
export function injectBridge(html: string): string {
  return html.replace('<script src="./app.js"', '<script src="./browser-bridge.js"></script>\n    <script src="./app.js"');
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const { handlers, hub, staticDir } = options;
  let allowedHosts = new Set<string>();

  const serveStatic = async (pathname: string, response: http.ServerResponse) => {
    const name = pathname === '/' ? 'index.html' : pathname.slice(1);
    const file = path.resolve(staticDir, name);
    const type = STATIC_TYPES[path.extname(file)];
    if (!file.startsWith(path.resolve(staticDir) + path.sep) || !type || name.includes('..')) {
      throw new HttpRefusal(404, 'Not found');
    }
    let body: Buffer;
    try {
      body = await fs.readFile(file);
    } catch {
      throw new HttpRefusal(404, 'Not found');
    }
    if (name === 'index.html') body = Buffer.from(injectBridge(body.toString('utf8')));
    response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    response.end(body);
  };

  const handleApi = async (request: http.IncomingMessage, pathname: string): Promise<Result<unknown>> => {
    if (request.method !== 'POST') throw new HttpRefusal(405, 'Use POST.');
    if (request.headers[BRIDGE_HEADER] !== '1') throw new HttpRefusal(403, 'Missing bridge header.');
    const chunk = /^\/api\/chunk\/([^/]+)\/([^/]+)$/.exec(pathname);
    if (chunk) {
      const data = new Uint8Array(await readBody(request, MAX_CHUNK_BYTES + 1));
      // A non-numeric seq is passed on as text so the shared validation refuses it, like over IPC.
      const seq = /^\d+$/.test(chunk[2]!) ? Number(chunk[2]) : chunk[2];
      return handlers['session:append-chunk']([{ sessionId: decodeURIComponent(chunk[1]!), seq, data }]);
    }
    const invoke = /^\/api\/invoke\/([a-z:-]+)$/.exec(pathname);
    const channel = invoke?.[1] as InvokeChannel | undefined;
    if (!channel || !invokeChannels.includes(channel) || channel === 'session:append-chunk') {
      return refusal(`Unknown channel ${invoke?.[1] ?? pathname}.`);
    }
    let args: unknown;
    try {
      args = JSON.parse((await readBody(request, 64 * 1024)).toString('utf8') || '[]');
    } catch {
      return refusal('The request body is not JSON.');
    }
    if (!Array.isArray(args)) return refusal('Arguments must be a JSON array.');
    return (handlers[channel] as (args: unknown[]) => Promise<Result<unknown>>)(args);
  };

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const work = async () => {
      if (!allowedHosts.has(request.headers.host ?? '')) throw new HttpRefusal(421, 'Wrong host.');
      if (url.pathname === '/api/events') return hub.attach(response);
      if (url.pathname.startsWith('/api/')) return sendJson(response, 200, await handleApi(request, url.pathname));
      if (request.method !== 'GET') throw new HttpRefusal(405, 'Use GET.');
      return serveStatic(url.pathname, response);
    };
    work().catch((error: unknown) => {
      const status = error instanceof HttpRefusal ? error.status : 500;
      if (status === 500) console.error('[browser-mode]', error);
      if (!response.headersSent) sendJson(response, status, refusal(error instanceof Error ? error.message : 'error'));
      else response.end();
      request.resume();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`localhost:${port}`, `127.0.0.1:${port}`]);
  return {
    url: `http://localhost:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        hub.closeAll();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
