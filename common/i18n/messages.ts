/**
 * The app's words, one catalogue per language, for every process: the renderer says everything the teacher
 * reads in the window; main takes from here only what it shows itself (tray, dialogs) and the words in file
 * names. English is the reference set: every key here must exist in every other language, with the same
 * placeholders (tests/common/i18n/messages.test.ts).
 */
import { en } from './en';
import { zhCN } from './zh-CN';

export { en, zhCN };

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

export const catalogs = { en, 'zh-CN': zhCN } as const satisfies Record<string, Messages>;
export type Language = keyof typeof catalogs;
export const LANGUAGES = Object.keys(catalogs) as Language[];

/** The teacher's choice in Settings: a language, or the computer's (`system`). */
export const LANGUAGE_CHOICES = ['system', ...LANGUAGES] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];

/** The one rule, for every process: zh, zh-CN, zh-Hans… → zh-CN; everything else → en. */
export function pickLanguage(preferred: readonly string[]): Language {
  return preferred.some((tag) => /^zh\b/i.test(tag)) ? 'zh-CN' : 'en';
}

/** The language to speak: the one chosen, or for `system` the first of the computer's languages we have. */
export function resolveLanguage(choice: LanguageChoice, preferred: readonly string[]): Language {
  return choice === 'system' ? pickLanguage(preferred) : choice;
}

/** Fills `{name}` placeholders of a catalogue text. */
export function fillIn(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
