import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActiveSession } from '../../../../common/ipc-contract';
import { OWNER_GONE_AFTER_MS } from '../../../../main/core/recording/recording-session';
import type { FfmpegRunner } from '../../../../main/core/ffmpeg/ffmpeg-runner';
import { decodesCleanly, durationOf, ffprobe, makeRecording, makeTempDir, readChunks } from '../../../helpers/media';
import { createHarness, H264_MIME, type ServiceHarness } from '../../../helpers/service';

let fourSeconds: Uint8Array[];
let threeSeconds: Uint8Array[];
beforeAll(async () => {
  const fixtures = await makeTempDir('fixtures');
  fourSeconds = await readChunks(await makeRecording(fixtures, { seconds: 4, codec: 'h264' }), 40_000);
  threeSeconds = await readChunks(await makeRecording(fixtures, { seconds: 3, codec: 'h264' }), 40_000);
});

function append(harness: ServiceHarness, sessionId: string, recorder: number, seq: number, data: Uint8Array) {
  return harness.handlers['session:append-chunk']([{ sessionId, recorder, seq, data }]);
}

function takeOver(harness: ServiceHarness, sessionId: string, resumeToken: string | null, cause = 'renderer-restarted') {
  return harness.handlers['session:continue']([{ sessionId, resumeToken, mimeType: H264_MIME, hasAudio: true, cause }]);
}

async function start(harness: ServiceHarness) {
  const started = await harness.handlers['session:start']([{ title: 'Takeover', mimeType: H264_MIME, hasAudio: true }]);
  if (!started.ok) throw new Error(started.error.message);
  return started.value;
}

function code(result: { ok: boolean; error?: { code: string } }): string {
  return result.ok ? 'ok' : result.error!.code;
}

describe('a new recorder takes a lesson over without losing or mixing a byte', () => {
  it('chunks in flight while a new recorder takes over: those accepted are written to the old part, later ones refused, none fails with EBADF', async () => {
    const harness = await createHarness();
    const { sessionId, resumeToken, recorder } = await start(harness);
    expect(recorder).toBe(1);
    const last = fourSeconds.length - 1;
    for (let seq = 0; seq < last - 1; seq++) expect(code(await append(harness, sessionId, 1, seq, fourSeconds[seq]!))).toBe('ok');
    // The race the old code lost: a chunk being written while the segment is switched.
    const [inFlight, switched, late] = await Promise.all([
      append(harness, sessionId, 1, last - 1, fourSeconds[last - 1]!),
      takeOver(harness, sessionId, resumeToken, 'recorder-stalled'),
      append(harness, sessionId, 1, last, fourSeconds[last]!),
    ]);
    expect(code(inFlight)).toBe('ok');
    expect(code(switched)).toBe('ok');
    expect(code(late)).toBe('segment-closed');
    if (!switched.ok) return;
    expect(switched.value.recorder).toBe(2);
    expect(switched.value.resumeToken).toBe(resumeToken);
    for (const [seq, data] of threeSeconds.entries()) expect(code(await append(harness, sessionId, 2, seq, data))).toBe('ok');
    // The replaced recorder stays refused, whatever number it sends.
    expect(code(await append(harness, sessionId, 1, last + 1, fourSeconds[0]!))).toBe('segment-closed');

    const stopped = await harness.handlers['session:stop']([{ sessionId }]);
    expect(code(stopped)).toBe('ok');
    if (!stopped.ok) return;
    const mp4 = path.join(harness.saveFolder, stopped.value.fileName);
    // The first part less its last chunk (refused), and all of the second.
    expect(durationOf(await ffprobe(mp4))).toBeGreaterThan(6);
    expect(await decodesCleanly(mp4)).toBe(true);
    expect(harness.events.some((e) => (e.payload as { code?: string }).code === 'write-failed')).toBe(false);
  });

  it('a page without the lesson’s token cannot take it while its page is heard from; once that page is gone it may, and the old page is shut out', async () => {
    let clock = 1_000_000;
    const harness = await createHarness({ now: () => clock });
    const { sessionId, resumeToken } = await start(harness);
    for (const [seq, data] of fourSeconds.slice(0, 3).entries()) await append(harness, sessionId, 1, seq, data);

    // A second tab: no token, and the first page sent a chunk just now.
    expect(code(await takeOver(harness, sessionId, null))).toBe('owned-elsewhere');
    expect(code(await takeOver(harness, sessionId, '00000000-0000-4000-8000-000000000000'))).toBe('owned-elsewhere');
    expect(code(await harness.handlers['session:heartbeat']([{ sessionId, resumeToken }]))).toBe('ok');
    const sessions = () => harness.events.filter((e) => e.channel === 'sessions:changed').map((e) => e.payload as ActiveSession[]);
    expect(sessions()[0]).toEqual([expect.objectContaining({ sessionId, ownerActive: true })]);

    // The first page goes quiet (closed, or crashed and not reloaded).
    clock += OWNER_GONE_AFTER_MS + 1;
    const state = await harness.handlers['app:get-state']([]);
    expect(state.ok && state.value.activeSessions.map((s) => s.ownerActive)).toEqual([false]);
    const adopted = await takeOver(harness, sessionId, null);
    expect(code(adopted)).toBe('ok');
    if (!adopted.ok) return;
    expect(adopted.value.resumeToken).not.toBe(resumeToken);
    // The old page, if it comes back, is told the lesson is recorded elsewhere now.
    expect(code(await harness.handlers['session:heartbeat']([{ sessionId, resumeToken }]))).toBe('owned-elsewhere');
    expect(code(await append(harness, sessionId, 1, 3, fourSeconds[3]!))).toBe('segment-closed');
    expect(code(await harness.handlers['session:heartbeat']([{ sessionId, resumeToken: adopted.value.resumeToken }]))).toBe('ok');
    for (const [seq, data] of threeSeconds.entries()) expect(code(await append(harness, sessionId, adopted.value.recorder, seq, data))).toBe('ok');
    expect(code(await harness.handlers['session:stop']([{ sessionId }]))).toBe('ok');
  });

  it('a renderer that restarts twice before sending anything leaves no empty part: the new recorder writes in its place', async () => {
    const harness = await createHarness();
    const { sessionId, resumeToken } = await start(harness);
    for (const [seq, data] of fourSeconds.entries()) await append(harness, sessionId, 1, seq, data);
    const first = await takeOver(harness, sessionId, resumeToken);
    const second = await takeOver(harness, sessionId, resumeToken);
    expect([code(first), code(second)]).toEqual(['ok', 'ok']);
    if (!second.ok) return;
    for (const [seq, data] of threeSeconds.entries()) await append(harness, sessionId, second.value.recorder, seq, data);
    const entry = JSON.parse(await fs.readFile(path.join(harness.stateDir, 'sessions', `${sessionId}.json`), 'utf8'));
    expect(entry.segments.map((s: { rawPath: string }) => path.basename(s.rawPath))).toEqual(['segment-01.mkv', 'segment-02.mkv']);
    const stopped = await harness.handlers['session:stop']([{ sessionId }]);
    expect(code(stopped)).toBe('ok');
    if (stopped.ok) expect(stopped.value.gaps).toBeUndefined();
  });
});

