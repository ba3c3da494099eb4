import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { UPLOAD_PROBLEMS, type UploadPause, type UploadProblem } from '../../../common/ipc-contract';
import type { UploadSettings } from '../../../common/settings';
import { chaptersFileOf } from '../lessons/lesson-parts';
import { readJsonOrUndefined, writeJsonAtomic } from '../storage/atomic-json';
import { uploadFile } from './multipart-upload';
import { objectKeyFor } from './object-key';
import { s3Operations, type S3ClientOptions, type S3Connection, type SchoolStorage } from './s3-client';
import { UploadError } from './s3-operations';

const QueueEntryShape = v.object({
  id: v.string(),
  file: v.string(),
  /** The file as it was queued: a file renamed outside the app is found again by these (a rename keeps both). */
  size: v.number(),
  mtimeMs: v.number(),
  /** The lesson's day decides its folder in the bucket, not the upload's. */
  recordedAtMs: v.number(),
  state: v.picklist(['waiting', 'uploaded', 'failed']),
  problem: v.optional(v.picklist(UPLOAD_PROBLEMS)),
  /** How many times in a row the file changed while it was sent (it is given up on after a few). */
  changedTries: v.optional(v.number()),
  key: v.optional(v.string()),
  etag: v.optional(v.string()),
  chaptersKey: v.optional(v.string()),
  uploadedAtMs: v.optional(v.number()),
  /** Moved to the trash by the clean-up (only ever after it was verified on the server). */
  trashedAtMs: v.optional(v.number()),
});
export type QueueEntry = v.InferOutput<typeof QueueEntryShape>;
const QueueFileShape = v.object({ version: v.literal(1), entries: v.array(QueueEntryShape) });

/** Problems of the settings or the server, not of one lesson: every waiting lesson would fail the same way. */
const SETUP_PROBLEMS = new Set<UploadProblem>(['wrong-key', 'no-such-bucket', 'clock-off', 'denied', 'not-set-up']);
/** A file that changes while it is sent (a trim, a rename of its parts) is sent again, but not forever. */
const CHANGED_TRIES = 3;
/** How long to wait before trying an unreachable server again: then every minute (or at once on `nudge`). */
const DEFAULT_RETRY_DELAYS_MS = [2000, 5000, 15_000, 30_000, 60_000];
const DAY_MS = 24 * 60 * 60 * 1000;

export interface UploadQueueDeps {
  /** Where the queue and each upload's journal are kept: `<state>/uploads/`. */
  folder: string;
  settings: () => UploadSettings;
  /** The secret key (undefined: none stored). */
  secret: () => Promise<string | undefined>;
  /** Whether a lesson records now (uploads then wait, unless the settings allow them). */
  isRecording: () => boolean;
  /** Something changed that the teacher sees: a lesson's state, the percent sent, a pause. */
  onChange: () => void;
  /** The S3 client (test seam; default `s3Operations`). */
  storage?: (connection: S3Connection, options: S3ClientOptions) => SchoolStorage;
  /** Moves a file to the OS trash (the clean-up of old uploaded lessons); absent: no clean-up. */
  trashItem?: (file: string) => Promise<void>;
  now?: () => number;
  retryDelaysMs?: readonly number[];
  partBytes?: number;
}

/** The upload being sent now. */
export interface CurrentUpload {
  file: string;
  percent: number;
}

/**
 * The lessons waiting for the school's storage, kept in `queue.json` so they survive quitting, sleep and
 * a crash; sent one at a time in the background (`uploadFile`, which resumes from its journal). It pauses
 * while a lesson records (unless allowed), while the storage is off or not set up, and while the server
 * cannot be reached (tried again with growing delays, or at once on `nudge`: the computer woke up).
 */
