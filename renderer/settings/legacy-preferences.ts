import { settingsFromFile, type SettingsChange } from '../../common/settings';

/**
 * Where versions before the one settings model kept the page's own choices, in the page's localStorage:
 * language and countdown, and the sources, devices and layout. Read once at start, handed to main, removed.
 */
export const LEGACY_KEYS = { app: 'classroom-recorder.app', capture: 'classroom-recorder.capture' } as const;

/** The old keys' choices as a settings change (each well-formed one kept, by the settings' own shapes), or undefined when there are none. */
export function legacyPreferences(storage: Pick<Storage, 'getItem'>): SettingsChange | undefined {
  const read = (key: string): Record<string, unknown> | undefined => {
    try {
      const value: unknown = JSON.parse(storage.getItem(key) ?? 'null');
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  const app = read(LEGACY_KEYS.app);
  const capture = read(LEGACY_KEYS.capture);
  if (!app && !capture) return undefined;
  const settings = settingsFromFile({ ...app, capture });
  const change: SettingsChange = {};
  if (app && 'language' in app) change.language = settings.language;
  if (app && 'countdown' in app) change.countdown = settings.countdown;
  if (capture) change.capture = settings.capture;
  return change;
}

/**
 * Moves the old keys' choices into main's settings (once: the keys go when main has them). A page that
 * cannot reach main, or whose storage is disabled, loses nothing but the memory of those choices.
 */
export async function moveLegacyPreferences(storage: Storage, update: (change: SettingsChange) => Promise<{ ok: boolean }>): Promise<void> {
  const change = legacyPreferences(storage);
  if (!change || Object.keys(change).length === 0) return;
  if (!(await update(change)).ok) return;
  try {
    storage.removeItem(LEGACY_KEYS.app);
    storage.removeItem(LEGACY_KEYS.capture);
  } catch {
    // Disabled storage: nothing to remove.
  }
}
