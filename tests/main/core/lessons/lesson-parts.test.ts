import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { partsOfLesson, webVttChapters } from '../../../../main/core/lessons/lesson-parts';
import { createHarness, H264_MIME, okValue, type ServiceHarness } from '../../../helpers/service';
import { chaptersOf, makeRecording, makeTempDir, readChunks } from '../../../helpers/media';

/**
 * A lesson on a clock the test moves: 6 s recorded in the first segment with a 2 s pause in it, then the
 * page restarts and 4 s more. Marks at lesson times 3 s, 5 s (after the pause) and 8 s (after the restart).
 */
async function lessonWithMarks(clock: { now: number }, harness: ServiceHarness): Promise<string> {
  const fixtures = await makeTempDir('fixtures');
  const first = await readChunks(await makeRecording(fixtures, { seconds: 6, codec: 'h264' }), 50_000);
  const second = await readChunks(await makeRecording(fixtures, { seconds: 4, codec: 'h264', width: 640, height: 360 }), 50_000);
  const h = harness.handlers;
  clock.now = 0;
  const started = okValue(await h['session:start']([{ title: 'Fractions', mimeType: H264_MIME, hasAudio: true }]));
  const sessionId = started.sessionId;
  clock.now = 3000;
  expect(okValue(await h['session:mark']([{ sessionId }]))).toEqual({ part: 2, startSeconds: 3 });
  clock.now = 4000;
  okValue(await h['session:pause']([{ sessionId }]));
  clock.now = 6000;
  okValue(await h['session:resume']([{ sessionId }]));
  clock.now = 7000;
  expect(okValue(await h['session:mark']([{ sessionId }])).part).toBe(3);
  okValue(await h['session:name-part']([{ sessionId, part: 3, title: 'Halves; and = quarters' }]));
  clock.now = 8000;
  for (const [seq, data] of first.entries()) okValue(await h['session:append-chunk']([{ sessionId, recorder: 1, seq, data }]));
  // The page restarts: a new recorder, a new segment.
  const continued = okValue(
    await h['session:continue']([{ sessionId, resumeToken: started.resumeToken, mimeType: H264_MIME, hasAudio: true, cause: 'renderer-restarted' }]),
  );
  clock.now = 10_000;
  expect(okValue(await h['session:mark']([{ sessionId }]))).toEqual({ part: 4, startSeconds: 8 });
  // The page after the restart sees the marks again.
  expect(okValue(await h['app:get-state']([])).activeSessions[0]!.marks.map((mark) => mark.title)).toEqual(['', 'Halves; and = quarters', '']);
  clock.now = 12_000;
  for (const [seq, data] of second.entries()) okValue(await h['session:append-chunk']([{ sessionId, recorder: continued.recorder, seq, data }]));
  return sessionId;
}

