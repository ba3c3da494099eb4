import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { answerMediaRequest, parseByteRange } from '../../../../main/core/lessons/lesson-media';
import { makeTempDir } from '../../../helpers/media';

async function bytesOf(stream: Readable | undefined): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream ?? []) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe('a saved lesson served in byte ranges (the page’s player seeks with them)', () => {
  it('reads the one range a media element asks for, and refuses what the file does not have', () => {
    expect(parseByteRange(undefined, 1000)).toBeUndefined();
    expect(parseByteRange('bytes=0-', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseByteRange('bytes=100-199', 1000)).toEqual({ start: 100, end: 199 });
    expect(parseByteRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseByteRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseByteRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseByteRange('bytes=0-9, 20-29', 1000)).toEqual({ start: 0, end: 9 });
    for (const bad of ['bytes=1000-', 'bytes=5-4', 'bytes=-0', 'bytes=-', 'items=0-9', 'bytes=a-b'])
      expect(parseByteRange(bad, 1000), bad).toBe('unsatisfiable');
  });

  it('answers the whole file, a range, a suffix, HEAD, 416 and 404 from a real file', async () => {
    const dir = await makeTempDir('lesson-media');
    const file = path.join(dir, 'Art.mp4');
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, index) => index % 253));
    await fs.writeFile(file, bytes);

    const whole = await answerMediaRequest(file, undefined);
    expect([whole.status, whole.headers['content-length'], whole.headers['accept-ranges']]).toEqual([200, '5000', 'bytes']);
    expect((await bytesOf(whole.body)).equals(bytes)).toBe(true);

    const range = await answerMediaRequest(file, 'bytes=4000-4099');
    expect([range.status, range.headers['content-range'], range.headers['content-length']]).toEqual([206, 'bytes 4000-4099/5000', '100']);
    expect((await bytesOf(range.body)).equals(bytes.subarray(4000, 4100))).toBe(true);

    const tail = await answerMediaRequest(file, 'bytes=-10');
    expect((await bytesOf(tail.body)).equals(bytes.subarray(4990))).toBe(true);

    const head = await answerMediaRequest(file, 'bytes=0-99', 'HEAD');
    expect([head.status, head.body]).toEqual([206, undefined]);

    const beyond = await answerMediaRequest(file, 'bytes=6000-');
    expect([beyond.status, beyond.headers['content-range'], beyond.body]).toEqual([416, 'bytes */5000', undefined]);

    expect((await answerMediaRequest(undefined, undefined)).status).toBe(404);
    expect((await answerMediaRequest(path.join(dir, 'gone.mp4'), 'bytes=0-')).status).toBe(404);
    expect((await answerMediaRequest(dir, undefined)).status).toBe(404);
    await fs.rm(dir, { recursive: true, force: true });
  });
});
