import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { partsAfterTrim, planTrim } from '../../../../main/core/lessons/lesson-trim';
import { moveToXdgTrash } from '../../../../main/core/storage/xdg-trash';
import { createHarness, okValue, type ServiceHarness } from '../../../helpers/service';
import { chaptersOf, digestOf, durationOf, ffprobe, makeTempDir } from '../../../helpers/media';
import { canMountTmpfs, mountTmpfs } from '../../../helpers/tmpfs';

const run = promisify(execFile);

/**
 * A lesson as the app saves it (H.264 with a keyframe every second, AAC), `minutes` long, with parts:
 * one minute encoded, then repeated by stream copy (an hour in a few seconds).
 */
async function makeLesson(folder: string, name: string, minutes: number, chapters: Array<[number, string]>): Promise<string> {
  const scratch = await makeTempDir('lesson-src');
  const minute = path.join(scratch, 'minute.mp4');
  await run('ffmpeg', [
    ...[
      '-hide_banner',
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x180:rate=30:duration=60',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:duration=60',
    ],
    // A low bitrate: an hour is ~40 MB, so this test does not load the disk for the tests after it (the
    // time an hour of a real lesson takes is bench/trim-time.ts's to measure).
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-bf', '0', '-b:v', '60k', '-maxrate', '60k', '-bufsize', '120k'],
    ...['-c:a', 'aac', '-b:a', '24k', minute],
  ]);
  const metadata = path.join(scratch, 'parts.txt');
  const total = minutes * 60;
  await fs.writeFile(
    metadata,
    `;FFMETADATA1\n${chapters
      .map(([start, title], index) => `[CHAPTER]\nTIMEBASE=1/1\nSTART=${start}\nEND=${chapters[index + 1]?.[0] ?? total}\ntitle=${title}\n`)
      .join('')}`,
  );
  const file = path.join(folder, `${name}.mp4`);
  await fs.mkdir(folder, { recursive: true });
  await run(
    'ffmpeg',
    ['-hide_banner', '-v', 'error', '-y', '-stream_loop', String(minutes - 1), '-i', minute, '-f', 'ffmetadata', '-i', metadata].concat([
      '-map',
      '0',
      '-map_chapters',
      '1',
      '-c',
      'copy',
      file,
    ]),
  );
  await fs.rm(scratch, { recursive: true, force: true });
  return file;
}

async function lessonIdOf(harness: ServiceHarness, fileName: string): Promise<string> {
  const lessons = okValue(await harness.handlers['lessons:list']([]));
  return lessons.find((lesson) => lesson.fileName === fileName)!.lessonId;
}

