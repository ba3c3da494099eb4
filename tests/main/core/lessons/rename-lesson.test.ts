import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode, LessonListItem, Result } from '../../../../common/ipc-contract';
import { renamedBaseName } from '../../../../main/core/lessons/rename-lesson';
import { makeRecording, makeTempDir, readChunks } from '../../../helpers/media';
import { createHarness, H264_MIME, type ServiceHarness } from '../../../helpers/service';

const run = promisify(execFile);
let mp4: Buffer;

beforeAll(async () => {
  const source = await makeRecording(await makeTempDir('fixtures'), { seconds: 2, codec: 'h264' });
  const file = path.join(path.dirname(source), 'lesson.mp4');
  await run('ffmpeg', ['-hide_banner', '-v', 'error', '-y', '-i', source, '-c:v', 'copy', '-c:a', 'aac', file]);
  mp4 = await fs.readFile(file);
});

function codeOf(result: Result<unknown>): ErrorCode | 'ok' {
  return result.ok ? 'ok' : result.error.code;
}

/** A harness whose save folder holds real MP4 lessons with these names (each with its own bytes). */
async function folderWith(...names: string[]): Promise<{ harness: ServiceHarness; lessons: Map<string, LessonListItem> }> {
  const harness = await createHarness();
  await fs.mkdir(harness.saveFolder, { recursive: true });
  for (const [index, name] of names.entries()) {
    await fs.writeFile(path.join(harness.saveFolder, name), Buffer.concat([mp4, Buffer.from([index])]));
  }
  const listed = await harness.handlers['lessons:list']([]);
  if (!listed.ok) throw new Error(listed.error.message);
  return { harness, lessons: new Map(listed.value.map((lesson) => [lesson.fileName, lesson])) };
}

async function filesIn(folder: string): Promise<string[]> {
  return (await fs.readdir(folder)).filter((name) => !name.startsWith('.')).sort();
}

