import fs from 'node:fs/promises';
import path from 'node:path';
import type { LessonPart } from '../../../common/ipc-contract';
import { catalogs, fillIn, type Language } from '../../../common/i18n/messages';
import type { FfmpegJob } from '../ffmpeg/ffmpeg-runner';
import type { MediaChapter } from '../ffmpeg/probe-media';
import { flushToDisk, renameWithRetry } from '../storage/durable-files';

/**
 * A lesson's parts, marked while teaching: where each begins in the saved MP4, written into it as chapters
 * (players such as VLC, mpv and QuickTime list them) and beside it as WebVTT chapters
 * (`<name>.chapters.vtt`, for players and LMSs that take a chapters track).
 */

/** A mark as the journal keeps it: which segment was recording, how far into it (pauses excluded), its name. */
export interface MarkRecord {
  /** Index in the journal entry's `segments`. */
  position: number;
  atMs: number;
  title: string;
}

/** How a part without a name is called: the first, and the others by number ("Part {number}"). */
export interface PartWords {
  first: string;
  numbered: string;
}

/** What unnamed parts are called in `language` (from its catalogue). */
export function partWordsIn(language: Language): PartWords {
  return { first: catalogs[language].firstPartTitle, numbered: catalogs[language].partTitle };
}

/** The English words, where the teacher's language is not given. */
export const ENGLISH_PART_WORDS = partWordsIn('en');

/** Parts closer together than this are one part (a double press of Mark). */
const SHORTEST_PART_SECONDS = 1;

/**
 * Where each part begins in the MP4 made of the `included` segments (in order, with their lengths there):
 * a mark's segment's start plus how far into it the mark was. A mark in a segment that is not in the MP4
 * (nothing readable in it) begins where the next included one does. The lesson's beginning is the first
 * part; a mark within a second of it names it instead of making a part of nothing.
 */
export function partsOfLesson(
  marks: readonly MarkRecord[],
  included: ReadonlyArray<{ position: number; seconds: number }>,
  totalSeconds: number,
  words: PartWords,
): LessonPart[] {
  const starts = new Map<number, number>();
  let offset = 0;
  for (const segment of included) {
    starts.set(segment.position, offset);
    offset += segment.seconds;
  }
  const placed: LessonPart[] = [{ title: '', startSeconds: 0 }];
  for (const mark of marks) {
    const segment = included.find((found) => found.position === mark.position);
    const later = included.find((found) => found.position > mark.position);
    const at = segment ? starts.get(segment.position)! + Math.min(mark.atMs / 1000, segment.seconds) : later ? starts.get(later.position)! : totalSeconds;
    placed.push({ title: mark.title.trim(), startSeconds: Math.round(at * 1000) / 1000 });
  }
  placed.sort((a, b) => a.startSeconds - b.startSeconds);
  const parts: LessonPart[] = [];
  for (const part of placed) {
    if (part.startSeconds > totalSeconds - SHORTEST_PART_SECONDS) continue;
    const previous = parts.at(-1);
    if (previous && part.startSeconds - previous.startSeconds < SHORTEST_PART_SECONDS) {
      previous.title ||= part.title;
      continue;
    }
    parts.push({ ...part });
  }
  return withTitles(parts, words);
}

/** Every part named: the teacher's name, or "Start", "Part 2", "Part 3"… */
export function withTitles(parts: LessonPart[], words: PartWords): LessonPart[] {
  return parts.map((part, index) => ({ ...part, title: part.title || (index === 0 ? words.first : fillIn(words.numbered, { number: index + 1 })) }));
}

/** The parts of a saved MP4, from its chapters (none: one part, the whole lesson). */
export function partsOfChapters(chapters: readonly MediaChapter[]): LessonPart[] {
  return chapters.map((chapter) => ({ title: chapter.title, startSeconds: chapter.startSeconds }));
}

/** ffmpeg's metadata file (`-f ffmetadata`) with one chapter per part, in milliseconds. */
export function ffmetadataText(parts: readonly LessonPart[], totalSeconds: number): string {
  // ffmetadata escapes = ; # \ and line breaks with a backslash.
  const escape = (text: string) => text.replace(/[=;#\\\n]/g, (char) => `\\${char}`);
  const lines = [';FFMETADATA1'];
  parts.forEach((part, index) => {
    const end = parts[index + 1]?.startSeconds ?? totalSeconds;
    lines.push('[CHAPTER]', 'TIMEBASE=1/1000', `START=${Math.round(part.startSeconds * 1000)}`, `END=${Math.round(end * 1000)}`, `title=${escape(part.title)}`);
  });
  return `${lines.join('\n')}\n`;
}

function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

/** A WebVTT chapters file (one cue per part; a cue's text is one line and never holds "-->"). */
export function webVttChapters(parts: readonly LessonPart[], totalSeconds: number): string {
  const cues = parts.map((part, index) => {
    const end = parts[index + 1]?.startSeconds ?? totalSeconds;
    const title = part.title.replace(/\s+/g, ' ').replace(/-->/g, '→').trim();
    return `${index + 1}\n${vttTime(part.startSeconds)} --> ${vttTime(end)}\n${title}\n`;
  });
  return `WEBVTT\n\n${cues.join('\n')}`;
}

/** The chapters file beside a lesson's MP4. */
export function chaptersFileOf(mp4: string): string {
  return mp4.replace(/\.mp4$/i, '.chapters.vtt');
}

/**
 * Writes the parts into an MP4 as its chapters by stream copy (seconds for an hour): ffmpeg copies the
 * video and audio (not an old chapter track) next to it, then the copy replaces it.
 *
 *   ffmpeg -i IN.mp4 -f ffmetadata -i PARTS.txt -map 0:v -map 0:a? -map_metadata 0 -map_chapters 1 -c copy -f mp4 OUT
 */
export function chaptersJob(input: string, metadataFile: string, output: string): FfmpegJob {
  return {
    inputs: [
      { source: input, options: [] },
      { source: metadataFile, options: ['-f', 'ffmetadata'] },
    ],
    output: { target: output, options: ['-map', '0:v', '-map', '0:a?', '-map_metadata', '0', '-map_chapters', '1', '-c', 'copy', '-f', 'mp4'] },
  };
}

/** Where the chapters pass writes: hidden files beside the MP4, so a crash leaves the original whole. */
export function chaptersScratchOf(mp4: string): { metadata: string; output: string } {
  const dir = path.dirname(mp4);
  const name = path.basename(mp4, '.mp4');
  return { metadata: path.join(dir, `.${name}.parts.txt`), output: path.join(dir, `.${name}.parts.partial.mp4`) };
}

/** Writes the chapters file beside `mp4` (a temp file first, then renamed: never half a file). */
export async function writeChaptersFile(mp4: string, parts: readonly LessonPart[], totalSeconds: number): Promise<void> {
  const file = chaptersFileOf(mp4);
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.partial`);
  await fs.writeFile(temp, webVttChapters(parts, totalSeconds));
  await renameWithRetry(temp, file);
  await flushToDisk(file).catch(() => undefined);
}
