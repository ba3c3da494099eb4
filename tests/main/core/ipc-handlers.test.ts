import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { invokeChannels, MAX_CHUNK_BYTES, type ErrorCode, type Result } from '../../../common/ipc-contract';
import { durationOf, ffprobe, makeRecording, makeTempDir, readChunks } from '../../helpers/media';
import { createHarness, H264_MIME, type ServiceHarness } from '../../helpers/service';

let harness: ServiceHarness;
let sessionId: string;
let rawPath: string;
let chunks: Uint8Array[];

async function rawBytes(): Promise<Buffer> {
  return fs.readFile(rawPath);
}

function codeOf(result: Result<unknown>): ErrorCode | 'ok' {
  return result.ok ? 'ok' : result.error.code;
}

beforeEach(async () => {
  harness = await createHarness();
  chunks = await readChunks(await makeRecording(await makeTempDir('fixtures'), { seconds: 3, codec: 'h264' }), 40_000);
  const started = await harness.handlers['session:start']([{ title: 'Valid', mimeType: H264_MIME, hasAudio: true }]);
  if (!started.ok) throw new Error(started.error.message);
  sessionId = started.value.sessionId;
  const first = await harness.handlers['session:append-chunk']([{ sessionId, recorder: 1, seq: 0, data: chunks[0] }]);
  expect(first.ok).toBe(true);
  const entry = JSON.parse(await fs.readFile(path.join(harness.stateDir, 'sessions', `${sessionId}.json`), 'utf8'));
  rawPath = entry.segments[0].rawPath;
});