describe('parts marked while teaching become the MP4’s chapters', () => {
  it('marks at known times give chapters within 0.5 s of them, through a pause and a restart; named on the card later; the chapters file follows a rename', async () => {
    const clock = { now: 0 };
    const harness = await createHarness({ now: () => clock.now, language: 'en' });
    const sessionId = await lessonWithMarks(clock, harness);
    const saved = okValue(await harness.handlers['session:stop']([{ sessionId }]));
    const mp4 = path.join(harness.saveFolder, saved.fileName);

    const expected = [
      { start: 0, title: 'Start' },
      { start: 3, title: 'Part 2' },
      { start: 5, title: 'Halves; and = quarters' },
      { start: 8, title: 'Part 4' },
    ];
    const chapters = await chaptersOf(mp4);
    console.log(`[parts] chapters at ${chapters.map((chapter) => chapter.start.toFixed(2)).join(', ')} s (marked at 0, 3, 5, 8)`);
    expect(chapters.map((chapter) => chapter.title)).toEqual(expected.map((part) => part.title));
    chapters.forEach((chapter, index) => expect(Math.abs(chapter.start - expected[index]!.start), chapter.title).toBeLessThan(0.5));
    expect(saved.parts?.map((part) => part.title)).toEqual(expected.map((part) => part.title));
    const vtt = await fs.readFile(mp4.replace(/\.mp4$/, '.chapters.vtt'), 'utf8');
    expect(vtt).toMatch(/^WEBVTT\n\n1\n00:00:00\.000 --> 00:00:0\d\.\d{3}\nStart\n/);
    expect(vtt).toContain('\nHalves; and = quarters\n');

    // Later, on the lesson card: the beginning gets a name; the video is copied, not re-encoded.
    const before = (await fs.stat(mp4)).size;
    const parts = okValue(await harness.handlers['lesson:name-part']([{ lessonId: saved.lessonId, part: 1, title: 'Warm-up' }]));
    expect(parts.map((part) => part.title)).toEqual(['Warm-up', 'Part 2', 'Halves; and = quarters', 'Part 4']);
    expect((await chaptersOf(mp4)).map((chapter) => chapter.title)).toEqual(parts.map((part) => part.title));
    expect(Math.abs((await fs.stat(mp4)).size - before) / before).toBeLessThan(0.01);
    expect(await fs.readFile(mp4.replace(/\.mp4$/, '.chapters.vtt'), 'utf8')).toContain('\nWarm-up\n');
    expect(await harness.handlers['lesson:name-part']([{ lessonId: saved.lessonId, part: 9, title: 'x' }])).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    // No scratch file is left beside the lesson.
    expect((await fs.readdir(harness.saveFolder)).filter((name) => name.startsWith('.') && name !== '.classroom-recorder')).toEqual([]);

    const renamed = okValue(await harness.handlers['lesson:rename']([{ lessonId: saved.lessonId, title: 'Fractions, part one' }]));
    const names = await fs.readdir(harness.saveFolder);
    expect(names).toContain(renamed.fileName);
    expect(names).toContain(renamed.fileName.replace(/\.mp4$/, '.chapters.vtt'));
    expect(names.filter((name) => name.endsWith('.vtt'))).toHaveLength(1);
  });

  it('a crash mid-lesson keeps the marks: the recovered MP4 has its chapters', async () => {
    const clock = { now: 0 };
    const stateDir = await makeTempDir('state');
    const harness = await createHarness({ now: () => clock.now, stateDir, language: 'zh-CN' });
    await lessonWithMarks(clock, harness);
    await harness.service.shutdown(); // as the app quitting mid-lesson: the journal stays

    const relaunched = await createHarness({ stateDir, saveFolder: harness.saveFolder, language: 'zh-CN' });
    const [recovered] = await relaunched.service.recoverInterruptedSessions();
    const chapters = await chaptersOf(path.join(harness.saveFolder, recovered!.fileName));
    expect(chapters.map((chapter) => chapter.title)).toEqual(['开始', '第 2 部分', 'Halves; and = quarters', '第 4 部分']);
    [0, 3, 5, 8].forEach((start, index) => expect(Math.abs(chapters[index]!.start - start)).toBeLessThan(0.5));
  });

  it('places marks by the segments that made it into the MP4, and never makes a part of nothing', () => {
    const words = { first: 'Start', numbered: 'Part {number}' };
    const included = [
      { position: 0, seconds: 10 },
      { position: 2, seconds: 5 },
    ];
    const parts = partsOfLesson(
      [
        { position: 0, atMs: 300, title: 'Intro' }, // within a second of the start: names it
        { position: 0, atMs: 4000, title: '' },
        { position: 0, atMs: 4500, title: 'Twice' }, // a double press: one part, which takes the name
        { position: 1, atMs: 2000, title: 'Lost' }, // its segment held nothing: where the next begins
        { position: 2, atMs: 99_000, title: '' }, // past its segment's end: at that end, the lesson's end
      ],
      included,
      15,
      words,
    );
    expect(parts).toEqual([
      { title: 'Intro', startSeconds: 0 },
      { title: 'Twice', startSeconds: 4 },
      { title: 'Lost', startSeconds: 10 },
    ]);
    expect(webVttChapters([{ title: 'a --> b\nc', startSeconds: 0 }], 3725.5)).toBe('WEBVTT\n\n1\n00:00:00.000 --> 01:02:05.500\na → b c\n');
  });
});
