import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  BRIDGE_HEADER,
  BRIDGE_TOKEN_META,
  browserRoutes,
  invokeChannels,
  MAX_CHUNK_BYTES,
  type EventChannel,
  type EventContract,
  type InvokeChannel,
  type Result,
} from '../../common/ipc-contract';
import type { IpcHandlers } from '../core/ipc-handlers';
import { answerMediaRequest } from '../core/lessons/lesson-media';

/**
 * Browser mode: serves the real renderer to a plain Chromium and carries the same IPC contract over HTTP
 * to the same core, so the app can be used and tested where Electron cannot run.
 *
 *   POST /api/invoke/<channel>                    JSON array of arguments        -> JSON Result
 *   POST /api/chunk/<sessionId>/<recorder>/<seq>  the chunk's bytes              -> JSON Result
 *   GET  /api/events?token=<token>                Server-Sent Events {channel, payload}
 *   GET  /api/lesson-media/<lessonId>?token=<token> a saved lesson's MP4, in byte ranges, for the page's player
 *
 * Locked down as a local web app must be, since any web page the teacher opens can send requests here:
 * - it listens on loopback and answers only requests addressed to localhost (DNS rebinding);
 * - every API call carries a secret made at each launch and handed only to the page this server serves
 *   (a `<meta>` in index.html, which no other site can read), in the `X-Classroom-Recorder` header or,
 *   for the event stream and the player (EventSource and <video> send no headers), in the query;
 * - a request the browser marks as coming from another site (`Sec-Fetch-Site`) is refused, and so is a
 *   page of the app that another site links to or opens;
 * - no page may frame the app (`frame-ancestors 'none'`, `X-Frame-Options: DENY`): no clickjacking;
 * - a chunk's session and size are checked before its body is read, and only a few API calls are taken
 *   at once, so no flood of uploads can fill main's memory.
 */

/** API calls handled at once; more are answered 503 (the page's uploader retries). */
export const MAX_PARALLEL_API_CALLS = 6;
/** Chunk bodies read at once: each may be 16 MB. The page sends one at a time. */
export const MAX_PARALLEL_CHUNKS = 2;
const MAX_INVOKE_BODY_BYTES = 64 * 1024;

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

