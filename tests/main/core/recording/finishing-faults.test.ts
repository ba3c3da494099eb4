import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppState, LessonSummary } from '../../../../common/ipc-contract';
import { UNREADABLE_FOLDER } from '../../../../main/core/recording/lesson-finisher';
import type { JournalEntry } from '../../../../main/core/recording/session-journal';
import { lessonBaseName } from '../../../../main/core/lessons/lesson-file-name';
import { decodesCleanly, durationOf, ffprobe, makeRecording, makeTempDir, readChunks, digestOf } from '../../../helpers/media';
import { driveThatIsPulledAfter } from '../../../helpers/pulled-drive';
import { createHarness, H264_MIME, type ServiceHarness } from '../../../helpers/service';

const run = promisify(execFile);
/** `chattr +i` makes a folder refuse new files even for root (ext4 and most Linux filesystems; not tmpfs). */
const canChattr = process.platform === 'linux' && process.getuid?.() === 0;

let fixtures: string;
let fourSeconds: Uint8Array[];
let threeSeconds: Uint8Array[];
const cleanups: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  fixtures = await makeTempDir('fixtures');
  fourSeconds = await readChunks(await makeRecording(fixtures, { seconds: 4, codec: 'h264' }), 40_000);
  threeSeconds = await readChunks(await makeRecording(fixtures, { seconds: 3, codec: 'h264', width: 320, height: 240 }), 40_000);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined);
});

async function start(harness: ServiceHarness, title: string): Promise<{ sessionId: string; resumeToken: string }> {
  const started = await harness.handlers['session:start']([{ title, mimeType: H264_MIME, hasAudio: true }]);
  if (!started.ok) throw new Error(started.error.message);
  return started.value;
}

async function feed(harness: ServiceHarness, sessionId: string, recorder: number, chunks: Uint8Array[]): Promise<void> {
  for (const [seq, data] of chunks.entries()) {
    const reply = await harness.handlers['session:append-chunk']([{ sessionId, recorder, seq, data }]);
    if (!reply.ok) throw new Error(`chunk ${seq} of recorder ${recorder}: ${reply.error.code} ${reply.error.message}`);
  }
}

async function newRecorder(harness: ServiceHarness, sessionId: string, resumeToken: string | null, cause = 'recorder-stalled') {
  return harness.handlers['session:continue']([{ sessionId, resumeToken, mimeType: H264_MIME, hasAudio: true, cause }]);
}

async function journalOf(harness: ServiceHarness, sessionId: string): Promise<JournalEntry> {
  return JSON.parse(await fs.readFile(path.join(harness.stateDir, 'sessions', `${sessionId}.json`), 'utf8')) as JournalEntry;
}

