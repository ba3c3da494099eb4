import fs from 'node:fs';
import fsp from 'node:fs/promises';

/**
 * A saved lesson served to the page's own player (`<video>` on the lesson card, which plays a part from
 * where it begins). Seeking needs byte ranges: the MP4's index is at its end (no +faststart, see
 * ffmpeg-args.ts), so without them Chromium cannot even start. Electron's `net.fetch` of a file:// URL
 * ignores `Range` and answers 200 with the whole file (NousResearch/hermes-agent#92707 ran into it), so
 * both hosts answer ranges here: the browser-mode server and Electron's `classroom-media:` protocol.
 */

export interface ByteRange {
  start: number;
  /** Inclusive, as in `Content-Range`. */
  end: number;
}

/**
 * The one range of `bytes=a-b`, `bytes=a-` or `bytes=-n` within `size` bytes; `undefined` when there is
 * no Range header (the whole file), `'unsatisfiable'` when it asks for nothing the file has (416). A
 * list of ranges is answered with its first: media elements ask for one.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)(?:,.*)?$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return 'unsatisfiable';
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

export interface MediaAnswer {
  status: 200 | 206 | 404 | 416;
  headers: Record<string, string>;
  /** The bytes to send (absent for 404/416 and HEAD). */
  body?: fs.ReadStream;
}

/** The answer to a GET (or HEAD) of a lesson's MP4 with the request's Range header. */
export async function answerMediaRequest(file: string | undefined, rangeHeader: string | undefined, method = 'GET'): Promise<MediaAnswer> {
  const stat = file ? await fsp.stat(file).catch(() => undefined) : undefined;
  if (!file || !stat?.isFile()) return { status: 404, headers: {} };
  const base = { 'content-type': 'video/mp4', 'accept-ranges': 'bytes' };
  const range = parseByteRange(rangeHeader, stat.size);
  if (range === 'unsatisfiable') return { status: 416, headers: { ...base, 'content-range': `bytes */${stat.size}` } };
  const { start, end } = range ?? { start: 0, end: stat.size - 1 };
  const headers: Record<string, string> = { ...base, 'content-length': String(Math.max(0, end - start + 1)) };
  if (range) headers['content-range'] = `bytes ${start}-${end}/${stat.size}`;
  const status = range ? 206 : 200;
  if (method === 'HEAD' || stat.size === 0) return { status, headers };
  return { status, headers, body: fs.createReadStream(file, { start, end }) };
}