describe('renaming a saved lesson', () => {
  it('renames a lesson just recorded: new title, same date, same bytes, the same id plays it and the list shows it', async () => {
    const harness = await createHarness();
    const chunks = await readChunks(await makeRecording(await makeTempDir('fixtures'), { seconds: 2, codec: 'h264' }), 40_000);
    const started = await harness.handlers['session:start']([{ title: 'Fractions', mimeType: H264_MIME, hasAudio: true }]);
    if (!started.ok) throw new Error(started.error.message);
    for (const [seq, data] of chunks.entries())
      await harness.handlers['session:append-chunk']([{ sessionId: started.value.sessionId, recorder: 1, seq, data }]);
    const stopped = await harness.handlers['session:stop']([{ sessionId: started.value.sessionId }]);
    if (!stopped.ok) throw new Error(stopped.error.message);
    const date = / (\d{4}-\d{2}-\d{2} \d{2}-\d{2})\.mp4$/.exec(stopped.value.fileName)![1];
    const before = await fs.readFile(path.join(harness.saveFolder, stopped.value.fileName));

    const renamed = await harness.handlers['lesson:rename']([{ lessonId: stopped.value.lessonId, title: '  Algebra: week 1 ' }]);
    if (!renamed.ok) throw new Error(renamed.error.message);
    expect(renamed.value.fileName).toBe(`Algebra week 1 ${date}.mp4`);
    expect(renamed.value.title).toBe(`Algebra week 1 ${date}`);
    expect(renamed.value.lessonId).toBe(stopped.value.lessonId);
    expect(renamed.value.durationSeconds).toBeGreaterThan(1.5);
    expect(renamed.value.sizeBytes).toBe(before.length);
    expect(await filesIn(harness.saveFolder)).toEqual([renamed.value.fileName]);
    expect(await fs.readFile(path.join(harness.saveFolder, renamed.value.fileName))).toEqual(before);

    expect(codeOf(await harness.handlers['lesson:open']([{ lessonId: stopped.value.lessonId }]))).toBe('ok');
    expect(harness.opened).toEqual([path.join(harness.saveFolder, renamed.value.fileName)]);
    const listed = await harness.handlers['lessons:list']([]);
    expect(listed.ok && listed.value.map((lesson) => [lesson.lessonId, lesson.fileName])).toEqual([[stopped.value.lessonId, renamed.value.fileName]]);
  });

  it('never overwrites another lesson: a taken name gets "(2)", and the other file is untouched', async () => {
    const { harness, lessons } = await folderWith('Maths 2026-01-05 09-00.mp4', 'Science 2026-01-05 09-00.mp4', 'Maths 2026-01-05 09-00 (2).mp4');
    const maths = await fs.readFile(path.join(harness.saveFolder, 'Maths 2026-01-05 09-00.mp4'));
    const science = lessons.get('Science 2026-01-05 09-00.mp4')!;
    const renamed = await harness.handlers['lesson:rename']([{ lessonId: science.lessonId, title: 'Maths' }]);
    expect(renamed.ok && renamed.value.fileName).toBe('Maths 2026-01-05 09-00 (3).mp4');
    expect(await fs.readFile(path.join(harness.saveFolder, 'Maths 2026-01-05 09-00.mp4'))).toEqual(maths);
    expect(await filesIn(harness.saveFolder)).toEqual(['Maths 2026-01-05 09-00 (2).mp4', 'Maths 2026-01-05 09-00 (3).mp4', 'Maths 2026-01-05 09-00.mp4']);

    // Renaming "(3)" to its own title again changes nothing (it does not become "(4)").
    const again = await harness.handlers['lesson:rename']([{ lessonId: science.lessonId, title: 'Maths' }]);
    expect(again.ok && again.value.fileName).toBe('Maths 2026-01-05 09-00 (3).mp4');
    const same = await harness.handlers['lesson:rename']([{ lessonId: lessons.get('Maths 2026-01-05 09-00.mp4')!.lessonId, title: 'Maths' }]);
    expect(same.ok && same.value.fileName).toBe('Maths 2026-01-05 09-00.mp4');
  });

  it('keeps hostile titles inside the folder and out of device names; refuses titles with nothing in them', async () => {
    const { harness, lessons } = await folderWith('Lesson 2026-03-01 10-30.mp4');
    const { lessonId } = lessons.get('Lesson 2026-03-01 10-30.mp4')!;
    const rename = (title: string) => harness.handlers['lesson:rename']([{ lessonId, title }]);

    const traversal = await rename('../x');
    expect(traversal.ok && traversal.value.fileName).toBe('x 2026-03-01 10-30.mp4');
    const device = await rename('con');
    expect(device.ok && device.value.fileName).toBe('con lesson 2026-03-01 10-30.mp4');
    const separators = await rename('..\\..\\Windows/System32');
    expect(separators.ok && separators.value.fileName).toBe('Windows System32 2026-03-01 10-30.mp4');
    const chinese = await rename('分数的加法');
    expect(chinese.ok && chinese.value.fileName).toBe('分数的加法 2026-03-01 10-30.mp4');

    for (const title of ['', '   ', '...', '///', '\u0000\u200b']) {
      const refused = await rename(title);
      expect(codeOf(refused), JSON.stringify(title)).toBe('invalid-title');
      if (!refused.ok) expect(refused.error.message).toMatch(/empty/);
    }
    expect(await filesIn(harness.saveFolder)).toEqual(['分数的加法 2026-03-01 10-30.mp4']);
    expect(await filesIn(path.dirname(harness.saveFolder))).toEqual([path.basename(harness.saveFolder)]);
  });

  it('answers lesson-missing for a deleted file and unknown-lesson for an id main never gave', async () => {
    const { harness, lessons } = await folderWith('Gone 2026-03-01 10-30.mp4');
    await fs.rm(path.join(harness.saveFolder, 'Gone 2026-03-01 10-30.mp4'));
    const missing = await harness.handlers['lesson:rename']([{ lessonId: lessons.get('Gone 2026-03-01 10-30.mp4')!.lessonId, title: 'New' }]);
    expect(codeOf(missing)).toBe('lesson-missing');
    if (!missing.ok) expect(missing.error.message).toContain('moved or deleted');
    expect(await filesIn(harness.saveFolder)).toEqual([]);
    const unknown = await harness.handlers['lesson:rename']([{ lessonId: '00000000-0000-4000-8000-000000000000', title: 'New' }]);
    expect(codeOf(unknown)).toBe('unknown-lesson');
  });

  it('keeps the date and the "(recovered)" mark, drops the old "(N)", and renames a file without a date to the title alone', () => {
    expect(renamedBaseName('Lesson 2026-01-05 09-00 (recovered).mp4', 'Biology')).toBe('Biology 2026-01-05 09-00 (recovered)');
    expect(renamedBaseName('Lesson 2026-01-05 09-00 (recovered) (2).mp4', 'Biology')).toBe('Biology 2026-01-05 09-00 (recovered)');
    expect(renamedBaseName('Maths 2026-01-05 09-00 (7).mp4', 'Art')).toBe('Art 2026-01-05 09-00');
    expect(renamedBaseName('My video.mp4', 'Art')).toBe('Art');
    // A name written in Chinese keeps its Chinese mark.
    expect(renamedBaseName('课堂 2026-01-05 09-00 (已恢复) (3).mp4', '生物')).toBe('生物 2026-01-05 09-00 (已恢复)');
    expect(renamedBaseName('Lesson 2026-01-05 09-00.MP4', 'Art')).toBe('Art 2026-01-05 09-00');
  });
});
