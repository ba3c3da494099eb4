import type { AppState, RecorderApi } from '../../common/ipc-contract';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../../common/i18n/messages';
import type { LanguageChoice } from '../../common/i18n/messages';
import type { SettingsClient } from '../settings/settings-client';
import { h } from './dom';
import { languageSelect } from './language-select';
import { accessHelp, type AccessRole, type AccessStatus } from './access-help';
import { checkAccess } from './permission-check';

const ROLE_NAMES: Record<AccessRole, MessageKey> = { camera: 'cameraDevice', microphone: 'microphoneDevice', screen: 'screenSharing' };
const STATUS_NAMES: Record<AccessStatus, MessageKey> = {
  checking: 'statusChecking',
  ok: 'statusOk',
  blocked: 'statusBlocked',
  missing: 'statusMissing',
  busy: 'statusBusy',
  unchecked: 'statusUnchecked',
};

/**
 * The first launch: the language, the save folder (with the default filled in; the folder dialog in the
 * desktop app), and whether the camera, microphone and screen may be used, with how to allow each on the
 * teacher's OS. Start stores `welcomeDone` in main's settings, so it is shown once per computer, not per
 * page.
 */
export class WelcomeScreen {
  private readonly items = new Map<AccessRole, { status: HTMLElement; help: HTMLElement }>();
  private readonly folderPath = h('strong', { class: 'folder-path', id: 'welcome-folder' });
  private readonly start = h('button', { type: 'button', class: 'record welcome-start' }, t('welcomeStart'));

  constructor(
    private readonly api: RecorderApi,
    private readonly root: HTMLElement,
    private readonly state: AppState,
    private readonly settings: SettingsClient,
    private readonly reload: () => void = () => location.reload(),
  ) {}

  /** Shows the welcome; resolves once the teacher pressed Start and the flag is stored. */
  show(): Promise<void> {
    const language = languageSelect('welcome-language', this.settings.value.language);
    language.addEventListener('change', () => {
      void this.settings.update({ language: language.value as LanguageChoice }).then(() => this.reload());
    });
    const choose = h('button', { type: 'button', class: 'secondary', 'aria-describedby': 'welcome-folder' }, t('chooseFolder'));
    choose.addEventListener('click', () => void this.chooseFolder());
    this.folderPath.textContent = this.state.settings.saveFolder;
    const checkAgain = h('button', { type: 'button', class: 'secondary' }, t('checkAgain'));
    checkAgain.addEventListener('click', () => void this.checkDevices());
    const checkScreen = h('button', { type: 'button', class: 'secondary' }, t('checkScreen'));
    // getDisplayMedia needs a click; it is not tried before the teacher asks.
    checkScreen.addEventListener('click', () => void this.check('screen'));

    this.root.replaceChildren(
      h(
        'section',
        { class: 'welcome', 'aria-labelledby': 'welcome-heading' },
        h('h1', { id: 'welcome-heading' }, t('welcomeTitle')),
        h('p', {}, t('welcomeIntro')),
        h('p', {}, h('label', { for: 'welcome-language' }, t('language')), ' ', language),
        h('h2', {}, t('welcomeFolderHeading')),
        h('p', { class: 'folder' }, this.folderPath, ' ', this.state.desktopApp ? choose : ''),
        this.state.desktopApp ? '' : h('p', { class: 'setting-note' }, t('folderFromCommandLine')),
        h('h2', { id: 'permissions-heading' }, t('permissionsHeading')),
        h(
          'ul',
          { class: 'permissions', 'aria-labelledby': 'permissions-heading' },
          ...(['camera', 'microphone', 'screen'] as const).map((role) => this.item(role)),
        ),
        h('p', { class: 'buttons' }, checkAgain, checkScreen),
        h('p', {}, this.start),
      ),
    );
    language.focus();
    void this.checkDevices();
    return new Promise((resolve) => {
      this.start.addEventListener('click', () => void this.finish().then(resolve));
    });
  }

  private item(role: AccessRole): HTMLElement {
    const status = h('span', { class: 'permission-status', role: 'status' });
    const help = h('div', { class: 'permission-help' });
    this.items.set(role, { status, help });
    this.setStatus(role, 'unchecked');
    return h('li', { class: 'permission', 'data-role': role }, h('strong', {}, t(ROLE_NAMES[role])), ' ', status, help);
  }

  private setStatus(role: AccessRole, status: AccessStatus): void {
    const item = this.items.get(role);
    if (!item) return;
    item.status.textContent = t(STATUS_NAMES[status]);
    item.status.dataset.status = status;
    item.help.replaceChildren(...accessHelp(role, status, this.state.platform, !this.state.desktopApp).map((key) => h('p', {}, t(key))));
  }

  private async check(role: AccessRole): Promise<void> {
    this.setStatus(role, 'checking');
    this.setStatus(role, await checkAccess(role));
  }

  /** Camera and microphone one after the other: the OS may ask about each, one question at a time. */
  private async checkDevices(): Promise<void> {
    await this.check('camera');
    await this.check('microphone');
  }

  private async chooseFolder(): Promise<void> {
    const result = await this.api.chooseFolder();
    if (result.ok) this.folderPath.textContent = result.value.saveFolder;
  }

  private async finish(): Promise<void> {
    this.start.disabled = true;
    const result = await this.api.updateSettings({ welcomeDone: true });
    // If the flag could not be stored the welcome shows again next time; the teacher can still record now.
    if (!result.ok) console.warn('[welcome] not remembered:', result.error.message);
  }
}
