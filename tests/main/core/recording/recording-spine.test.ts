import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORK_FOLDER_NAME } from '../../../../main/core/recorder-service';
import { decodesCleanly, durationOf, ffprobe, makeRecording, makeTempDir, readChunks } from '../../../helpers/media';
import { createHarness, H264_MIME, VP8_MIME } from '../../../helpers/service';

let fixtures: string;
beforeAll(async () => {
  fixtures = await makeTempDir('fixtures');
});

async function recordThrough(harness: Awaited<ReturnType<typeof createHarness>>, file: string, mimeType: string) {
  const started = await harness.handlers['session:start']([{ title: 'Fractions', mimeType, hasAudio: true }]);
  if (!started.ok) throw new Error(started.error.message);
  const { sessionId } = started.value;
  let seq = 0;
  for (const data of await readChunks(file, 64 * 1024)) {
    const reply = await harness.handlers['session:append-chunk']([{ sessionId, recorder: 1, seq: seq++, data }]);
    expect(reply.ok).toBe(true);
  }
  return sessionId;
}

describe('a recording becomes an MP4 in the teacher folder', () => {
  it('stream-copies H.264, converts Opus to AAC, names the file after the lesson and cleans up', async () => {
    const harness = await createHarness();
    const raw = await makeRecording(fixtures, { seconds: 6, codec: 'h264' });
    const sessionId = await recordThrough(harness, raw, H264_MIME);

    const stopped = await harness.handlers['session:stop']([{ sessionId }]);
    expect(stopped.ok).toBe(true);
    if (!stopped.ok) return;
    expect(stopped.value.fileName).toMatch(/^Fractions \d{4}-\d{2}-\d{2} \d{2}-\d{2}\.mp4$/);

    const mp4 = path.join(harness.saveFolder, stopped.value.fileName);
    const probed = await ffprobe(mp4);
    expect(probed.format.format_name).toContain('mp4');
    expect(probed.streams.map((s) => `${s.codec_type}:${s.codec_name}`)).toEqual(['video:h264', 'audio:aac']);
    expect(durationOf(probed)).toBeGreaterThan(5.5);
    expect(durationOf(probed)).toBeLessThan(6.5);
    expect(await decodesCleanly(mp4)).toBe(true);

    // The raw recording and the journal are gone only because the MP4 is verified and in place.
    expect(await fs.readdir(path.join(harness.saveFolder, WORK_FOLDER_NAME))).toEqual([]);
    expect(await fs.readdir(path.join(harness.stateDir, 'sessions'))).toEqual([]);
    const stages = harness.events.filter((e) => e.channel === 'finish:progress').map((e) => (e.payload as { stage: string }).stage);
    // The MP4 was built live during the recording: Stop only verified and moved it, no remux from raw.
    expect(stages).not.toContain('remuxing');
    expect(stages.at(-1)).toBe('done');
  });

  it('encodes a VP8 recording to H.264 when the platform could not record H.264', async () => {
    const harness = await createHarness();
    const raw = await makeRecording(fixtures, { seconds: 3, codec: 'vp8' });
    const sessionId = await recordThrough(harness, raw, VP8_MIME);
    const stopped = await harness.handlers['session:stop']([{ sessionId }]);
    expect(stopped.ok).toBe(true);
    if (!stopped.ok) return;
    const probed = await ffprobe(path.join(harness.saveFolder, stopped.value.fileName));
    expect(probed.streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
    expect(durationOf(probed)).toBeGreaterThan(2.5);
  });

  it('never overwrites an earlier lesson with the same name', async () => {
    const harness = await createHarness();
    const raw = await makeRecording(fixtures, { seconds: 2, codec: 'h264' });
    const first = await harness.handlers['session:stop']([{ sessionId: await recordThrough(harness, raw, H264_MIME) }]);
    const second = await harness.handlers['session:stop']([{ sessionId: await recordThrough(harness, raw, H264_MIME) }]);
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.value.fileName).not.toBe(first.value.fileName);
    expect(second.value.fileName).toMatch(/ \(2\)\.mp4$/);
    expect((await fs.readdir(harness.saveFolder)).filter((n) => n.endsWith('.mp4'))).toHaveLength(2);
  });

  it('shows a finished lesson in its folder by id, never by path', async () => {
    const harness = await createHarness();
    const raw = await makeRecording(fixtures, { seconds: 2, codec: 'h264' });
    const stopped = await harness.handlers['session:stop']([{ sessionId: await recordThrough(harness, raw, H264_MIME) }]);
    if (!stopped.ok) throw new Error(stopped.error.message);
    const shown = await harness.handlers['lesson:show-in-folder']([{ lessonId: stopped.value.lessonId }]);
    expect(shown.ok).toBe(true);
    expect(harness.shown).toEqual([path.join(harness.saveFolder, stopped.value.fileName)]);
    const unknown = await harness.handlers['lesson:show-in-folder']([{ lessonId: '/etc/passwd' }]);
    expect(unknown.ok).toBe(false);
  });

  it('names a lesson in the teacher’s language: an untitled one is 课堂, one recovered after a crash is marked (已恢复), and the lists read both', async () => {
    const harness = await createHarness({ language: 'zh-CN' });
    const raw = await makeRecording(fixtures, { seconds: 3, codec: 'h264' });
    const started = await harness.handlers['session:start']([{ title: '', mimeType: H264_MIME, hasAudio: true }]);
    if (!started.ok) throw new Error(started.error.message);
    for (const [seq, data] of (await readChunks(raw, 64 * 1024)).entries()) {
      await harness.handlers['session:append-chunk']([{ sessionId: started.value.sessionId, recorder: 1, seq, data }]);
    }
    const stopped = await harness.handlers['session:stop']([{ sessionId: started.value.sessionId }]);
    expect(stopped.ok && stopped.value.fileName).toMatch(/^课堂 \d{4}-\d{2}-\d{2} \d{2}-\d{2}\.mp4$/);
    expect(stopped.ok && stopped.value.lessonTitle).toBe('课堂');

    // A lesson the app was killed during, recovered at the next launch.
    const crashed = await recordThrough(harness, raw, H264_MIME);
    await harness.service.shutdown();
    const relaunched = await createHarness({ stateDir: harness.stateDir, saveFolder: harness.saveFolder });
    const [recovered] = await relaunched.service.recoverInterruptedSessions();
    void crashed;
    expect(recovered!.fileName).toMatch(/^Fractions \d{4}-\d{2}-\d{2} \d{2}-\d{2} \(已恢复\)\.mp4$/);
    const listed = await relaunched.handlers['lessons:list']([]);
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.map((lesson) => [lesson.lessonTitle, lesson.recovered]).sort()).toEqual([
      ['Fractions', true],
      ['课堂', false],
    ]);
  });
});