export class UploadQueue {
  private entries: QueueEntry[] = [];
  private readonly queueFile: string;
  private loaded: Promise<void> | undefined;
  private running: Promise<void> | undefined;
  private current: { entry: QueueEntry; percent: number; controller: AbortController } | undefined;
  private pausedBecause: UploadPause | undefined;
  /** The server was unreachable at the last try: shown as waiting for the network until a part goes through. */
  private offline = false;
  private unreachableTries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private again = false;
  /** Writes of queue.json, one after another. */
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly deps: UploadQueueDeps) {
    this.queueFile = path.join(deps.folder, 'queue.json');
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** Reads the queue a previous run left and starts sending in the background (if the settings say so). */
  start(): Promise<void> {
    this.loaded ??= (async () => {
      const parsed = v.safeParse(QueueFileShape, await readJsonOrUndefined(this.queueFile));
      this.entries = parsed.success ? parsed.output.entries : [];
    })();
    return this.loaded.then(() => {
      if (!this.running) void this.nudge();
    });
  }

  /** A lesson was saved: it joins the queue when uploads are on. */
  async add(file: string, recordedAtMs = this.now()): Promise<void> {
    await this.start();
    if (!this.deps.settings().enabled) return;
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat) return;
    this.entries = this.entries.filter((entry) => entry.file !== file);
    this.entries.push({ id: randomUUID(), file, size: stat.size, mtimeMs: stat.mtimeMs, recordedAtMs, state: 'waiting' });
    await this.save();
    this.changed();
    void this.nudge();
  }

  /**
   * The app renamed, trimmed or re-chaptered a lesson: its entry follows the file, and a file whose bytes
   * changed is sent again (the object already sent stays; the new one gets a suffix, never overwrites).
   */
  async fileChanged(previous: string, file: string): Promise<void> {
    await this.start();
    const entry = this.entries.find((item) => item.file === previous);
    if (!entry) return;
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat) return;
    const sameBytes = stat.size === entry.size && stat.mtimeMs === entry.mtimeMs;
    if (this.current?.entry === entry && !sameBytes) this.current.controller.abort(new UploadError('changed', 'the lesson was edited'));
    Object.assign(entry, { file, size: stat.size, mtimeMs: stat.mtimeMs });
    // Renamed only: an uploaded lesson stays uploaded (its object keeps the name it was sent with).
    if (!sameBytes && (entry.state !== 'waiting' || entry.problem)) reset(entry);
    await this.save();
    this.changed();
    void this.nudge();
  }

  /** The teacher's Retry: a failed lesson waits for its turn again (and the queue tries at once). */
  async retry(file: string): Promise<void> {
    await this.start();
    const entry = this.entries.find((item) => item.file === file);
    if (entry && entry.state === 'failed') {
      reset(entry);
      await this.save();
    }
    this.unreachableTries = 0;
    this.changed();
    void this.nudge();
  }

  /** The settings or the secret changed: lessons that failed because of them are tried again. */
  async setupChanged(): Promise<void> {
    await this.start();
    for (const entry of this.entries) if (entry.state === 'failed' && entry.problem && SETUP_PROBLEMS.has(entry.problem)) reset(entry);
    await this.save();
    this.unreachableTries = 0;
    this.changed();
    void this.nudge();
  }

  /** A lesson started or stopped recording: an upload in flight stops (it goes on later from its journal). */
  recordingChanged(): void {
    if (this.current && this.deps.isRecording() && !this.deps.settings().whileRecording) this.current.controller.abort('recording');
    void this.nudge();
  }

  /** Tries now rather than at the next retry (the computer woke up, the network came back, the settings changed). */
  nudge(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.stopped || !this.loaded) return Promise.resolve();
    if (this.running) {
      // Asked while a pass runs (a lesson added just as it found nothing to send): it runs once more.
      this.again = true;
      return this.running;
    }
    const loaded = this.loaded;
    this.running = (async () => {
      await loaded;
      do {
        this.again = false;
        await this.run();
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** App quit: the upload in flight stops between two requests; its journal lets the next launch go on. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.current?.controller.abort('quit');
    await this.running?.catch(() => undefined);
    await this.saving;
  }

  /** What the teacher sees: every entry, the one being sent, and why nothing is sent. */
  snapshot(): { entries: readonly QueueEntry[]; current?: CurrentUpload; pausedBecause?: UploadPause } {
    const pending = this.entries.some((entry) => entry.state === 'waiting');
    // A try while the network is away is not shown as uploading: the teacher sees "waiting for the network" until a part goes through.
    const sending = this.current && !this.offline ? this.current : undefined;
    return {
      entries: this.entries,
      current: sending && { file: sending.entry.file, percent: sending.percent },
      pausedBecause: sending || !pending ? undefined : this.pausedBecause,
    };
  }

  /** Whether anything is still to be sent (the quit warning). */
  pendingCount(): number {
    return this.entries.filter((entry) => entry.state === 'waiting').length;
  }

  private changed(): void {
    this.deps.onChange();
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      const next = this.entries.find((entry) => entry.state === 'waiting');
      const pause = (await this.pauseReason()) ?? (this.offline ? 'offline' : undefined);
      if (pause !== this.pausedBecause) {
        this.pausedBecause = pause;
        this.changed();
      }
      await this.cleanUp();
      if (!next || (pause && pause !== 'offline')) return;
      const outcome = await this.send(next);
      if (outcome === 'unreachable') {
        this.offline = true;
        this.pausedBecause = 'offline';
        this.changed();
        const delays = this.deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
        const delay = delays[Math.min(this.unreachableTries, delays.length - 1)]!;
        this.unreachableTries++;
        if (!this.stopped) {
          this.retryTimer = setTimeout(() => void this.nudge(), delay);
          this.retryTimer.unref?.();
        }
        return;
      }
      if (outcome === 'aborted') return;
      this.unreachableTries = 0;
      this.offline = false;
    }
  }

  private async pauseReason(): Promise<UploadPause | undefined> {
    const settings = this.deps.settings();
    if (!settings.enabled) return 'off';
    if (!connectionOf(settings, await this.deps.secret())) return 'not-set-up';
    if (this.deps.isRecording() && !settings.whileRecording) return 'recording';
    return undefined;
  }

  /** Sends one lesson (and its chapters file); answers what the queue does next. */
  private async send(entry: QueueEntry): Promise<'done' | 'unreachable' | 'aborted'> {
    const settings = this.deps.settings();
    const connection = connectionOf(settings, await this.deps.secret());
    if (!connection) return 'aborted';
    const controller = new AbortController();
    this.current = { entry, percent: 0, controller };
    this.changed();
    const storage = (this.deps.storage ?? s3Operations)(connection, { bytesPerSecond: (settings.maxMbps * 1e6) / 8, signal: controller.signal });
    try {
      if (!(await this.locate(entry))) {
        fail(entry, 'missing');
        return 'done';
      }
      const key = objectKeyFor(settings, new Date(entry.recordedAtMs), path.basename(entry.file));
      const sent = await uploadFile(entry.file, key, {
        s3: storage,
        journalFile: path.join(this.deps.folder, `${entry.id}.json`),
        partBytes: this.deps.partBytes,
        signal: controller.signal,
        onProgress: (sentBytes, totalBytes) => {
          if (this.current?.entry !== entry) return;
          this.offline = false;
          this.current.percent = Math.floor((100 * sentBytes) / Math.max(totalBytes, 1));
          this.changed();
        },
      });
      const chapters = chaptersFileOf(entry.file);
      let chaptersKey: string | undefined;
      if (chapters !== entry.file && (await exists(chapters))) {
        const wanted = sent.key.replace(/\.mp4$/i, '.chapters.vtt');
        chaptersKey = (
          await uploadFile(chapters, wanted, { s3: storage, journalFile: path.join(this.deps.folder, `${entry.id}.chapters.json`), signal: controller.signal })
        ).key;
      }
      Object.assign(entry, {
        state: 'uploaded',
        key: sent.key,
        etag: sent.etag,
        chaptersKey,
        uploadedAtMs: this.now(),
        problem: undefined,
        changedTries: undefined,
      });
      console.info(
        `[upload] ${path.basename(entry.file)} → ${sent.key}: ${sent.alreadyThere ? 'already there' : `${sent.partsSent} parts sent, ${sent.partsKept} kept from before`}, verified`,
      );
      return 'done';
    } catch (error) {
      const reason = controller.signal.aborted ? controller.signal.reason : undefined;
      const problem = reason instanceof UploadError ? reason.problem : error instanceof UploadError ? error.problem : undefined;
      // Stopped on purpose: a lesson records, the app quits, or the app edited the file (it is sent anew).
      if (reason !== undefined) return reason instanceof UploadError ? 'done' : 'aborted';
      console.warn(`[upload] ${path.basename(entry.file)}: ${problem ?? 'failed'} (${error instanceof Error ? error.message : String(error)})`);
      if (problem === 'unreachable') return 'unreachable';
      if (problem === 'changed') {
        entry.changedTries = (entry.changedTries ?? 0) + 1;
        if (entry.changedTries >= CHANGED_TRIES) fail(entry, 'changed');
        return 'done';
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') fail(entry, 'missing');
      else if (problem && SETUP_PROBLEMS.has(problem)) {
        // Wrong key, no bucket, clock off: every waiting lesson says why, and waits for the settings to change or Retry.
        for (const other of this.entries) if (other.state === 'waiting') fail(other, problem);
      } else fail(entry, problem ?? 'server');
      return 'done';
    } finally {
      storage.close();
      this.current = undefined;
      await this.save();
      this.changed();
    }
  }

  /** The entry's file, or where it went: a lesson renamed outside the app is found by its size and mtime in its folder. */
  private async locate(entry: QueueEntry): Promise<boolean> {
    if (await exists(entry.file)) return true;
    const folder = path.dirname(entry.file);
    const names = await fs.readdir(folder).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.toLowerCase().endsWith('.mp4')) continue;
      const candidate = path.join(folder, name);
      const stat = await fs.stat(candidate).catch(() => undefined);
      if (stat && stat.size === entry.size && stat.mtimeMs === entry.mtimeMs && !this.entries.some((other) => other.file === candidate)) {
        console.info(`[upload] ${path.basename(entry.file)} was renamed outside the app to ${name}`);
        entry.file = candidate;
        return true;
      }
    }
    return false;
  }

  /**
   * Frees space, when the settings ask: lessons uploaded and verified, recorded `trashAfterDays` ago or
   * more, whose file is still the very file that was verified (same size and mtime), go to the trash.
   * Never one that is not verified (the clean-up that deleted lessons never uploaded, FIELD.md).
   */
  private async cleanUp(): Promise<void> {
    const days = this.deps.settings().trashAfterDays;
    if (!this.deps.trashItem || days <= 0) return;
    let trashed = false;
    for (const entry of this.entries) {
      if (entry.state !== 'uploaded' || !entry.etag || entry.trashedAtMs !== undefined) continue;
      if (this.now() - entry.recordedAtMs < days * DAY_MS) continue;
      const stat = await fs.stat(entry.file).catch(() => undefined);
      if (!stat || stat.size !== entry.size || stat.mtimeMs !== entry.mtimeMs) continue;
      try {
        await this.deps.trashItem(entry.file);
        if (entry.chaptersKey) await this.deps.trashItem(chaptersFileOf(entry.file)).catch(() => undefined);
        entry.trashedAtMs = this.now();
        trashed = true;
        console.info(`[upload] ${path.basename(entry.file)} moved to the trash: on the school's storage as ${entry.key}, verified`);
      } catch (error) {
        console.warn(`[upload] could not move ${path.basename(entry.file)} to the trash: ${String(error)}`);
      }
    }
    if (trashed) {
      await this.save();
      this.changed();
    }
  }

  private save(): Promise<void> {
    const write = () => writeJsonAtomic(this.queueFile, { version: 1, entries: this.entries });
    this.saving = this.saving.then(write, write).catch((error: unknown) => console.warn(`[upload] could not save the queue: ${String(error)}`));
    return this.saving;
  }
}

/** The settings and the secret as a connection; undefined while something needed is missing. */
export function connectionOf(settings: UploadSettings, secret: string | undefined): S3Connection | undefined {
  if (!settings.endpoint || !settings.bucket || !settings.accessKeyId || !secret) return undefined;
  return {
    endpoint: settings.endpoint,
    region: settings.region || 'us-east-1',
    bucket: settings.bucket,
    accessKeyId: settings.accessKeyId,
    secretAccessKey: secret,
    pathStyle: settings.pathStyle,
  };
}

function reset(entry: QueueEntry): void {
  Object.assign(entry, {
    state: 'waiting',
    problem: undefined,
    changedTries: undefined,
    key: undefined,
    etag: undefined,
    uploadedAtMs: undefined,
    chaptersKey: undefined,
  });
}

function fail(entry: QueueEntry, problem: UploadProblem): void {
  Object.assign(entry, { state: 'failed', problem });
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    (stat) => stat.isFile(),
    () => false,
  );
}
