import type { AppState, RecorderApi, RecordingQuality, Settings, SettingsChange } from '../../common/ipc-contract';
import { errorWords } from '../i18n/error-words';
import { say, t } from '../i18n/i18n';
import { bytesPerHour, setRecordingQuality } from '../recording/quality';
import type { LanguageChoice } from '../../common/i18n/messages';
import { RECORDING_QUALITIES } from '../../common/settings';
import type { SettingsClient } from '../settings/settings-client';
import { h } from './dom';
import { formatSize } from './format';
import { HotkeySettings } from './hotkey-settings';
import { languageSelect } from './language-select';
import { SchoolStorageSettings } from './school-storage-settings';
import { TimetableEditor } from './timetable-editor';

const QUALITY_LABELS = { '720p': 'quality720', '1080p': 'quality1080' } as const;

/**
 * The Settings section. Every choice is one of main's settings (`settings:update`, `hotkeys:set`), so it
 * outlasts the page, reaches the desktop shell (the tray speaks the chosen language) and shows in every
 * window. A new language takes effect in the page by reloading it, since every string is rendered once; so
 * it cannot change while a lesson records, nor can the quality.
 */
export class SettingsPanel {
  private readonly language: HTMLSelectElement;
  private readonly countdown = h('input', { type: 'checkbox', id: 'setting-countdown' });
  private readonly folderPath = h('span', { class: 'setting-folder-path', id: 'setting-folder-path' });
  private readonly changeFolder = h('button', { type: 'button', class: 'secondary', 'aria-describedby': 'setting-folder-path' }, t('changeFolderShort'));
  private readonly qualities = RECORDING_QUALITIES.map((quality) =>
    h('input', { type: 'radio', name: 'setting-quality', id: `setting-quality-${quality}`, value: quality }),
  );
  private readonly openAtLogin = h('input', { type: 'checkbox', id: 'setting-open-at-login' });
  private readonly startMinimized = h('input', { type: 'checkbox', id: 'setting-start-minimized' });
  private readonly message = h('p', { class: 'setting-message', role: 'status' });
  private readonly hotkeys: HotkeySettings;
  readonly element: HTMLElement;
  /** What Change… does: the main screen's folder choice, so both places show the new folder. */
  onChangeFolder: () => void = () => undefined;

  constructor(
    private readonly settings: SettingsClient,
    private readonly api: RecorderApi,
    state: AppState,
    private readonly reload: () => void = () => location.reload(),
  ) {
    this.language = languageSelect('setting-language', settings.value.language);
    this.hotkeys = new HotkeySettings(api, state.platform);
    const browserNote = (text: string) => (state.desktopApp ? '' : h('p', { class: 'setting-note' }, text));
    this.element = h(
      'section',
      { class: 'settings', 'aria-labelledby': 'settings-heading' },
      h('h2', { id: 'settings-heading' }, t('settings')),
      h('p', {}, h('label', { for: 'setting-language' }, t('language')), ' ', this.language),
      h('p', {}, this.countdown, ' ', h('label', { for: 'setting-countdown' }, t('countdownSetting'))),
      h(
        'div',
        { class: 'setting-group', role: 'group', 'aria-labelledby': 'setting-folder-heading' },
        h('h3', { id: 'setting-folder-heading' }, t('saveFolderSetting')),
        h('p', { class: 'setting-folder' }, this.folderPath, ' ', state.desktopApp ? this.changeFolder : ''),
        browserNote(t('folderFromCommandLine')),
      ),
      h(
        'fieldset',
        { class: 'setting-group' },
        h('legend', {}, t('qualitySetting')),
        ...this.qualities.map((input) =>
          h(
            'div',
            { class: 'radio' },
            input,
            h(
              'label',
              { for: input.id },
              t(QUALITY_LABELS[input.value as RecordingQuality], { size: formatSize(bytesPerHour(input.value as RecordingQuality)) }),
            ),
          ),
        ),
      ),
      new TimetableEditor(settings).element,
      this.hotkeys.element,
      h(
        'fieldset',
        { class: 'setting-group' },
        h('legend', {}, t('launchSetting')),
        h('div', { class: 'check' }, this.openAtLogin, h('label', { for: this.openAtLogin.id }, t('openAtLogin'))),
        h('div', { class: 'check' }, this.startMinimized, h('label', { for: this.startMinimized.id }, t('startMinimized'))),
        browserNote(t('launchBrowserNote')),
      ),
      new SchoolStorageSettings(settings, api, state).element,
      this.message,
    );
    this.countdown.checked = settings.value.countdown;
    this.showSettings(settings.value);
    // Another window changed a setting: this one shows it too (the language at the next reload).
    settings.onChange((changed) => {
      this.countdown.checked = changed.countdown;
      this.showSettings(changed);
    });
    this.language.addEventListener('change', () => {
      void this.save({ language: this.language.value as LanguageChoice }).then(() => this.reload());
    });
    this.countdown.addEventListener('change', () => void this.save({ countdown: this.countdown.checked }));
    this.changeFolder.addEventListener('click', () => this.onChangeFolder());
    for (const input of this.qualities) {
      input.addEventListener('change', () => void this.save({ quality: input.value as RecordingQuality }));
    }
    this.openAtLogin.addEventListener('change', () => void this.save({ openAtLogin: this.openAtLogin.checked }));
    this.startMinimized.addEventListener('change', () => void this.save({ startMinimized: this.startMinimized.checked }));
    void this.hotkeys.load();
  }

  /** Whether to count down before recording, as the teacher last chose. */
  get countdownEnabled(): boolean {
    return this.settings.value.countdown;
  }

  /** The language and quality cannot change mid-lesson (a reload; the picture size is fixed), nor the folder. */
  setLessonInProgress(inLesson: boolean): void {
    this.language.disabled = inLesson;
    this.changeFolder.disabled = inLesson;
    for (const input of this.qualities) input.disabled = inLesson;
  }

  /** The folder lessons are saved to, after a change made here or on the main screen. */
  showFolder(folder: string): void {
    this.folderPath.textContent = folder;
  }

  private showSettings(settings: Settings): void {
    this.showFolder(settings.saveFolder);
    for (const input of this.qualities) input.checked = input.value === settings.quality;
    this.openAtLogin.checked = settings.openAtLogin;
    this.startMinimized.checked = settings.startMinimized;
    setRecordingQuality(settings.quality);
  }

  private async save(change: SettingsChange): Promise<void> {
    const result = await this.settings.update(change);
    if (result.ok) {
      // The controls already show the choice; re-showing the whole answer could undo a newer click whose
      // answer is still on its way.
      this.message.textContent = '';
      setRecordingQuality(result.value.quality);
      return;
    }
    this.message.textContent = say({ key: 'settingFailed', params: { reason: errorWords(result.error) } });
    this.showSettings(this.settings.value);
  }
}
