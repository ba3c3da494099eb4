import path from 'node:path';
import { readJsonOrUndefined, writeJsonAtomic } from '../storage/atomic-json';
import { HOTKEY_COMMANDS, type HotkeyCommand } from './hotkeys';

/**
 * Desktop-only preferences, in their own file (`<state>/desktop.json`) so the recording settings file and
 * its sanitizer stay untouched. Today it holds the global hotkeys, e.g.
 * `{ "hotkeys": { "toggle-recording": "Alt+Shift+R", "toggle-pause": null } }` (null = no hotkey).
 */
export interface DesktopSettings {
  /** Only the commands the file names; the rest take the defaults. */
  hotkeys: Partial<Record<HotkeyCommand, string | null>>;
}

export const DESKTOP_SETTINGS_FILE = 'desktop.json';

/** Keeps only well-formed entries: a string or null per known command; everything else is ignored. */
export function sanitizeDesktopSettings(raw: unknown): DesktopSettings {
  const hotkeys: DesktopSettings['hotkeys'] = {};
  const value = isRecord(raw) ? raw : {};
  const requested = isRecord(value.hotkeys) ? value.hotkeys : {};
  for (const command of HOTKEY_COMMANDS) {
    const entry = requested[command];
    if (typeof entry === 'string' || entry === null) hotkeys[command] = entry;
  }
  return { hotkeys };
}

/** Reads the desktop settings; a missing or broken file means "all defaults". */
export async function readDesktopSettings(stateDir: string): Promise<DesktopSettings> {
  return sanitizeDesktopSettings(await readJsonOrUndefined(path.join(stateDir, DESKTOP_SETTINGS_FILE)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Writes the desktop settings atomically (the settings screen changed a hotkey). */
export async function writeDesktopSettings(stateDir: string, settings: DesktopSettings): Promise<void> {
  await writeJsonAtomic(path.join(stateDir, DESKTOP_SETTINGS_FILE), sanitizeDesktopSettings(settings));
}
