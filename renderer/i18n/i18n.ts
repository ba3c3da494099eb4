import { catalogs, type Language, type MessageKey } from './messages';

/** zh, zh-CN, zh-Hans… → zh-CN; everything else → en. */
export function pickLanguage(preferred: readonly string[]): Language {
  return preferred.some((tag) => /^zh\b/i.test(tag)) ? 'zh-CN' : 'en';
}

let language: Language = 'en';

export function setLanguage(next: Language): void {
  language = next;
}

export function currentLanguage(): Language {
  return language;
}

/** Looks up a message and fills `{name}` placeholders. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template: string = catalogs[language][key] ?? catalogs.en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
