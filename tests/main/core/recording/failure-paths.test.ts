import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../../../../common/ipc-contract';
import { durationOf, ffprobe, makeRecording, makeTempDir, readChunks, digestOf } from '../../../helpers/media';
import { createHarness, H264_MIME, type ServiceHarness } from '../../../helpers/service';

let fixtures: string;
let recording: string;
beforeAll(async () => {
  fixtures = await makeTempDir('fixtures');
  recording = await makeRecording(fixtures, { seconds: 4, codec: 'h264' });
});

async function record(harness: ServiceHarness, chunks: Uint8Array[]): Promise<string> {
  const started = await harness.handlers['session:start']([{ title: 'Kept safe', mimeType: H264_MIME, hasAudio: true }]);
  if (!started.ok) throw new Error(started.error.message);
  for (const [seq, data] of chunks.entries()) {
    const reply = await harness.handlers['session:append-chunk']([{ sessionId: started.value.sessionId, recorder: 1, seq, data }]);
    if (!reply.ok) throw new Error(reply.error.message);
  }
  return started.value.sessionId;
}

async function unfinished(harness: ServiceHarness): Promise<AppState['unfinishedSessions']> {
  const state = await harness.handlers['app:get-state']([]);
  if (!state.ok) throw new Error(state.error.message);
  return state.value.unfinishedSessions;
}

/** The raw segment of a session as the journal names it. */
async function rawFileOf(harness: ServiceHarness, sessionId: string): Promise<string> {
  const entry = JSON.parse(await fs.readFile(path.join(harness.stateDir, 'sessions', `${sessionId}.json`), 'utf8'));
  return entry.segments[0].rawPath as string;
}

describe('when finishing fails, the recorded bytes are kept and the lesson can be finished later', () => {
  it('without ffmpeg: records, keeps the raw file byte for byte, and finishes after ffmpeg appears', async () => {
    const problem = 'The video converter (ffmpeg) was not found.';
    const harness = await createHarness({ ffmpeg: { available: false, problem } });
    const chunks = await readChunks(recording, 50_000);
    const sessionId = await record(harness, chunks);
    expect(harness.events.some((e) => e.channel === 'app:notice' && (e.payload as { code: string }).code === 'ffmpeg-missing')).toBe(true);

    const stopped = await harness.handlers['session:stop']([{ sessionId }]);
    expect(stopped.ok).toBe(false);
    if (stopped.ok) return;
    expect(stopped.error.code).toBe('finish-failed');
    expect(stopped.error.message).toContain(problem);
    expect(await digestOf(await rawFileOf(harness, sessionId))).toBe(await digestOf(recording));
    expect((await unfinished(harness)).map((s) => s.sessionId)).toEqual([sessionId]);

    // Next launch, with ffmpeg installed: the same state folder, a service that has ffmpeg.
    const relaunched = await createHarness({ stateDir: harness.stateDir, saveFolder: harness.saveFolder });
    const retried = await relaunched.handlers['session:retry-finish']([{ sessionId }]);
    expect(retried.ok).toBe(true);
    if (!retried.ok) return;
    const probed = await ffprobe(path.join(harness.saveFolder, retried.value.fileName));
    expect(durationOf(probed)).toBeGreaterThan(3.5);
    expect(await unfinished(relaunched)).toEqual([]);
  });

  it('when nothing readable was recorded: fails saying so, keeps the bytes, and makes no MP4', async () => {
    const harness = await createHarness();
    const garbage = [new Uint8Array(40_000).fill(7), new Uint8Array(40_000).fill(9)];
    const sessionId = await record(harness, garbage);
    const stopped = await harness.handlers['session:stop']([{ sessionId }]);
    expect(stopped.ok).toBe(false);
    if (stopped.ok) return;
    expect(stopped.error.code).toBe('finish-failed');
    expect(stopped.error.problem).toEqual({ code: 'nothing-recorded' });
    expect(stopped.error.keptIn).toBe(path.dirname(await rawFileOf(harness, sessionId)));
    const raw = await fs.readFile(await rawFileOf(harness, sessionId));
    expect(raw.length).toBe(80_000);
    expect((await fs.readdir(harness.saveFolder)).filter((n) => n.endsWith('.mp4'))).toEqual([]);
  });

  it('when the save folder cannot be written: records into the app folder and saves the MP4 there, saying where', async () => {
    const base = await makeTempDir('blocked');
    const blocker = path.join(base, 'not-a-folder');
    await fs.writeFile(blocker, 'a file where the folder should be');
    // mkdir under a regular file fails with ENOTDIR even for root, unlike a chmod.
    const harness = await createHarness({ saveFolder: path.join(blocker, 'Classroom Recorder') });
    const sessionId = await record(harness, await readChunks(recording, 50_000));
    expect(await rawFileOf(harness, sessionId)).toContain(path.join(harness.stateDir, 'recordings'));
    const elsewhere = harness.events.find((e) => e.channel === 'app:notice' && (e.payload as { code: string }).code === 'recording-elsewhere');
    expect((elsewhere?.payload as { params: Record<string, string> }).params.folder).toBe(path.join(blocker, 'Classroom Recorder'));

    const stopped = await harness.handlers['session:stop']([{ sessionId }]);
    expect(stopped.ok).toBe(true);
    if (!stopped.ok) return;
    const fallback = path.join(harness.stateDir, 'Saved lessons');
    expect(stopped.value.savedInFallbackFolder).toBe(fallback);
    expect(durationOf(await ffprobe(path.join(fallback, stopped.value.fileName)))).toBeGreaterThan(3.5);
    const notice = harness.events.find((e) => e.channel === 'app:notice' && (e.payload as { code: string }).code === 'saved-elsewhere');
    expect((notice?.payload as { params: Record<string, string> }).params).toEqual({ folder: harness.saveFolder, savedIn: fallback });
    expect(await fs.readdir(path.join(harness.stateDir, 'recordings'))).toEqual([]);
  });

  it('keeps the raw file when not even the fallback folder can be written, and finishes on retry', async () => {
    const base = await makeTempDir('blocked2');
    const blocker = path.join(base, 'not-a-folder');
    await fs.writeFile(blocker, 'a file where the folder should be');
    const harness = await createHarness({ saveFolder: path.join(blocker, 'Classroom Recorder') });
    await fs.writeFile(path.join(harness.stateDir, 'Saved lessons'), 'a file where the fallback folder should be');
    const sessionId = await record(harness, await readChunks(recording, 50_000));

    const stopped = await harness.handlers['session:stop']([{ sessionId }]);
    expect(stopped.ok).toBe(false);
    expect(await digestOf(await rawFileOf(harness, sessionId))).toBe(await digestOf(recording));
    expect((await unfinished(harness)).map((s) => s.sessionId)).toEqual([sessionId]);

    await fs.rm(blocker);
    const retried = await harness.handlers['session:retry-finish']([{ sessionId }]);
    expect(retried.ok).toBe(true);
    if (!retried.ok) return;
    expect(retried.value.savedInFallbackFolder).toBeUndefined();
    expect(await fs.readdir(path.join(blocker, 'Classroom Recorder'))).toContain(retried.value.fileName);
  });
});
