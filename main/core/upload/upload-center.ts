import fs from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import type { LessonUpload, Settings, UploadStatus, UploadTestReply } from '../../../common/ipc-contract';
import { UPLOAD_FIELDS, type UploadSettings } from '../../../common/settings';
import { ServiceError } from '../service-error';
import type { SettingsStore } from '../storage/settings-store';
import { objectKeyFor } from './object-key';
import { s3Operations, type S3ClientOptions, type S3Connection, type SchoolStorage } from './s3-client';
import { UploadError } from './s3-operations';
import { SecretStore, type SecretCipher } from './secret-store';
import { connectionOf, UploadQueue, type QueueEntry } from './upload-queue';

export interface UploadCenterDeps {
  stateDir: string;
  settings: SettingsStore;
  /** How the secret key is sealed (Electron's safeStorage; browser mode: not at all). */
  cipher: SecretCipher;
  isRecording: () => boolean;
  /** The lesson id the page knows a file by (none: the page was never given one). */
  lessonIdOf: (file: string) => string | undefined;
  fileOfLesson: (lessonId: string) => string;
  /** The status changed (`uploads:changed`, the tray). */
  onChange: (status: UploadStatus) => void;
  trashItem?: (file: string) => Promise<void>;
  /** Asks the teacher for the school's settings file (native dialog); absent in browser mode. */
  chooseSettingsFile?: () => Promise<string | undefined>;
  /** Test seams. */
  storage?: (connection: S3Connection, options: S3ClientOptions) => SchoolStorage;
  now?: () => number;
  retryDelaysMs?: readonly number[];
  partBytes?: number;
}

/**
 * A school's settings file: any of the storage settings, and the secret key if the school hands it out
 * that way. Checked whole: a file with one bad field changes nothing and says which field.
 */
const SchoolSettingsFileShape = v.strictObject({
  ...Object.fromEntries(Object.entries(UPLOAD_FIELDS).map(([key, field]) => [key, v.optional(field.shape)])),
  secretAccessKey: v.optional(v.pipe(v.string(), v.maxLength(200), v.regex(/^[\x21-\x7e]*$/))),
});

/** The page's window on the uploads (`uploads:get`, `upload:*`): the queue, the secret, Test connection, the school's file. */
export class UploadCenter {
  readonly queue: UploadQueue;
  private readonly secrets: SecretStore;
  private secretState: UploadStatus['secret'] = 'none';
  private notifying = false;

  constructor(private readonly deps: UploadCenterDeps) {
    const folder = path.join(deps.stateDir, 'uploads');
    this.secrets = new SecretStore(path.join(folder, 'secret.bin'), deps.cipher);
    this.queue = new UploadQueue({
      folder,
      settings: () => this.settings(),
      secret: () => this.secrets.get(),
      isRecording: deps.isRecording,
      onChange: () => this.notify(),
      storage: deps.storage,
      trashItem: deps.trashItem,
      now: deps.now,
      retryDelaysMs: deps.retryDelaysMs,
      partBytes: deps.partBytes,
    });
    deps.settings.onChange((_settings, changed) => {
      if (changed.includes('upload')) void this.queue.setupChanged();
    });
  }

  private settings(): UploadSettings {
    return this.deps.settings.get().upload;
  }

  async start(): Promise<void> {
    this.secretState = await this.secrets.state();
    await this.queue.start();
  }

  /** Coalesces the queue's changes of one tick into one event (a part's progress and its save arrive together). */
  private notify(): void {
    if (this.notifying) return;
    this.notifying = true;
    queueMicrotask(() => {
      this.notifying = false;
      this.deps.onChange(this.status());
    });
  }