describe('the dead minutes cut: a lossless trim of a saved lesson', () => {
  it('an hour-long lesson trimmed at both ends: the start on the keyframe before, the end where asked, parts moved, the original in the trash', async () => {
    const trashHome = await makeTempDir('trash-home');
    const harness = await createHarness({ trashItem: (file) => moveToXdgTrash(file, { XDG_DATA_HOME: trashHome }) });
    const file = await makeLesson(harness.saveFolder, 'Maths 2026-12-02 08-00', 60, [
      [0, 'Start'],
      [600, 'Fractions'],
      [1800, 'Group work'],
      [3300, 'Homework'],
    ]);
    const original = await digestOf(await fs.readFile(file));
    const lessonId = await lessonIdOf(harness, 'Maths 2026-12-02 08-00.mp4');

    // The teacher asks to begin at 5:00.5 and end at 57:00: the start falls on the keyframe at 5:00.
    const plan = okValue(await harness.handlers['lesson:plan-trim']([{ lessonId, fromSeconds: 300.5, toSeconds: 3420 }]));
    expect(plan.fromSeconds).toBeCloseTo(300, 1);
    expect(plan.toSeconds).toBe(3420);
    expect(plan.durationSeconds).toBeCloseTo(3120, 1);

    const started = Date.now();
    const { lesson, originalInTrash } = okValue(await harness.handlers['lesson:trim']([{ lessonId, fromSeconds: 300.5, toSeconds: 3420 }]));
    const seconds = (Date.now() - started) / 1000;
    console.log(`[trim] an hour (${((await fs.stat(file)).size / 1e6).toFixed(0)} MB) trimmed at both ends in ${seconds.toFixed(1)} s`);

    expect(lesson).toMatchObject({ lessonId, fileName: 'Maths 2026-12-02 08-00.mp4' });
    expect(lesson.durationSeconds).toBeCloseTo(3120, 1);
    expect(originalInTrash).toBe(true);
    expect(Math.abs(durationOf(await ffprobe(file)) - 3120)).toBeLessThan(0.1);
    const chapters = await chaptersOf(file);
    expect(chapters.map((chapter) => chapter.title)).toEqual(['Start', 'Fractions', 'Group work', 'Homework']);
    [0, 300, 1500, 3000].forEach((start, index) => expect(Math.abs(chapters[index]!.start - start)).toBeLessThan(0.1));
    expect(lesson.parts?.map((part) => Math.round(part.startSeconds))).toEqual([0, 300, 1500, 3000]);
    expect(await fs.readFile(file.replace(/\.mp4$/, '.chapters.vtt'), 'utf8')).toMatch(/\n00:2[45]:\d\d\.\d{3} --> 00:(49|50):\d\d\.\d{3}\nGroup work\n/);
    // The original, whole, in the desktop's trash, with where it came from.
    const trashed = path.join(trashHome, 'Trash', 'files', 'Maths 2026-12-02 08-00.mp4');
    expect(await digestOf(await fs.readFile(trashed))).toBe(original);
    const info = await fs.readFile(path.join(trashHome, 'Trash', 'info', 'Maths 2026-12-02 08-00.mp4.trashinfo'), 'utf8');
    expect(info).toMatch(
      new RegExp(
        `^\\[Trash Info\\]\\nPath=${encodeURI(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\nDeletionDate=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\n$`,
      ),
    );
    // Nothing else is left in the folder: no scratch file, one lesson.
    expect((await fs.readdir(harness.saveFolder)).sort()).toEqual(['Maths 2026-12-02 08-00.chapters.vtt', 'Maths 2026-12-02 08-00.mp4']);
    await fs.rm(trashHome, { recursive: true, force: true });
    await fs.rm(harness.saveFolder, { recursive: true, force: true });
  });

  it.skipIf(!canMountTmpfs)('a trim that fails (the disk fills up) leaves the original untouched, and nothing else', async () => {
    const made = await makeLesson(await makeTempDir('made'), 'Full 2026-12-02 09-00', 3, [
      [0, 'Start'],
      [60, 'Middle'],
    ]);
    // Room for the lesson and half of it again: not for the trimmed copy.
    const disk = await mountTmpfs(Math.round((await fs.stat(made)).size * 1.5));
    try {
      const trashHome = await makeTempDir('trash-home');
      const harness = await createHarness({
        saveFolder: path.join(disk.dir, 'Lessons'),
        trashItem: (file) => moveToXdgTrash(file, { XDG_DATA_HOME: trashHome }),
      });
      await fs.mkdir(harness.saveFolder, { recursive: true });
      const file = path.join(harness.saveFolder, path.basename(made));
      await fs.copyFile(made, file);
      const before = await digestOf(await fs.readFile(file));
      const lessonId = await lessonIdOf(harness, 'Full 2026-12-02 09-00.mp4');
      const result = await harness.handlers['lesson:trim']([{ lessonId, fromSeconds: 5, toSeconds: 175 }]);
      expect(result).toMatchObject({ ok: false, error: { code: 'edit-failed', params: { problem: 'disk-full' } } });
      expect(await digestOf(await fs.readFile(file))).toBe(before);
      expect(await fs.readdir(harness.saveFolder)).toEqual(['Full 2026-12-02 09-00.mp4']);
      expect(await fs.readdir(path.join(trashHome, 'Trash', 'files')).catch(() => [])).toEqual([]);
    } finally {
      await disk.unmount();
    }
  });

  it('without a trash (or one that refuses), the original stays and the trimmed lesson is saved beside it', async () => {
    const harness = await createHarness({
      trashItem: async () => {
        throw new Error('the trash is on another disk');
      },
    });
    const file = await makeLesson(harness.saveFolder, 'Art 2026-12-02 10-00', 2, [[0, 'Start']]);
    const before = await digestOf(await fs.readFile(file));
    const lessonId = await lessonIdOf(harness, 'Art 2026-12-02 10-00.mp4');
    const { lesson, originalInTrash } = okValue(await harness.handlers['lesson:trim']([{ lessonId, fromSeconds: 10, toSeconds: 100 }]));
    expect(originalInTrash).toBe(false);
    expect(lesson.fileName).toBe('Art 2026-12-02 10-00 (2).mp4');
    expect(await digestOf(await fs.readFile(file))).toBe(before);
    expect(Math.abs(durationOf(await ffprobe(path.join(harness.saveFolder, lesson.fileName))) - 90)).toBeLessThan(0.1);
    // The id now means the trimmed lesson; bad ranges are refused before anything runs.
    const tooShort = await harness.handlers['lesson:trim']([{ lessonId, fromSeconds: 0, toSeconds: 0.5 }]);
    expect(tooShort, JSON.stringify(tooShort)).toMatchObject({
      ok: false,
      error: { code: 'edit-failed', params: { problem: 'nothing-left' } },
    });
    expect(await harness.handlers['lesson:trim']([{ lessonId, fromSeconds: -1, toSeconds: 50 }])).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(await harness.handlers['lesson:plan-trim']([{ lessonId, fromSeconds: Number.NaN, toSeconds: 50 }])).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
  });

  it('plans a cut on the keyframe at or before the time asked, and moves the parts with it', () => {
    const keyframes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(planTrim(keyframes, 10, 3.7, 8.25)).toEqual({ fromSeconds: 3, toSeconds: 8.25, durationSeconds: 5.25 });
    expect(planTrim(keyframes, 10, 0, 99)).toEqual({ fromSeconds: 0, toSeconds: 10, durationSeconds: 10 });
    expect(() => planTrim(keyframes, 10, 9.5, 9.9)).toThrow(expect.objectContaining({ code: 'edit-failed' }));
    const parts = [
      { title: 'Start', startSeconds: 0 },
      { title: 'Intro', startSeconds: 2 },
      { title: 'Main', startSeconds: 4 },
      { title: 'After the end', startSeconds: 9 },
    ];
    expect(partsAfterTrim(parts, { fromSeconds: 3, toSeconds: 8.25, durationSeconds: 5.25 })).toEqual([
      { title: 'Intro', startSeconds: 0 },
      { title: 'Main', startSeconds: 1 },
    ]);
  });
});
