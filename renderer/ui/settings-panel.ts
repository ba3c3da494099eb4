import { t } from '../i18n/i18n';
import { APP_PREFERENCES_KEY, type AppPreferences } from '../settings/app-preferences';
import { h } from './dom';

/**
 * A small Settings section: the app's language and the 3-2-1 countdown. A new language takes effect by
 * reloading the page, since every string is rendered once; so it cannot change while a lesson records.
 */
export class SettingsPanel {
  private readonly language = h(
    'select',
    { id: 'setting-language' },
    h('option', { value: 'system' }, t('languageSystem')),
    // Each language is named in itself, so a teacher can find theirs whatever the current one is.
    h('option', { value: 'en', lang: 'en' }, 'English'),
    h('option', { value: 'zh-CN', lang: 'zh-CN' }, '中文'),
  );
  private readonly countdown = h('input', { type: 'checkbox', id: 'setting-countdown' });
  readonly element = h(
    'section',
    { class: 'settings', 'aria-labelledby': 'settings-heading' },
    h('h2', { id: 'settings-heading' }, t('settings')),
    h('p', {}, h('label', { for: 'setting-language' }, t('language')), ' ', this.language),
    h('p', {}, this.countdown, ' ', h('label', { for: 'setting-countdown' }, t('countdownSetting'))),
  );

  constructor(
    private preferences: AppPreferences,
    private readonly reload: () => void = () => location.reload(),
  ) {
    this.language.value = preferences.language;
    this.countdown.checked = preferences.countdown;
    this.language.addEventListener('change', () => {
      this.update({ language: this.language.value as AppPreferences['language'] });
      this.reload();
    });
    this.countdown.addEventListener('change', () => this.update({ countdown: this.countdown.checked }));
  }

  /** Whether to count down before recording, as the teacher last chose. */
  get countdownEnabled(): boolean {
    return this.preferences.countdown;
  }

  /** The language cannot change mid-lesson (it reloads the page). */
  setLessonInProgress(inLesson: boolean): void {
    this.language.disabled = inLesson;
  }

  private update(change: Partial<AppPreferences>): void {
    this.preferences = { ...this.preferences, ...change };
    localStorage.setItem(APP_PREFERENCES_KEY, JSON.stringify(this.preferences));
  }
}
