import { catalogs, fillIn, type Language, type MessageKey } from '../../common/i18n/messages';

export { pickLanguage } from '../../common/i18n/messages';

let language: Language = 'en';

export function setLanguage(next: Language): void {
  language = next;
}

export function currentLanguage(): Language {
  return language;
}

/** A point in time to be shown as the teacher's clock shows it (e.g. 10:02:13, or 10:02 with `minutes`), in their language. */
export interface TimeParam {
  time: number;
  /** Hours and minutes only: a lesson's start or end, not a moment in it. */
  minutes?: boolean;
}

/**
 * A message from the catalogue and what fills it in. Code that decides what to say (the lesson
 * controller, main's codes) hands these on; only the view turns them into text, in the chosen language.
 */
export interface Words {
  key: MessageKey;
  params?: Record<string, string | number | Words | TimeParam>;
}

/** Looks up a message and fills `{name}` placeholders. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return fillIn(catalogs[language][key] ?? catalogs.en[key], params);
}

/** Words as text: nested words are said first, times shown as hours, minutes and seconds. */
export function say(words: Words): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(words.params ?? {})) {
    if (typeof value === 'object' && 'time' in value) {
      params[name] = new Date(value.time).toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit', ...(value.minutes ? {} : { second: '2-digit' }) });
    } else params[name] = typeof value === 'object' ? say(value) : value;
  }
  return t(words.key, params);
}