describe('every IPC handler refuses bad input with a clear error and writes nothing', () => {
  it('refuses malformed chunks, each with its own code', async () => {
    const before = await rawBytes();
    const append = (body: unknown, ...extra: unknown[]) => harness.handlers['session:append-chunk']([body, ...extra]);
    const cases: Array<[unknown[], ErrorCode]> = [
      [[{ sessionId, recorder: 1, seq: 0, data: chunks[1] }], 'out-of-order'], // duplicate
      [[{ sessionId, recorder: 1, seq: 2, data: chunks[1] }], 'out-of-order'], // skips one
      [[{ sessionId, recorder: 1, seq: -1, data: chunks[1] }], 'invalid-request'],
      [[{ sessionId, recorder: 1, seq: 1.5, data: chunks[1] }], 'invalid-request'],
      [[{ sessionId, recorder: 1, seq: '1', data: chunks[1] }], 'invalid-request'],
      [[{ sessionId, recorder: 1, seq: 1, data: 'bytes' }], 'invalid-request'],
      [[{ sessionId, recorder: 1, seq: 1, data: [1, 2, 3] }], 'invalid-request'],
      [[{ sessionId, recorder: 1, seq: 1, data: new ArrayBuffer(8) }], 'invalid-request'],
      [[{ sessionId, recorder: 1, seq: 1, data: new Uint8Array(0) }], 'invalid-request'],
      [[{ sessionId, recorder: 1, seq: 1, data: new Uint8Array(MAX_CHUNK_BYTES + 1) }], 'chunk-too-large'],
      [[{ sessionId: '../../etc/passwd', recorder: 1, seq: 1, data: chunks[1] }], 'invalid-request'],
      [[{ sessionId: '00000000-0000-4000-8000-000000000000', recorder: 1, seq: 1, data: chunks[1] }], 'unknown-session'],
      [[{ sessionId, recorder: 1, seq: 1, data: chunks[1], path: '/tmp/evil' }], 'invalid-request'],
      [[null], 'invalid-request'],
      [[], 'invalid-request'],
      [[{ sessionId, recorder: 1, seq: 1, data: chunks[1] }, 'extra'], 'invalid-request'],
      [[{ sessionId, seq: 1, data: chunks[1] }], 'invalid-request'], // which recorder made it?
      [[{ sessionId, recorder: 0, seq: 1, data: chunks[1] }], 'invalid-request'],
      [[{ sessionId, recorder: '1', seq: 1, data: chunks[1] }], 'invalid-request'],
      [[{ sessionId, recorder: 1.5, seq: 1, data: chunks[1] }], 'invalid-request'],
      [[{ sessionId, recorder: 2, seq: 1, data: chunks[1] }], 'segment-closed'], // not the lesson's recorder now
    ];
    for (const [args, expected] of cases) {
      const result = await append(...(args as [unknown]));
      const label = JSON.stringify(args, (_key, value) => (ArrayBuffer.isView(value) ? `<${value.byteLength} bytes>` : value));
      expect(codeOf(result), label.slice(0, 160)).toBe(expected);
      if (!result.ok) expect(result.error.message.length).toBeGreaterThan(10);
    }
    expect(await rawBytes()).toEqual(before);
  });

  it('refuses malformed takeovers and heartbeats, and takes over nothing', async () => {
    const started = await harness.handlers['app:get-state']([]);
    expect(started.ok).toBe(true);
    const valid = { sessionId, resumeToken: null, mimeType: H264_MIME, hasAudio: true, cause: 'renderer-restarted' };
    const cases: Array<[string, unknown[], ErrorCode]> = [
      ['session:continue', [{ ...valid, cause: 'because' }], 'invalid-request'],
      ['session:continue', [{ ...valid, resumeToken: 'not-a-token' }], 'invalid-request'],
      ['session:continue', [{ ...valid, resumeToken: undefined }], 'invalid-request'],
      ['session:continue', [{ sessionId, mimeType: H264_MIME, hasAudio: true }], 'invalid-request'],
      ['session:continue', [{ ...valid, extra: 1 }], 'invalid-request'],
      // Well formed, but the lesson's page is still heard from and this caller has not its token.
      ['session:continue', [valid], 'owned-elsewhere'],
      ['session:heartbeat', [{ sessionId }], 'invalid-request'],
      ['session:heartbeat', [{ sessionId, resumeToken: '00000000-0000-4000-8000-000000000000' }], 'owned-elsewhere'],
      ['session:save-without-missing', [{ sessionId }], 'unknown-session'],
    ];
    for (const [channel, args, expected] of cases) {
      const handler = harness.handlers[channel as 'session:continue'] as (args: unknown[]) => Promise<{ ok: boolean; error?: { code: string } }>;
      const result = await handler(args);
      expect(result.ok ? 'ok' : result.error!.code, `${channel} ${JSON.stringify(args)}`).toBe(expected);
    }
    // The lesson still takes its own recorder's next chunk.
    expect((await harness.handlers['session:append-chunk']([{ sessionId, recorder: 1, seq: 1, data: chunks[1] }])).ok).toBe(true);
  });

  it('refuses a flood of appends instead of queueing them in memory', async () => {
    const flood = await Promise.all(
      Array.from({ length: 12 }, (_, i) => harness.handlers['session:append-chunk']([{ sessionId, recorder: 1, seq: i + 1, data: chunks[1]! }])),
    );
    const codes = flood.map(codeOf);
    expect(codes.slice(0, 4)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(codes.slice(4).every((code) => code === 'busy' || code === 'out-of-order')).toBe(true);
    expect((await rawBytes()).length).toBe(chunks[0]!.length + 4 * chunks[1]!.length);
  });

  it('survives hundreds of random malformed payloads on every channel, then still finishes the lesson', async () => {
    const before = await rawBytes();
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
    const junk = (): unknown =>
      pick<() => unknown>([
        () => undefined,
        () => null,
        () => 0,
        () => -1,
        () => Number.NaN,
        () => 1e308,
        () => 'x'.repeat(Math.floor(random() * 2000)),
        () => '../'.repeat(8) + 'etc/passwd',
        () => sessionId,
        () => ({}),
        () => [],
        () => new Uint8Array(Math.floor(random() * 64)),
        () => ({ sessionId, seq: Math.floor(random() * 5) - 2, data: pick([chunks[1], 'x', null, new Uint8Array(0)]) }),
        () => ({ title: pick(['', 'a', 42, null]), mimeType: pick([H264_MIME, 'video/mp4', 'text/html', 7]), hasAudio: pick([true, 'yes', 1]) }),
        () => ({ sessionId: pick([sessionId, 'nope', 3]), extra: 1 }),
        () => ({ lessonId: pick(['', '/etc/passwd', sessionId, 5]) }),
        () => ({ __proto__: { polluted: true } }),
        () => ({ toString: 'boom', valueOf: null }),
      ])();
    let calls = 0;
    for (let i = 0; i < 600; i++) {
      const channel = pick(invokeChannels.filter((c) => c !== 'settings:choose-folder' && c !== 'session:stop' && c !== 'session:start'));
      const args = Array.from({ length: Math.floor(random() * 3) }, junk);
      const result = await harness.handlers[channel](args);
      expect(typeof result.ok).toBe('boolean');
      if (!result.ok) expect(result.error.code).not.toBe('internal');
      calls++;
    }
    expect(calls).toBe(600);
    expect(await rawBytes()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    for (let seq = 1; seq < chunks.length; seq++) {
      expect((await harness.handlers['session:append-chunk']([{ sessionId, recorder: 1, seq, data: chunks[seq] }])).ok).toBe(true);
    }
    const stopped = await harness.handlers['session:stop']([{ sessionId }]);
    expect(stopped.ok).toBe(true);
    if (stopped.ok) expect(durationOf(await ffprobe(path.join(harness.saveFolder, stopped.value.fileName)))).toBeGreaterThan(2.5);
  });

  it('refuses malformed rename requests (exact keys, text, length, ids) and renames nothing', async () => {
    await fs.mkdir(harness.saveFolder, { recursive: true });
    await fs.writeFile(path.join(harness.saveFolder, 'Kept 2026-01-05 09-00.mp4'), 'not really a video');
    const listed = await harness.handlers['lessons:list']([]);
    if (!listed.ok) throw new Error(listed.error.message);
    const lessonId = listed.value[0]!.lessonId;
    const rename = (...payload: unknown[]) => harness.handlers['lesson:rename'](payload);
    const cases: Array<[unknown[], ErrorCode]> = [
      [[{ lessonId }], 'invalid-request'], // no title
      [[{ title: 'New' }], 'invalid-request'], // no id
      [[{ lessonId, title: 42 }], 'invalid-request'],
      [[{ lessonId, title: null }], 'invalid-request'],
      [[{ lessonId, title: ['New'] }], 'invalid-request'],
      [[{ lessonId, title: 'x'.repeat(501) }], 'invalid-request'],
      [[{ lessonId, title: 'New', path: '/tmp/evil.mp4' }], 'invalid-request'],
      [[{ lessonId, title: 'New', fileName: 'evil.mp4' }], 'invalid-request'],
      [[{ lessonId: '../Kept 2026-01-05 09-00.mp4', title: 'New' }], 'invalid-request'],
      [[{ lessonId: path.join(harness.saveFolder, 'Kept 2026-01-05 09-00.mp4'), title: 'New' }], 'invalid-request'],
      [[{ lessonId: lessonId.toUpperCase(), title: 'New' }], 'invalid-request'],
      [[{ lessonId, title: 'New' }, 'extra'], 'invalid-request'],
      [['New'], 'invalid-request'],
      [[null], 'invalid-request'],
      [[], 'invalid-request'],
      [[{ lessonId: '00000000-0000-4000-8000-000000000000', title: 'New' }], 'unknown-lesson'],
      [[{ lessonId, title: ' . ' }], 'invalid-title'],
    ];
    for (const [payload, expected] of cases) {
      const result = await rename(...payload);
      expect(codeOf(result), JSON.stringify(payload).slice(0, 120)).toBe(expected);
      if (!result.ok) expect(result.error.message.length).toBeGreaterThan(10);
    }
    expect(await fs.readdir(harness.saveFolder)).toContain('Kept 2026-01-05 09-00.mp4');
    // The longest title accepted is cut to a file name every OS takes.
    const long = await rename({ lessonId, title: '长'.repeat(500) });
    expect(long.ok && Buffer.byteLength(long.value.fileName)).toBeLessThanOrEqual(255);
  });

  it('refuses recording formats it cannot turn into MP4, and stops of unknown or finished sessions', async () => {
    const start = (mimeType: unknown) => harness.handlers['session:start']([{ title: 't', mimeType, hasAudio: true }]);
    expect(codeOf(await start('video/mp4;codecs=avc1,opus'))).toBe('invalid-request');
    expect(codeOf(await start('audio/webm;codecs=opus'))).toBe('invalid-request');
    expect(codeOf(await start(42))).toBe('invalid-request');
    expect(codeOf(await harness.handlers['session:start']([{ title: 'x'.repeat(501), mimeType: H264_MIME, hasAudio: true }]))).toBe('invalid-request');
    expect(codeOf(await harness.handlers['session:stop']([{ sessionId: '00000000-0000-4000-8000-000000000000' }]))).toBe('unknown-session');

    for (let seq = 1; seq < chunks.length; seq++) {
      await harness.handlers['session:append-chunk']([{ sessionId, recorder: 1, seq, data: chunks[seq] }]);
    }
    expect(codeOf(await harness.handlers['session:stop']([{ sessionId }]))).toBe('ok');
    expect(codeOf(await harness.handlers['session:stop']([{ sessionId }]))).toBe('unknown-session');
    expect(codeOf(await harness.handlers['session:append-chunk']([{ sessionId, recorder: 1, seq: chunks.length, data: chunks[1] }]))).toBe('unknown-session');
  });
});