async function state(harness: ServiceHarness): Promise<AppState> {
  const result = await harness.handlers['app:get-state']([]);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** A stand-in ffmpeg that answers fluent-ffmpeg's capability questions as the real one, then hangs on every job and probe. */
async function hungFfmpeg(): Promise<string> {
  const dir = await makeTempDir('hung-ffmpeg');
  const file = path.join(dir, 'ffmpeg');
  await fs.writeFile(file, '#!/bin/sh\ncase "$*" in *-formats*|*-encoders*|*-codecs*|*-filters*) exec ffmpeg "$@";; esac\nwhile :; do sleep 1; done\n', {
    mode: 0o755,
  });
  cleanups.push(() => run('pkill', ['-KILL', '-f', file]).catch(() => undefined));
  return file;
}

async function processesOf(file: string): Promise<number> {
  const { stdout } = await run('pgrep', ['-f', file]).catch(() => ({ stdout: '' }));
  return stdout.split('\n').filter(Boolean).length;
}

describe('a hung ffmpeg never blocks for ever', () => {
  it('is killed when it gives no sign of progress; the raw recording stays, the teacher is told, and the next lesson starts meanwhile', async () => {
    const ffmpeg = await hungFfmpeg();
    const harness = await createHarness({
      ffmpeg: { available: true, source: 'setting', path: ffmpeg },
      ffmpegPatience: { idleMs: 1500, probeMs: 1500, baseMs: 20_000, msPerMediaSecond: 0 },
    });
    const first = await start(harness, 'Hung converter');
    await feed(harness, first.sessionId, 1, fourSeconds);
    const stopping = harness.handlers['session:stop']([{ sessionId: first.sessionId }]);
    // While the first lesson is being finished (and its ffmpeg hangs), the next one starts.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const next = await start(harness, 'Next lesson');
    expect(next.sessionId).not.toBe(first.sessionId);

    const startedAt = Date.now();
    const stopped = await stopping;
    const waited = (Date.now() - startedAt) / 1000;
    console.log(`[hung ffmpeg] Stop answered ${waited.toFixed(1)} s after the next lesson started`);
    expect(stopped.ok).toBe(false);
    if (stopped.ok) return;
    expect(stopped.error.code).toBe('finish-failed');
    expect(stopped.error.problem?.code).toBe('ffmpeg-timed-out');
    // Every hung job was killed: none of the stand-in's processes is left running the lesson's jobs.
    await expect.poll(() => processesOf(ffmpeg), { timeout: 5000 }).toBeLessThanOrEqual(1); // the live ffmpeg of the next lesson
    // The raw recording is kept, whole, and listed to be finished later.
    const entry = await journalOf(harness, first.sessionId);
    expect(entry.state).toBe('failed');
    expect(await digestOf(Buffer.concat(await Promise.all(entry.segments.map((s) => fs.readFile(s.rawPath)))))).toBe(
      await digestOf(Buffer.concat(fourSeconds)),
    );
    expect((await state(harness)).unfinishedSessions.map((s) => [s.sessionId, s.problem.code])).toEqual([[first.sessionId, 'ffmpeg-timed-out']]);
    await harness.service.shutdown();
  });
});

describe('a lesson is saved if any of it was recorded', () => {
  it('a part with nothing readable between two good ones is left out: one MP4 of the rest, the gap told, its bytes kept', async () => {
    const harness = await createHarness();
    const { sessionId, resumeToken } = await start(harness, 'Three parts');
    await feed(harness, sessionId, 1, fourSeconds);
    const second = await newRecorder(harness, sessionId, resumeToken);
    if (!second.ok) throw new Error(second.error.message);
    // A recorder that handed out bytes but no stream (no Matroska header): what a broken recorder gives.
    const junk = new Uint8Array(30_000).fill(0x42);
    await feed(harness, sessionId, second.value.recorder, [junk]);
    const third = await newRecorder(harness, sessionId, resumeToken);
    if (!third.ok) throw new Error(third.error.message);
    await feed(harness, sessionId, third.value.recorder, threeSeconds);

    const stopped = await harness.handlers['session:stop']([{ sessionId }]);
    expect(stopped.ok, stopped.ok ? '' : stopped.error.message).toBe(true);
    if (!stopped.ok) return;
    const mp4 = path.join(harness.saveFolder, stopped.value.fileName);
    const seconds = durationOf(await ffprobe(mp4));
    expect(seconds).toBeGreaterThan(6.5);
    expect(seconds).toBeLessThan(7.5);
    expect(await decodesCleanly(mp4)).toBe(true);
    expect(stopped.value.gaps).toHaveLength(1);
    const gap = stopped.value.gaps![0]!;
    expect(Date.parse(gap.to)).toBeGreaterThanOrEqual(Date.parse(gap.from));
    const kept = path.join(harness.stateDir, UNREADABLE_FOLDER, sessionId, 'segment-02.mkv');
    expect(await digestOf(kept)).toBe(await digestOf(junk));
    expect(await fs.readdir(path.join(harness.stateDir, 'sessions'))).toEqual([]);
  });

  it('a 0-byte segment a crash left among good ones (killed right after a new recorder took over): recovered as one MP4', async () => {
    const harness = await createHarness();
    const { sessionId, resumeToken } = await start(harness, 'Crash after takeover');
    await feed(harness, sessionId, 1, fourSeconds);
    expect((await newRecorder(harness, sessionId, resumeToken, 'renderer-restarted')).ok).toBe(true);
    // The app dies here: the new segment is open and empty, the journal names it.
    await harness.service.shutdown();
    const entry = await journalOf(harness, sessionId);
    expect(entry.segments).toHaveLength(2);
    expect((await fs.stat(entry.segments[1]!.rawPath)).size).toBe(0);

    const relaunched = await createHarness({ stateDir: harness.stateDir, saveFolder: harness.saveFolder });
    const recovered = await relaunched.service.recoverInterruptedSessions();
    expect(recovered.map((lesson) => lesson.fileName)).toEqual([expect.stringMatching(/^Crash after takeover .* \(recovered\)\.mp4$/)]);
    expect(durationOf(await ffprobe(path.join(harness.saveFolder, recovered[0]!.fileName)))).toBeGreaterThan(3.5);
    expect(recovered[0]!.gaps).toHaveLength(1);
    // An empty part holds nothing worth keeping.
    await expect(fs.access(path.join(harness.stateDir, UNREADABLE_FOLDER, sessionId))).rejects.toThrow();
  });

  it('a part on a drive that is not connected keeps the lesson waiting (listed, with why) until it is back, or the teacher saves without it', async () => {
    // The USB stick under the save folder starts failing (EIO) halfway: the lesson goes on in the app's
    // own folder, and the first part stays on the stick.
    const failAfter = Math.floor(fourSeconds.length / 2);
    const drive = driveThatIsPulledAfter(failAfter);
    const harness = await createHarness({ createChunkFile: drive.createChunkFile });
    const { sessionId } = await start(harness, 'USB lesson');
    await feed(harness, sessionId, 1, fourSeconds);
    const entry = await journalOf(harness, sessionId);
    expect(entry.segments).toHaveLength(2);
    const stick = path.dirname(entry.segments[0]!.rawPath);
    expect(path.dirname(entry.segments[1]!.rawPath)).not.toBe(stick);
    // At Stop the stick is not there (unplugged).
    const away = `${stick}.unplugged`;
    await fs.rename(stick, away);
    const stopped = await harness.handlers['session:stop']([{ sessionId }]);
    expect(stopped.ok).toBe(false);
    if (stopped.ok) return;
    expect(stopped.error.problem).toMatchObject({ code: 'segment-missing', folder: stick });
    const waiting = (await state(harness)).unfinishedSessions;
    expect(waiting.map((s) => [s.sessionId, s.problem.code])).toEqual([[sessionId, 'segment-missing']]);

    // Trying again without the stick keeps it waiting; a relaunch does not give up on it either.
    expect((await harness.handlers['session:retry-finish']([{ sessionId }])).ok).toBe(false);
    const relaunched = await createHarness({ stateDir: harness.stateDir, saveFolder: harness.saveFolder });
    expect(await relaunched.service.recoverInterruptedSessions()).toEqual([]);
    expect((await state(relaunched)).unfinishedSessions.map((s) => s.sessionId)).toEqual([sessionId]);

    // The stick comes back: the whole lesson is saved, both parts.
    await fs.rename(away, stick);
    const retried = await relaunched.handlers['session:retry-finish']([{ sessionId }]);
    expect(retried.ok, retried.ok ? '' : retried.error.message).toBe(true);
    if (!retried.ok) return;
    expect(durationOf(await ffprobe(path.join(harness.saveFolder, retried.value.fileName)))).toBeGreaterThan(3);
    expect((await state(relaunched)).unfinishedSessions).toEqual([]);
  });

  it('the teacher lets a missing part go: the rest is saved and said to be incomplete', async () => {
    const harness = await createHarness();
    const { sessionId, resumeToken } = await start(harness, 'Let it go');
    await feed(harness, sessionId, 1, fourSeconds);
    const second = await newRecorder(harness, sessionId, resumeToken);
    if (!second.ok) throw new Error(second.error.message);
    await feed(harness, sessionId, second.value.recorder, threeSeconds);
    const entry = await journalOf(harness, sessionId);
    // Only the first part's file is gone (its drive is lost for good).
    await fs.rm(entry.segments[0]!.rawPath);
    expect((await harness.handlers['session:stop']([{ sessionId }])).ok).toBe(false);

    const saved = await harness.handlers['session:save-without-missing']([{ sessionId }]);
    expect(saved.ok, saved.ok ? '' : saved.error.message).toBe(true);
    if (!saved.ok) return;
    expect(durationOf(await ffprobe(path.join(harness.saveFolder, saved.value.fileName)))).toBeCloseTo(3, 0);
    expect(harness.events.some((e) => e.channel === 'app:notice' && (e.payload as { code: string }).code === 'saved-without-missing')).toBe(true);
    expect((await state(harness)).unfinishedSessions).toEqual([]);
  });

  it.runIf(canChattr)('a retry after a failed save reuses the live MP4 that verified, and never deletes it', async () => {
    const harness = await createHarness();
    const { sessionId } = await start(harness, 'Retry keeps live');
    await feed(harness, sessionId, 1, fourSeconds);
    // Neither the save folder (immutable: no new file in it, even for root) nor the app's own folder can
    // take the MP4 at Stop; the lesson's work folder inside the save folder stays writable.
    await fs.writeFile(path.join(harness.stateDir, 'Saved lessons'), 'a file where a folder should be');
    await run('chattr', ['+i', harness.saveFolder]);
    cleanups.push(() => run('chattr', ['-i', harness.saveFolder]));
    const stopped = await harness.handlers['session:stop']([{ sessionId }]);
    expect(stopped.ok).toBe(false);
    if (stopped.ok) return;
    expect(stopped.error.problem?.code).toBe('folder-unwritable');
    const entry = await journalOf(harness, sessionId);
    expect(entry.segments[0]!.liveOk).toBe(true);
    const live = entry.segments[0]!.livePath!;
    const liveBytes = await fs.readFile(live);

    await run('chattr', ['-i', harness.saveFolder]);
    await fs.rm(path.join(harness.stateDir, 'Saved lessons'));
    harness.events.length = 0;
    const retried = await harness.handlers['session:retry-finish']([{ sessionId }]);
    expect(retried.ok, retried.ok ? '' : retried.error.message).toBe(true);
    if (!retried.ok) return;
    // The live MP4 was used as it was: no conversion from the raw file, the same bytes in the folder.
    const stages = harness.events.filter((e) => e.channel === 'finish:progress').map((e) => (e.payload as { stage: string }).stage);
    expect(stages).not.toContain('remuxing');
    expect(harness.events.some((e) => (e.payload as { code?: string }).code === 'live-remux-fallback')).toBe(false);
    expect(await digestOf(path.join(harness.saveFolder, retried.value.fileName))).toBe(await digestOf(liveBytes));
  });
});

describe('the MP4 lands whole or not at all', () => {
  it('an empty claim left by a finish that died between claiming the name and moving the MP4 is removed, not listed as a lesson', async () => {
    const harness = await createHarness();
    const { sessionId } = await start(harness, 'Claimed');
    await feed(harness, sessionId, 1, fourSeconds);
    await harness.service.shutdown();
    // What such a crash leaves: the journal names the claim; the claimed file is empty.
    const entry = await journalOf(harness, sessionId);
    const base = lessonBaseName(entry.title, new Date(entry.startedAt));
    const claim = path.join(harness.saveFolder, `${base}.mp4`);
    await fs.writeFile(claim, '');
    const old = new Date(Date.now() - 10 * 60_000);
    await fs.utimes(claim, old, old);
    await fs.writeFile(path.join(harness.stateDir, 'sessions', `${sessionId}.json`), JSON.stringify({ ...entry, claim: { folder: harness.saveFolder, base } }));
    const listed = await harness.handlers['lessons:list']([]);
    expect(listed.ok && listed.value).toEqual([]);

    const relaunched = await createHarness({ stateDir: harness.stateDir, saveFolder: harness.saveFolder });
    const recovered: LessonSummary[] = await relaunched.service.recoverInterruptedSessions();
    expect(recovered).toHaveLength(1);
    const names = (await fs.readdir(harness.saveFolder)).filter((name) => name.endsWith('.mp4'));
    expect(names).toEqual([recovered[0]!.fileName]);
  });
});
