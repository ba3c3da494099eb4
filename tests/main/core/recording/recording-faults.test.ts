import type { Notice, NoticeCode } from '../../../../common/ipc-contract';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { matroskaHeaderLength } from '../../../../main/core/recording/matroska-header';
import { startCoreProcess } from '../../../helpers/core-process';
import { decodesCleanly, durationOf, ffprobe, makeRecording, makeTempDir, readChunks } from '../../../helpers/media';
import { driveThatIsPulledAfter } from '../../../helpers/pulled-drive';
import { createHarness, H264_MIME, type ServiceHarness } from '../../../helpers/service';
import { canMountTmpfs, mountTmpfs } from '../../../helpers/tmpfs';

let fixtures: string;
const cleanups: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  fixtures = await makeTempDir('fixtures');
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined);
});

async function startSession(harness: ServiceHarness): Promise<string> {
  const started = await harness.handlers['session:start']([{ title: 'Fault', mimeType: H264_MIME, hasAudio: true }]);
  if (!started.ok) throw new Error(started.error.message);
  return started.value.sessionId;
}

function notices(harness: ServiceHarness, code: NoticeCode) {
  return harness.events.filter((e) => e.channel === 'app:notice' && (e.payload as { code: string }).code === code).map((e) => e.payload as Notice);
}

