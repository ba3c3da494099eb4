import path from 'node:path';
import type { RecordingQuality, Settings } from '../../../common/ipc-contract';
import { readJsonOrUndefined, writeJsonAtomic } from './atomic-json';

/** What the settings file may hold beyond what the renderer sees. */
export interface StoredSettings extends Settings {
  /** An admin may point at a specific ffmpeg; the renderer can never set this. */
  ffmpegPath?: string;
}

export const DEFAULT_PLANNED_LESSON_MINUTES = 120;
/** 1080p: what the recorder did before quality was a setting, and what a projected slide needs. */
export const DEFAULT_QUALITY: RecordingQuality = '1080p';
const QUALITIES: readonly RecordingQuality[] = ['720p', '1080p'];

function flag(value: unknown): boolean {
  return value === true;
}

/** Keeps only well-formed fields of a settings file, so a hand-edited or damaged file cannot break start-up. */
export function sanitizeStoredSettings(raw: unknown, defaultSaveFolder: string): StoredSettings {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const folderChosen = typeof value.saveFolder === 'string' && path.isAbsolute(value.saveFolder);
  const saveFolder = folderChosen ? (value.saveFolder as string) : defaultSaveFolder;
  const minutes = value.plannedLessonMinutes;
  const plannedLessonMinutes =
    typeof minutes === 'number' && Number.isInteger(minutes) && minutes >= 5 && minutes <= 24 * 60 ? minutes : DEFAULT_PLANNED_LESSON_MINUTES;
  const quality = QUALITIES.includes(value.quality as RecordingQuality) ? (value.quality as RecordingQuality) : DEFAULT_QUALITY;
  const settings: StoredSettings = {
    saveFolder,
    plannedLessonMinutes,
    quality,
    // A settings file from before the welcome existed has a folder chosen already: no welcome then.
    welcomeDone: flag(value.welcomeDone) || (value.welcomeDone === undefined && folderChosen),
    openAtLogin: flag(value.openAtLogin),
    startMinimized: flag(value.startMinimized),
  };
  if (typeof value.ffmpegPath === 'string' && value.ffmpegPath.length > 0) settings.ffmpegPath = value.ffmpegPath;
  return settings;
}

/** The settings file in the app's per-user state folder; every change is written atomically at once. */
export class SettingsStore {
  private current: StoredSettings;

  private constructor(
    private readonly file: string,
    initial: StoredSettings,
  ) {
    this.current = initial;
  }

  static async open(stateDir: string, defaultSaveFolder: string): Promise<SettingsStore> {
    const file = path.join(stateDir, 'settings.json');
    return new SettingsStore(file, sanitizeStoredSettings(await readJsonOrUndefined(file), defaultSaveFolder));
  }

  get(): StoredSettings {
    return { ...this.current };
  }

  /** The part the renderer may see. */
  forRenderer(): Settings {
    const { ffmpegPath: _adminOnly, ...settings } = this.current;
    return settings;
  }

  /** Applies a change only once it is on disk, through the same checks as reading the file. */
  async update(change: Partial<StoredSettings>): Promise<StoredSettings> {
    const next = sanitizeStoredSettings({ ...this.current, ...change }, this.current.saveFolder);
    await writeJsonAtomic(this.file, next);
    this.current = next;
    return this.get();
  }
}