describe('faults that come one after another', () => {
  it('the folder deleted mid-lesson (everything copied to the app’s folder), then the page restarted: the new part takes a new name, and the MP4 has it all', async () => {
    let clock = 0;
    const harness = await createHarness({ now: () => clock, diskCheckIntervalMs: 1000 });
    const { sessionId, resumeToken } = await start(harness);
    for (const [seq, data] of fourSeconds.entries()) {
      clock += 1000;
      if (seq === 2) await fs.rm(harness.saveFolder, { recursive: true, force: true });
      expect(code(await append(harness, sessionId, 1, seq, data))).toBe('ok');
    }
    expect(harness.events.some((e) => (e.payload as { code?: string }).code === 'folder-gone-copied')).toBe(true);
    // Before, the restarted page's segment was named after the count of segments, and collided with the copy (EEXIST).
    const restarted = await takeOver(harness, sessionId, resumeToken);
    expect(code(restarted)).toBe('ok');
    if (!restarted.ok) return;
    for (const [seq, data] of threeSeconds.entries()) expect(code(await append(harness, sessionId, restarted.value.recorder, seq, data))).toBe('ok');
    const stopped = await harness.handlers['session:stop']([{ sessionId }]);
    expect(code(stopped)).toBe('ok');
    if (!stopped.ok) return;
    const folder = stopped.value.savedInFallbackFolder ?? harness.saveFolder;
    expect(durationOf(await ffprobe(path.join(folder, stopped.value.fileName)))).toBeGreaterThan(6.5);
  });
});

describe('a Record that cannot start leaves nothing behind', () => {
  it('closes the live ffmpeg, the file and the work folder it opened, and does not claim anything was kept', async () => {
    const harness = await createHarness();
    // The journal cannot be written: its folder's name is taken by a file.
    await fs.writeFile(path.join(harness.stateDir, 'sessions'), 'not a folder');
    const started = await harness.handlers['session:start']([{ title: 'Never started', mimeType: H264_MIME, hasAudio: true }]);
    expect(code(started)).toBe('start-failed');
    if (started.ok) return;
    expect(started.error.message).toContain('Nothing was recorded');
    expect(started.error.message).not.toContain('kept');
    const work = path.join(harness.saveFolder, '.classroom-recorder');
    expect(await fs.readdir(work).catch(() => [])).toEqual([]);
    const runner = Reflect.get(harness.service, 'runner') as FfmpegRunner;
    await expect.poll(() => runner.runningCount, { timeout: 5000 }).toBe(0);
    const state = await harness.handlers['app:get-state']([]);
    expect(state.ok && state.value.activeSessions).toEqual([]);
  });
});
