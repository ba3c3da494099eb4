import type { Language } from '../../common/i18n/messages';

/** The teacher's app-wide choices, remembered in this renderer's localStorage. */
export interface AppPreferences {
  /** `system` follows the OS language. */
  language: 'system' | Language;
  /** Counts 3-2-1 before a lesson starts recording, so the teacher can get ready. */
  countdown: boolean;
}

export const DEFAULT_APP_PREFERENCES: AppPreferences = { language: 'system', countdown: true };
export const APP_PREFERENCES_KEY = 'classroom-recorder.app';
const LANGUAGE_CHOICES: ReadonlyArray<AppPreferences['language']> = ['system', 'en', 'zh-CN'];

/** Reads stored preferences, defaulting anything missing or invalid: a bad value must never stop the app. */
export function parseAppPreferences(stored: string | null): AppPreferences {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = stored ? JSON.parse(stored) : {};
    if (parsed && typeof parsed === 'object') raw = parsed as Record<string, unknown>;
  } catch {
    // Unreadable: defaults.
  }
  return {
    language: LANGUAGE_CHOICES.includes(raw.language as AppPreferences['language'])
      ? (raw.language as AppPreferences['language'])
      : DEFAULT_APP_PREFERENCES.language,
    countdown: typeof raw.countdown === 'boolean' ? raw.countdown : DEFAULT_APP_PREFERENCES.countdown,
  };
}
