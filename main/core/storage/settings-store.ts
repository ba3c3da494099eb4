import fs from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { SETTINGS, settingsFromFile, shownSettings, SourceKeyShape, type Settings, type SettingKey, type StoredSettings } from '../../../common/settings';
import { readJsonOrUndefined, writeJsonAtomic } from './atomic-json';

export type { StoredSettings } from '../../../common/settings';

export const DEFAULT_PLANNED_LESSON_MINUTES = SETTINGS.plannedLessonMinutes.fallback;
export const SETTINGS_FILE = 'settings.json';
/** The version written now: 2 holds every setting (1 had the recording settings only, beside other files). */
const FILE_VERSION = 2;

/**
 * The files that held settings before there was one model (read once, moved into settings.json, then
 * removed): the global hotkeys, and the screen or window last chosen in the app's picker.
 */
export const LEGACY_FILES = { hotkeys: 'desktop.json', captureSource: 'capture-source.json' } as const;

/**
 * The settings as main holds them, from whatever a file says: each setting of its shape or its default
 * (common/settings.ts), a save folder only if it is absolute (else the OS default), and the welcome taken
 * as done for a file from before the welcome existed that has a folder chosen already.
 */
export function sanitizeStoredSettings(raw: unknown, defaultSaveFolder: string): StoredSettings {
  const settings = settingsFromFile(raw);
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const folderChosen = path.isAbsolute(settings.saveFolder);
  if (!folderChosen) settings.saveFolder = defaultSaveFolder;
  if (value.welcomeDone === undefined && folderChosen) settings.welcomeDone = true;
  return settings;
}

type Listener = (settings: StoredSettings, changed: SettingKey[]) => void;

/**
 * The one settings store, `<state>/settings.json`, owned by main: every change is checked against its
 * setting's shape, written atomically, and only then in force; listeners (the page's `settings:changed`,
 * the tray's language) hear of every change, whoever made it.
 */
export class SettingsStore {
  private current: StoredSettings;
  private readonly listeners = new Set<Listener>();
  private writes: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: string,
    initial: StoredSettings,
  ) {
    this.current = initial;
  }

  /** Reads settings.json, moving into it what the older files held (and removing them once it is written). */
  static async open(stateDir: string, defaultSaveFolder: string): Promise<SettingsStore> {
    const file = path.join(stateDir, SETTINGS_FILE);
    const raw = await readJsonOrUndefined(file);
    const store = new SettingsStore(file, sanitizeStoredSettings(raw, defaultSaveFolder));
    await store.migrate(stateDir, raw);
    return store;
  }

  private async migrate(stateDir: string, raw: unknown): Promise<void> {
    const stored = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    if (stored.version === FILE_VERSION) return;
    const change: Partial<StoredSettings> = {};
    const desktop = (await readJsonOrUndefined(path.join(stateDir, LEGACY_FILES.hotkeys))) as { hotkeys?: unknown } | undefined;
    if (desktop && stored.hotkeys === undefined) change.hotkeys = settingsFromFile({ hotkeys: legacyHotkeys(desktop.hotkeys) }).hotkeys;
    const source = v.safeParse(SourceKeyShape, await readJsonOrUndefined(path.join(stateDir, LEGACY_FILES.captureSource)));
    if (source.success && stored.captureSource === undefined) change.captureSource = source.output;
    const legacy = Object.values(LEGACY_FILES).map((name) => path.join(stateDir, name));
    const found = await Promise.all(
      legacy.map((file) =>
        fs.access(file).then(
          () => file,
          () => undefined,
        ),
      ),
    );
    if (raw === undefined && Object.keys(change).length === 0 && !found.some(Boolean)) return;
    await this.update(change);
    for (const file of found) if (file) await fs.rm(file, { force: true });
  }

  get(): StoredSettings {
    return structuredClone(this.current);
  }

  /** The part the page may see. */
  forRenderer(): Settings {
    return structuredClone(shownSettings(this.current));
  }

  /** Hears of every change after it is on disk; answers a function that stops listening. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Applies a change once it is on disk. Each value must be of its setting's shape (callers validated
   * what the page sent; this holds main's own changes to the same rule): a wrong one throws, and nothing
   * changes. Changes are written one after another, so none is lost to a concurrent one.
   */
  async update(change: Partial<StoredSettings>): Promise<StoredSettings> {
    const keys = Object.keys(change) as SettingKey[];
    for (const key of keys) {
      const checked = v.safeParse(SETTINGS[key].shape, change[key]);
      if (!checked.success) throw new Error(`Setting ${key} refused: ${checked.issues[0].message}`);
    }
    const write = this.writes.then(async () => {
      const next = { ...this.current, ...structuredClone(change) } as StoredSettings;
      await writeJsonAtomic(this.file, { version: FILE_VERSION, ...next });
      this.current = next;
      for (const listener of this.listeners) listener(this.get(), keys);
      return this.get();
    });
    this.writes = write.catch(() => undefined);
    return write;
  }
}

/** desktop.json's hotkeys: a string or null per known command; anything else dropped. */
function legacyHotkeys(value: unknown): Record<string, string | null> {
  const entries = typeof value === 'object' && value !== null ? Object.entries(value) : [];
  return Object.fromEntries(entries.filter(([, accelerator]) => typeof accelerator === 'string' || accelerator === null));
}