describe('a crash of the whole app loses at most the last 2 seconds', () => {
  it('SIGKILL of the core mid-lesson: the next launch recovers an MP4 of what was recorded', async () => {
    const saveFolder = path.join(await makeTempDir('lessons'), 'Classroom Recorder');
    const stateDir = await makeTempDir('state');
    const recording = await makeRecording(fixtures, { seconds: 10, codec: 'h264' });
    const bytes = await fs.readFile(recording);
    const { child, post } = await startCoreProcess(saveFolder, stateDir);

    const started = await post('/api/invoke/session:start', JSON.stringify([{ title: 'Power cut', mimeType: H264_MIME, hasAudio: true }]), 'application/json');
    expect(started.ok).toBe(true);
    // One chunk per second of lesson, sent in real time as MediaRecorder would.
    const chunkBytes = Math.ceil(bytes.length / 10);
    const t0 = Date.now();
    const killAfterMs = 6500;
    for (let seq = 0; Date.now() - t0 < killAfterMs; seq++) {
      const wait = (seq + 1) * 1000 - (Date.now() - t0);
      if (wait > killAfterMs - (Date.now() - t0)) break;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
      const reply = await post(
        `/api/chunk/${started.value.sessionId}/1/${seq}`,
        bytes.subarray(seq * chunkBytes, (seq + 1) * chunkBytes),
        'application/octet-stream',
      );
      expect(reply.ok).toBe(true);
    }
    await new Promise((resolve) => setTimeout(resolve, killAfterMs - (Date.now() - t0)));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const recordedSeconds = (Date.now() - t0) / 1000;

    const relaunched = await createHarness({ saveFolder, stateDir });
    const recovered = await relaunched.service.recoverInterruptedSessions();
    expect(recovered).toHaveLength(1);
    expect(recovered[0]!.fileName).toMatch(/^Power cut .* \(recovered\)\.mp4$/);
    const probed = await ffprobe(path.join(saveFolder, recovered[0]!.fileName));
    const lost = recordedSeconds - durationOf(probed);
    console.log(`[kill -9] recorded ${recordedSeconds.toFixed(2)} s, recovered ${durationOf(probed).toFixed(2)} s, lost ${lost.toFixed(2)} s`);
    expect(lost).toBeLessThanOrEqual(2);
    expect(probed.streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
    expect(await decodesCleanly(path.join(saveFolder, recovered[0]!.fileName))).toBe(true);
    expect(notices(relaunched, 'lesson-recovered')).toHaveLength(1);
    expect(await fs.readdir(path.join(stateDir, 'sessions'))).toEqual([]);
  });
});

describe.runIf(canMountTmpfs)('a full disk ends the lesson cleanly, with what was recorded saved', () => {
  it('ENOSPC mid-lesson: the write is refused with a clear message and Stop saves a playable MP4', async () => {
    const disk = await mountTmpfs(6 * 1024 * 1024);
    cleanups.push(disk.unmount);
    const harness = await createHarness({ saveFolder: disk.dir });
    const recording = await makeRecording(fixtures, { seconds: 20, codec: 'h264', width: 1280, height: 720 });
    const chunks = await readChunks(recording, 200_000);
    expect(chunks.length * 200_000).toBeGreaterThan(8 * 1024 * 1024);
    const sessionId = await startSession(harness);
    let refusal: string | undefined;
    for (const [seq, data] of chunks.entries()) {
      const reply = await harness.handlers['session:append-chunk']([{ sessionId, recorder: 1, seq, data }]);
      if (!reply.ok) {
        expect(reply.error.code).toBe('write-failed');
        refusal = reply.error.message;
        break;
      }
    }
    expect(refusal).toContain('disk is full');

    const stopped = await harness.handlers['session:stop']([{ sessionId }]);
    expect(stopped.ok).toBe(true);
    if (!stopped.ok) return;
    const folder = stopped.value.savedInFallbackFolder ?? disk.dir;
    const mp4 = path.join(folder, stopped.value.fileName);
    expect(durationOf(await ffprobe(mp4))).toBeGreaterThan(2);
    expect(await decodesCleanly(mp4)).toBe(true);
    console.log(`[ENOSPC] saved ${durationOf(await ffprobe(mp4)).toFixed(1)} s in ${folder === disk.dir ? 'the save folder' : 'the fallback folder'}`);
  });

  it('the disk getting short: warns with minutes left, then stops before it is full and saves in the folder', async () => {
    const disk = await mountTmpfs(16 * 1024 * 1024);
    cleanups.push(disk.unmount);
    let clock = 0;
    const harness = await createHarness({ saveFolder: disk.dir, now: () => clock, diskReserveBytes: 8 * 1024 * 1024, diskCheckIntervalMs: 1000 });
    const recording = await makeRecording(fixtures, { seconds: 20, codec: 'h264', width: 1280, height: 720 });
    const chunks = await readChunks(recording, 100_000);
    const msPerChunk = (20_000 * 100_000) / (await fs.stat(recording)).size;
    const sessionId = await startSession(harness);
    let refusal: string | undefined;
    for (const [seq, data] of chunks.entries()) {
      clock += msPerChunk; // the clock runs with the media, as in a real lesson
      const reply = await harness.handlers['session:append-chunk']([{ sessionId, recorder: 1, seq, data }]);
      if (!reply.ok) {
        refusal = reply.error.message;
        break;
      }
    }
    expect(refusal).toContain('almost full');
    const warnings = notices(harness, 'disk-low');
    expect(warnings[0]?.level).toBe('warning');
    expect(warnings[0]?.params?.minutesLeft).toBeGreaterThanOrEqual(0);
    expect(notices(harness, 'disk-full-stopped').map((n) => n.level)).toEqual(['error']);

    const stopped = await harness.handlers['session:stop']([{ sessionId }]);
    expect(stopped.ok).toBe(true);
    if (!stopped.ok) return;
    expect(stopped.value.savedInFallbackFolder).toBeUndefined();
    expect(durationOf(await ffprobe(path.join(disk.dir, stopped.value.fileName)))).toBeGreaterThan(1);
  });
});

describe('the save folder goes away mid-lesson', () => {
  it('a deleted folder is noticed, everything recorded is copied to the fallback, and the MP4 covers the whole lesson', async () => {
    let clock = 0;
    const harness = await createHarness({ now: () => clock, diskCheckIntervalMs: 1000 });
    const recording = await makeRecording(fixtures, { seconds: 8, codec: 'h264' });
    const chunks = await readChunks(recording, 40_000);
    const msPerChunk = (8000 * 40_000) / (await fs.stat(recording)).size;
    const sessionId = await startSession(harness);
    for (const [seq, data] of chunks.entries()) {
      clock += msPerChunk;
      if (seq === Math.floor(chunks.length / 2)) await fs.rm(harness.saveFolder, { recursive: true, force: true });
      const reply = await harness.handlers['session:append-chunk']([{ sessionId, recorder: 1, seq, data }]);
      expect(reply.ok).toBe(true);
    }
    expect(
      notices(harness, 'folder-gone-copied')
        .map((n) => n.message)
        .join(),
    ).toContain('Nothing was lost');

    const stopped = await harness.handlers['session:stop']([{ sessionId }]);
    expect(stopped.ok).toBe(true);
    if (!stopped.ok) return;
    const folder = stopped.value.savedInFallbackFolder ?? harness.saveFolder;
    const probed = await ffprobe(path.join(folder, stopped.value.fileName));
    expect(durationOf(probed)).toBeGreaterThan(7.5);
  });

  it('writes failing as on a pulled USB stick (EIO): the lesson continues in the fallback folder from the next chunk on', async () => {
    const recording = await makeRecording(fixtures, { seconds: 8, codec: 'h264' });
    const chunks = await readChunks(recording, 40_000);
    const failAfter = Math.floor(chunks.length / 2);
    const drive = driveThatIsPulledAfter(failAfter);
    const harness = await createHarness({ createChunkFile: drive.createChunkFile });
    const sessionId = await startSession(harness);
    for (const [seq, data] of chunks.entries()) {
      const reply = await harness.handlers['session:append-chunk']([{ sessionId, recorder: 1, seq, data }]);
      expect(reply.ok, `chunk ${seq}`).toBe(true);
    }
    expect(drive.pulled()).toBe(true);
    expect(
      notices(harness, 'folder-gone')
        .map((n) => n.params?.fallback)
        .join(),
    ).toContain(path.join(harness.stateDir, 'recordings'));

    const stopped = await harness.handlers['session:stop']([{ sessionId }]);
    expect(stopped.ok).toBe(true);
    if (!stopped.ok) return;
    const probed = await ffprobe(path.join(harness.saveFolder, stopped.value.fileName));
    // Both parts: the one written before the failure and the continuation (which resumes at the next
    // cluster, so up to about a second is skipped).
    expect(durationOf(probed)).toBeGreaterThan(6);
    expect(probed.streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
  });

  it('a new file can start from the stream header and any later chunk (the continuation used when writes fail)', async () => {
    const recording = await makeRecording(fixtures, { seconds: 6, codec: 'h264' });
    const bytes = await fs.readFile(recording);
    const header = matroskaHeaderLength(bytes);
    expect(header).toBeGreaterThan(100);
    expect(header).toBeLessThan(4096);
    expect(matroskaHeaderLength(bytes.subarray(10))).toBeUndefined();
    const dir = await makeTempDir('continuation');
    const continued = path.join(dir, 'continued.mkv');
    await fs.writeFile(continued, Buffer.concat([bytes.subarray(0, header), bytes.subarray(Math.floor(bytes.length / 2) + 777)]));
    const out = path.join(dir, 'continued.mp4');
    const harness = await createHarness();
    void harness;
    const { execFile } = await import('node:child_process');
    await new Promise<void>((resolve, reject) =>
      execFile('ffmpeg', ['-v', 'error', '-i', continued, '-c:v', 'copy', '-c:a', 'aac', out], (error) => (error ? reject(error) : resolve())),
    );
    expect(durationOf(await ffprobe(out))).toBeGreaterThan(2);
  });
});
