import fs from 'node:fs/promises';
import path from 'node:path';
import type { FinishProblem, NewRecorderCause, RecordingCodec } from '../../../common/ipc-contract';
import type { MarkRecord } from '../lessons/lesson-parts';
import { readJsonOrUndefined, writeJsonAtomic } from '../storage/atomic-json';

/** Why a segment began: Record, a new recorder taking over, or the save folder gone mid-lesson. */
export type SegmentCause = 'start' | NewRecorderCause | 'folder-gone';

/**
 * One raw file of a lesson. A new MediaRecorder (a restarted page, a stalled recorder healed) starts a
 * new one, and so does the save folder disappearing; Stop joins them.
 */
export interface SegmentRecord {
  /** Raw Matroska/WebM exactly as MediaRecorder produced it: the truth. */
  rawPath: string;
  /** The MP4 built live during the lesson, if any. */
  livePath?: string;
  /** When the segment was opened (ISO 8601). Absent in journals written before it was recorded. */
  startedAt?: string;
  cause?: SegmentCause;
  /** Filled in when the segment is closed: when, how much lesson it holds (pauses excluded), its size, and whether its live MP4 finished cleanly. */
  closedAt?: string;
  recordedMs?: number;
  /** How long the lesson was paused in this segment. */
  pausedMs?: number;
  bytes?: number;
  liveOk?: boolean;
}

/**
 * What the app knows about a lesson that is not finished yet, on disk so that a crash or power cut
 * cannot take it away (Kap `recording-history.ts`). Written at start, at each new segment, and when
 * finishing fails; deleted once the MP4 is safely in the teacher's folder.
 */
export interface JournalEntry {
  version: 1;
  sessionId: string;
  title: string;
  /** ISO time the teacher pressed Record; names the file. */
  startedAt: string;
  mimeType: string;
  codec: RecordingCodec;
  hasAudio: boolean;
  /** The teacher's folder the MP4 is meant for. */
  saveFolder: string;
  /** Where this lesson's raw and partial files live. */
  workDir: string;
  segments: SegmentRecord[];
  state: 'recording' | 'finishing' | 'failed';
  /** Why finishing failed (the renderer words it). Journals written before codes hold a sentence. */
  problem?: FinishProblem | string;
  /**
   * The folder and base name about to be claimed for the MP4, written before the claim is made: if the
   * app dies between the claim (an empty file) and the move, the next finish removes that empty file
   * instead of leaving a "lesson" of 0 bytes for good.
   */
  claim?: { folder: string; base: string };
  /** The parts the teacher marked, in order (journalled at once, so a crash keeps them). */
  marks?: MarkRecord[];
  /** How many times the lesson was paused (written at Stop, for the receipt). */
  pauses?: number;
  /** Seconds the microphone was silent, as the pages counted them (written at Stop, for the receipt). */
  silentSeconds?: number;
  /** Frames of the picture lost because the machine could not keep up, as the pages counted them (written at Stop). */
  framesDropped?: number;
}

function isJournalEntry(value: unknown): value is JournalEntry {
  const entry = value as Partial<JournalEntry> | undefined;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    entry.version === 1 &&
    typeof entry.sessionId === 'string' &&
    typeof entry.workDir === 'string' &&
    typeof entry.saveFolder === 'string' &&
    typeof entry.startedAt === 'string' &&
    Array.isArray(entry.segments) &&
    entry.segments.every((segment) => typeof segment?.rawPath === 'string')
  );
}

/** The folder of journal entries in the app's state folder, one JSON file per unfinished lesson. */
export class SessionJournal {
  readonly dir: string;

  constructor(stateDir: string) {
    this.dir = path.join(stateDir, 'sessions');
  }

  private fileFor(sessionId: string): string {
    return path.join(this.dir, `${sessionId}.json`);
  }

  async write(entry: JournalEntry): Promise<void> {
    await writeJsonAtomic(this.fileFor(entry.sessionId), entry);
  }

  async remove(sessionId: string): Promise<void> {
    await fs.rm(this.fileFor(sessionId), { force: true });
  }

  async read(sessionId: string): Promise<JournalEntry | undefined> {
    const value = await readJsonOrUndefined(this.fileFor(sessionId));
    return isJournalEntry(value) ? value : undefined;
  }

  /** Every well-formed entry; damaged files are skipped (and left for a human to look at). */
  async list(): Promise<JournalEntry[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return [];
    }
    const entries: JournalEntry[] = [];
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      const value = await readJsonOrUndefined(path.join(this.dir, name));
      if (isJournalEntry(value)) entries.push(value);
    }
    return entries;
  }
}