/** On every answer: nothing may frame, sniff or embed it, and it leaks no referrer. */
const SECURITY_HEADERS = {
  'content-security-policy': "frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** Fans events out to every open page, like `webContents.send` to every window. */
export class EventHub {
  private readonly clients = new Set<http.ServerResponse>();

  readonly emit = <E extends EventChannel>(channel: E, payload: EventContract[E]): void => {
    const frame = `data: ${JSON.stringify({ channel, payload })}\n\n`;
    for (const client of this.clients) client.write(frame);
  };

  attach(response: http.ServerResponse): void {
    response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', connection: 'keep-alive' });
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
  /** Whether a lesson with this id is recording: a chunk for any other is refused before its body is read. */
  isRecording: (sessionId: string) => boolean;
  /** The launch secret (default: 32 random bytes); browser-main makes it to build lesson addresses with. */
  token?: string;
  /** The file of a saved lesson the page's player asks for by id (`LessonShelf.mediaFile`). */
  lessonFile?: (lessonId: string) => string | undefined;
}

export interface BrowserServer {
  url: string;
  /** The secret API calls need; the page gets it from index.html. */
  token: string;
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

/** The declared body length, refused when missing (a chunked upload could be any size) or over `limit`. */
function declaredLength(request: http.IncomingMessage, limit: number): number {
  const header = request.headers['content-length'];
  if (header === undefined || !/^\d+$/.test(header)) throw new HttpRefusal(411, 'A Content-Length is required.');
  const length = Number(header);
  if (length > limit) throw new HttpRefusal(413, `Body larger than ${limit} bytes refused.`);
  return length;
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function refusal<T>(message: string, code: 'invalid-request' | 'busy' = 'invalid-request'): Result<T> {
  return { ok: false, error: { code, message } };
}

function sameSecret(given: string | undefined, token: string): boolean {
  if (typeof given !== 'string' || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

/**
 * Hands the page its secret and puts the bridge script before the app's, so `window.recorder` exists when
 * the app starts, as with the preload.
 */
export function injectBridge(html: string, token: string): string {
  return html
    .replace('</title>', `</title>\n    <meta name="${BRIDGE_TOKEN_META}" content="${token}" />`)
    .replace('<script src="./app.js"', '<script src="./browser-bridge.js"></script>\n    <script src="./app.js"');
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const { handlers, hub, staticDir } = options;
  const token = options.token ?? randomBytes(32).toString('hex');
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  let apiCalls = 0;
  let chunkCalls = 0;

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
    if (name === 'index.html') body = Buffer.from(injectBridge(body.toString('utf8'), token));
    response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': type });
    response.end(body);
  };

  const serveLessonMedia = async (request: http.IncomingMessage, response: http.ServerResponse, lessonId: string) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new HttpRefusal(405, 'Use GET.');
    const answer = await answerMediaRequest(options.lessonFile?.(lessonId), request.headers.range, request.method);
    if (answer.status === 404) throw new HttpRefusal(404, 'No such lesson.');
    response.writeHead(answer.status, { ...SECURITY_HEADERS, ...answer.headers });
    if (!answer.body) return void response.end();
    answer.body.pipe(response);
    // The player drops a range it no longer wants (a seek): the file is let go at once.
    response.once('close', () => answer.body?.destroy());
  };

  /** Everything an API call must pass before anything it sends is read. */
  const admit = (request: http.IncomingMessage, url: URL): void => {
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') throw new HttpRefusal(403, 'Requests from other sites are refused.');
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) throw new HttpRefusal(403, 'Requests from other origins are refused.');
    // EventSource and <video> send no headers of ours: those two take the secret in the query.
    const inQuery = url.pathname === browserRoutes.eventsPath || browserRoutes.matchLessonMedia(url.pathname) !== undefined;
    const given = inQuery ? (url.searchParams.get('token') ?? undefined) : request.headers[BRIDGE_HEADER];
    if (!sameSecret(Array.isArray(given) ? given[0] : given, token)) throw new HttpRefusal(403, 'Missing or wrong bridge token.');
  };

  const handleChunk = async (request: http.IncomingMessage, chunk: { sessionId: string; recorder: string; seq: string }): Promise<Result<unknown>> => {
    const { sessionId } = chunk;
    // Checked before a byte of the body is read: a chunk for no lesson, or too big, costs nothing.
    if (!options.isRecording(sessionId)) throw new HttpRefusal(404, 'No recording with this id is in progress.');
    declaredLength(request, MAX_CHUNK_BYTES);
    if (chunkCalls >= MAX_PARALLEL_CHUNKS) return refusal('Too many chunks at once; try again.', 'busy');
    chunkCalls++;
    try {
      const data = new Uint8Array(await readBody(request, MAX_CHUNK_BYTES));
      // Non-numeric numbers are passed on as text so the shared validation refuses them, like over IPC.
      const number = (text: string) => (/^\d+$/.test(text) ? Number(text) : text);
      return await handlers['session:append-chunk']([{ sessionId, recorder: number(chunk.recorder), seq: number(chunk.seq), data }]);
    } finally {
      chunkCalls--;
    }
  };

  const handleApi = async (request: http.IncomingMessage, url: URL): Promise<Result<unknown>> => {
    if (request.method !== 'POST') throw new HttpRefusal(405, 'Use POST.');
    const chunk = browserRoutes.matchChunk(url.pathname);
    if (chunk) return handleChunk(request, chunk);
    const named = browserRoutes.matchInvoke(url.pathname);
    const channel = named as InvokeChannel | undefined;
    if (!channel || !invokeChannels.includes(channel) || channel === 'session:append-chunk') {
      return refusal(`Unknown channel ${named ?? url.pathname}.`);
    }
    declaredLength(request, MAX_INVOKE_BODY_BYTES);
    let args: unknown;
    try {
      args = JSON.parse((await readBody(request, MAX_INVOKE_BODY_BYTES)).toString('utf8') || '[]');
    } catch (error) {
      if (error instanceof HttpRefusal) throw error;
      return refusal('The request body is not JSON.');
    }
    if (!Array.isArray(args)) return refusal('Arguments must be a JSON array.');
    return (handlers[channel] as (args: unknown[]) => Promise<Result<unknown>>)(args);
  };

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    let counted = false;
    const work = async () => {
      if (!allowedHosts.has(request.headers.host ?? '')) throw new HttpRefusal(421, 'Wrong host.');
      if (!url.pathname.startsWith(browserRoutes.prefix)) {
        if (request.method !== 'GET') throw new HttpRefusal(405, 'Use GET.');
        // Opened by the teacher (typed, bookmarked: `none`) or by its own page; never from another site.
        const site = request.headers['sec-fetch-site'];
        if (site !== undefined && site !== 'none' && site !== 'same-origin') throw new HttpRefusal(403, 'Open Classroom Recorder from its own address.');
        return serveStatic(url.pathname, response);
      }
      admit(request, url);
      if (url.pathname === browserRoutes.eventsPath) return hub.attach(response);
      const lessonId = browserRoutes.matchLessonMedia(url.pathname);
      if (lessonId !== undefined) return serveLessonMedia(request, response, lessonId);
      if (apiCalls >= MAX_PARALLEL_API_CALLS) return sendJson(response, 503, refusal('Too many requests at once; try again.', 'busy'));
      apiCalls++;
      counted = true;
      return sendJson(response, 200, await handleApi(request, url));
    };
    work()
      .catch((error: unknown) => {
        const status = error instanceof HttpRefusal ? error.status : 500;
        if (status === 500) console.error('[browser-mode]', error);
        // A refused body is not read: the connection is closed once the answer is out.
        if (!response.headersSent) {
          response.setHeader('connection', 'close');
          sendJson(response, status, refusal(error instanceof Error ? error.message : 'error'));
        } else response.end();
        response.once('finish', () => request.destroy());
      })
      .finally(() => {
        if (counted) apiCalls--;
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`localhost:${port}`, `127.0.0.1:${port}`]);
  allowedOrigins = new Set([`http://localhost:${port}`, `http://127.0.0.1:${port}`]);
  return {
    url: `http://localhost:${port}/`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        hub.closeAll();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
