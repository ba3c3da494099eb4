import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireInstanceLock, askOwner, lockAddress } from '../../../../main/core/storage/instance-lock';
import { startCoreProcess, runSecondCore } from '../../../helpers/core-process';
import { durationOf, ffprobe, makeRecording, makeTempDir, readChunks } from '../../../helpers/media';
import { H264_MIME } from '../../../helpers/service';

describe('one owner for the per-user state', () => {
  it('a second copy on the same state refuses to start, says where the first is, and leaves its live lesson and files alone', async () => {
    const saveFolder = path.join(await makeTempDir('lessons'), 'Classroom Recorder');
    const stateDir = await makeTempDir('state');
    const chunks = await readChunks(await makeRecording(await makeTempDir('fixtures'), { seconds: 4, codec: 'h264' }), 40_000);
    const first = await startCoreProcess(saveFolder, stateDir);
    try {
      const started = await first.post(
        '/api/invoke/session:start',
        JSON.stringify([{ title: 'Live', mimeType: H264_MIME, hasAudio: true }]),
        'application/json',
      );
      expect(started.ok).toBe(true);
      const sessionId = started.value.sessionId as string;
      const half = Math.floor(chunks.length / 2);
      for (let seq = 0; seq < half; seq++)
        expect((await first.post(`/api/chunk/${sessionId}/1/${seq}`, chunks[seq]!, 'application/octet-stream')).ok).toBe(true);
      const journal = path.join(stateDir, 'sessions', `${sessionId}.json`);
      const before = await fs.readFile(journal, 'utf8');
      const rawFile = JSON.parse(before).segments[0].rawPath as string;
      const rawBefore = (await fs.stat(rawFile)).size;

      // The teacher (or a script) starts a second copy on the same state.
      const second = await runSecondCore(saveFolder, stateDir);
      expect(second.code).toBe(3);
      expect(second.output).toContain('already running');
      expect(second.output).toContain(first.url);
      // It recovered nothing, finished nothing, deleted nothing.
      expect(await fs.readFile(journal, 'utf8')).toBe(before);
      expect((await fs.stat(rawFile)).size).toBe(rawBefore);
      expect((await fs.readdir(saveFolder)).filter((name) => name.endsWith('.mp4'))).toEqual([]);

      // The first copy's lesson goes on and is saved whole.
      for (let seq = half; seq < chunks.length; seq++)
        expect((await first.post(`/api/chunk/${sessionId}/1/${seq}`, chunks[seq]!, 'application/octet-stream')).ok).toBe(true);
      const stopped = await first.post('/api/invoke/session:stop', JSON.stringify([{ sessionId }]), 'application/json');
      expect(stopped.ok, JSON.stringify(stopped.error)).toBe(true);
      expect(durationOf(await ffprobe(path.join(saveFolder, stopped.value.fileName)))).toBeGreaterThan(3.5);
    } finally {
      first.child.kill('SIGTERM');
      await new Promise((resolve) => first.child.once('exit', resolve));
    }
  });

  it('a copy that died (kill -9) does not keep the state locked: the next launch takes it and recovers the lesson', async () => {
    const saveFolder = path.join(await makeTempDir('lessons'), 'Classroom Recorder');
    const stateDir = await makeTempDir('state');
    const chunks = await readChunks(await makeRecording(await makeTempDir('fixtures'), { seconds: 3, codec: 'h264' }), 40_000);
    const first = await startCoreProcess(saveFolder, stateDir);
    const started = await first.post(
      '/api/invoke/session:start',
      JSON.stringify([{ title: 'Killed', mimeType: H264_MIME, hasAudio: true }]),
      'application/json',
    );
    for (const [seq, data] of chunks.entries()) await first.post(`/api/chunk/${started.value.sessionId}/1/${seq}`, data, 'application/octet-stream');
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    // The socket file is still there, but no one answers on it.
    expect(await askOwner(lockAddress(stateDir))).toBeUndefined();

    const again = await startCoreProcess(saveFolder, stateDir);
    try {
      await expect.poll(async () => (await fs.readdir(saveFolder)).filter((name) => name.endsWith('(recovered).mp4')), { timeout: 30_000 }).toHaveLength(1);
      await expect.poll(() => again.output()).toContain('recovered Killed');
    } finally {
      again.child.kill('SIGTERM');
      await new Promise((resolve) => again.child.once('exit', resolve));
    }
  });

  it('in one process: the owner answers who it is and takes "show"; the lock goes with release', async () => {
    const stateDir = await makeTempDir('state');
    let shown = 0;
    const held = await acquireInstanceLock(stateDir, { kind: 'desktop', pid: 4242 }, () => shown++);
    expect(held.acquired).toBe(true);
    const refused = await acquireInstanceLock(stateDir, { kind: 'browser', pid: 1 });
    expect(refused).toEqual({ acquired: false, owner: { kind: 'desktop', pid: 4242 } });
    expect(await askOwner(lockAddress(stateDir), 'show')).toEqual({ kind: 'desktop', pid: 4242 });
    await expect.poll(() => shown).toBe(1);
    if (held.acquired) await held.lock.release();
    const next = await acquireInstanceLock(stateDir, { kind: 'browser', pid: 2 });
    expect(next.acquired).toBe(true);
    if (next.acquired) await next.lock.release();
  });
});
