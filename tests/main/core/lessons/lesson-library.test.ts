import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DurationCache, listLessonFiles, probeDuration } from '../../../../main/core/lessons/lesson-library';
import { makeRecording, makeTempDir } from '../../../helpers/media';
import { createHarness } from '../../../helpers/service';

const run = promisify(execFile);

/** A real MP4 lesson of `seconds`, written into `folder` as `name` with the given modification time. */
async function makeLesson(folder: string, name: string, seconds: number, modified: Date): Promise<string> {
  const source = await makeRecording(await makeTempDir('fixtures'), { seconds, codec: 'h264' });
  const file = path.join(folder, name);
  await run('ffmpeg', ['-hide_banner', '-v', 'error', '-y', '-i', source, '-c:v', 'copy', '-c:a', 'aac', file]);
  await fs.utimes(file, modified, modified);
  return file;
}

describe('the lessons list shows the MP4 lessons in the save folder', () => {
  it('lists them newest first with title, date, duration and size; ids work with Show in folder', async () => {
    const harness = await createHarness();
    await fs.mkdir(harness.saveFolder, { recursive: true });
    const older = await makeLesson(harness.saveFolder, 'Fractions.mp4', 2, new Date('2026-01-05T09:00:00Z'));
    const newer = await makeLesson(harness.saveFolder, '分数 第二课.mp4', 3, new Date('2026-02-10T09:00:00Z'));
    // Not lessons: hidden files, other extensions, the work folder.
    await fs.writeFile(path.join(harness.saveFolder, '.partial.mp4'), 'x');
    await fs.writeFile(path.join(harness.saveFolder, 'notes.txt'), 'x');
    await fs.mkdir(path.join(harness.saveFolder, '.classroom-recorder', 'x.mp4'), { recursive: true });

    const listed = await harness.handlers['lessons:list']([]);
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.map((lesson) => lesson.title)).toEqual(['分数 第二课', 'Fractions']);
    const [first, second] = listed.value;
    expect(first!.fileName).toBe('分数 第二课.mp4');
    expect(first!.modifiedAt).toBe('2026-02-10T09:00:00.000Z');
    expect(first!.durationSeconds).toBeCloseTo(3, 0);
    expect(second!.durationSeconds).toBeCloseTo(2, 0);
    expect(first!.sizeBytes).toBe((await fs.stat(newer)).size);
    // The renderer gets ids, never paths.
    expect(JSON.stringify(listed.value)).not.toContain(harness.saveFolder);

    expect((await harness.handlers['lesson:show-in-folder']([{ lessonId: second!.lessonId }])).ok).toBe(true);
    expect(harness.shown).toEqual([older]);
    expect((await harness.handlers['lesson:open']([{ lessonId: first!.lessonId }])).ok).toBe(true);
    expect(harness.opened).toEqual([newer]);
    const unknown = await harness.handlers['lesson:open']([{ lessonId: older }]);
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe('invalid-request');
    // A refresh keeps the same ids.
    const again = await harness.handlers['lessons:list']([]);
    expect(again.ok && again.value.map((lesson) => lesson.lessonId)).toEqual(listed.value.map((lesson) => lesson.lessonId));
  });

  it('answers an empty list for a missing folder and refuses arguments', async () => {
    const harness = await createHarness();
    const listed = await harness.handlers['lessons:list']([]);
    expect(listed).toEqual({ ok: true, value: [] });
    const refused = await harness.handlers['lessons:list'](['/etc']);
    expect(refused.ok ? 'ok' : refused.error.code).toBe('invalid-request');
  });

  it('probes only the newest lessons and lists the rest without a duration; no ffmpeg, no durations', async () => {
    const folder = await makeTempDir('many');
    await makeLesson(folder, 'a.mp4', 1, new Date('2026-01-01T00:00:00Z'));
    await makeLesson(folder, 'b.mp4', 1, new Date('2026-01-02T00:00:00Z'));
    const capped = await listLessonFiles(folder, new DurationCache(probeDuration('ffmpeg')), 1);
    expect(capped.map((lesson) => [lesson.title, lesson.durationSeconds !== undefined])).toEqual([
      ['b', true],
      ['a', false],
    ]);
    const unprobed = await listLessonFiles(folder, undefined);
    expect(unprobed.every((lesson) => lesson.durationSeconds === undefined)).toBe(true);
  });

  it('probes at most 3 lessons at once, and a refresh of lessons that did not change starts no ffmpeg', async () => {
    // A stand-in ffmpeg that notes how many probes run beside it, then is the real one.
    const dir = await makeTempDir('probe-count');
    const running = path.join(dir, 'running');
    const log = path.join(dir, 'log');
    await fs.mkdir(running);
    const standIn = path.join(dir, 'ffmpeg');
    await fs.writeFile(standIn, `#!/bin/sh\nmkdir "${running}/$$"\nls "${running}" | wc -l >> "${log}"\nsleep 0.2\nrmdir "${running}/$$"\nexec ffmpeg "$@"\n`, {
      mode: 0o755,
    });
    const harness = await createHarness({ ffmpeg: { available: true, source: 'setting', path: standIn } });
    await fs.mkdir(harness.saveFolder, { recursive: true });
    const first = await makeLesson(harness.saveFolder, 'Lesson 1.mp4', 1, new Date('2026-03-01T08:00:00Z'));
    for (let i = 2; i <= 12; i++) await fs.copyFile(first, path.join(harness.saveFolder, `Lesson ${i}.mp4`));
    // An empty file left by a finish that died between claiming the name and moving the MP4: no lesson.
    await fs.writeFile(path.join(harness.saveFolder, 'Lesson 13.mp4'), '');

    const probes = async () => (await fs.readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number);
    const listed = await harness.handlers['lessons:list']([]);
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value).toHaveLength(12);
    expect(listed.value.every((lesson) => lesson.durationSeconds !== undefined)).toBe(true);
    const seen = await probes();
    console.log(`[probes] ${seen.length} probes, at most ${Math.max(...seen)} at once`);
    expect(seen).toHaveLength(12);
    expect(Math.max(...seen)).toBeLessThanOrEqual(3);
    expect(Math.max(...seen)).toBeGreaterThanOrEqual(2);

    await harness.handlers['lessons:list']([]);
    expect(await probes()).toHaveLength(12);
    // A lesson that changed (rewritten, trimmed) is probed again, and only that one.
    const later = new Date('2026-03-02T08:00:00Z');
    await fs.utimes(path.join(harness.saveFolder, 'Lesson 5.mp4'), later, later);
    await harness.handlers['lessons:list']([]);
    expect(await probes()).toHaveLength(13);
  });
});