  status(): UploadStatus {
    const { entries, current, pausedBecause } = this.queue.snapshot();
    const shown = entries.filter((entry) => entry.trashedAtMs === undefined);
    const lessons: UploadStatus['lessons'] = [];
    for (const entry of shown) {
      const lessonId = this.deps.lessonIdOf(entry.file);
      if (lessonId) lessons.push({ lessonId, upload: this.uploadOf(entry, current) });
    }
    const status: UploadStatus = {
      pending: shown.filter((entry) => entry.state !== 'uploaded').length,
      failed: shown.filter((entry) => entry.state === 'failed').length,
      lessons,
      secret: this.secretState,
    };
    if (current) status.current = { lessonId: this.deps.lessonIdOf(current.file), fileName: path.basename(current.file), percent: current.percent };
    if (pausedBecause) status.pausedBecause = pausedBecause;
    return status;
  }

  /** A lesson file's upload, for the lessons list; undefined when it is not in the queue. */
  uploadOfFile(file: string): LessonUpload | undefined {
    const { entries, current } = this.queue.snapshot();
    const entry = entries.find((item) => item.file === file && item.trashedAtMs === undefined);
    return entry && this.uploadOf(entry, current);
  }

  private uploadOf(entry: QueueEntry, current: { file: string; percent: number } | undefined): LessonUpload {
    if (current?.file === entry.file) return { state: 'uploading', percent: current.percent };
    if (entry.state === 'failed') return { state: 'failed', problem: entry.problem ?? 'server' };
    return { state: entry.state };
  }

  async setSecret(secret: string): Promise<UploadStatus> {
    await this.secrets.set(secret);
    this.secretState = await this.secrets.state();
    await this.queue.setupChanged();
    return this.status();
  }

  async retry(lessonId: string): Promise<UploadStatus> {
    await this.queue.retry(this.deps.fileOfLesson(lessonId));
    return this.status();
  }

  /**
   * "Test connection": with the settings as they are, starts a multipart upload of a test object and aborts
   * it (the rights an upload needs, nothing left in the bucket), and says what is wrong if it fails.
   */
  async test(): Promise<UploadTestReply> {
    const settings = this.settings();
    const connection = connectionOf(settings, await this.secrets.get());
    if (!connection) return { ok: false, problem: 'not-set-up', message: 'The address, bucket, access key or secret key is missing.' };
    const storage = (this.deps.storage ?? s3Operations)(connection, {});
    try {
      await storage.probe(objectKeyFor(settings, new Date(this.deps.now?.() ?? Date.now()), '.classroom-recorder-test'));
      return { ok: true, endpoint: connection.endpoint };
    } catch (error) {
      if (error instanceof UploadError) return { ok: false, problem: error.problem, message: error.message };
      return { ok: false, problem: 'server', message: error instanceof Error ? error.message : String(error) };
    } finally {
      storage.close();
    }
  }

  /** Takes the storage settings (and the secret, when given) from the school's file, chosen in main's dialog. */
  async importSettings(): Promise<Settings | null> {
    if (!this.deps.chooseSettingsFile) throw new ServiceError('unsupported', "The school's settings file can be loaded in the desktop app only.");
    const file = await this.deps.chooseSettingsFile();
    if (!file) return null;
    let raw: unknown;
    try {
      raw = JSON.parse(await fs.readFile(file, 'utf8'));
    } catch (error) {
      throw new ServiceError('invalid-request', `The school's settings file could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    const parsed = v.safeParse(SchoolSettingsFileShape, raw);
    if (!parsed.success) {
      const [issue] = parsed.issues;
      const where = issue.path?.map((item) => String(item.key)).join('.') ?? '';
      throw new ServiceError('invalid-request', `The school's settings file is not valid${where ? ` (${where}: ${issue.message})` : ''}; nothing was changed.`);
    }
    const { secretAccessKey, ...fields } = parsed.output as Partial<UploadSettings> & { secretAccessKey?: string };
    // A school's file means "upload here": on unless the file says otherwise.
    await this.deps.settings.update({ upload: { ...this.settings(), enabled: true, ...fields } });
    if (secretAccessKey !== undefined) await this.setSecret(secretAccessKey);
    return this.deps.settings.forRenderer();
  }

  stop(): Promise<void> {
    return this.queue.stop();
  }
}
