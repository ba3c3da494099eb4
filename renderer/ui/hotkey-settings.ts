import type { HotkeyCommand, HotkeyRefusal, HotkeyState, Platform, RecorderApi } from '../../common/ipc-contract';
import { errorWords } from '../i18n/error-words';
import { say, t } from '../i18n/i18n';
import type { MessageKey } from '../../common/i18n/messages';
import { acceleratorFromKeyPress, displayAccelerator } from '../settings/hotkey-capture';
import { h } from './dom';

// Complete by type: a new hotkey command does not compile without its words.
const COMMAND_KEYS: Record<HotkeyCommand, MessageKey> = {
  'toggle-recording': 'hotkeyToggleRecording',
  'toggle-pause': 'hotkeyTogglePause',
  'mark-part': 'hotkeyMarkPart',
};
const COMMANDS = Object.entries(COMMAND_KEYS) as ReadonlyArray<[HotkeyCommand, MessageKey]>;

const REFUSALS: Record<HotkeyRefusal['kind'], MessageKey> = {
  invalid: 'hotkeyInvalid',
  unfit: 'hotkeyUnfit',
  duplicate: 'hotkeyDuplicate',
  reserved: 'hotkeyTaken',
  app: 'hotkeyTaken',
  typing: 'hotkeyTyping',
  'os-refused': 'hotkeyOsRefused',
};

/**
 * The global hotkeys in Settings. In the desktop app each is a box that records the next key combination
 * pressed in it (Tab still moves on; Delete removes the hotkey; Escape keeps the old one) and asks main,
 * which checks it against the OS's and other apps' shortcuts. In browser mode they are shown read-only.
 */
export class HotkeySettings {
  private readonly inputs = new Map<HotkeyCommand, HTMLInputElement>();
  private readonly message = h('p', { class: 'hotkey-message', role: 'status' });
  private readonly note = h('p', { class: 'setting-note' });
  readonly element: HTMLFieldSetElement;
  private state: HotkeyState | undefined;

  constructor(
    private readonly api: RecorderApi,
    private readonly platform: Platform,
  ) {
    const rows = COMMANDS.map(([command, label]) => {
      const id = `hotkey-${command}`;
      const input = h('input', { type: 'text', id, class: 'hotkey-input', readonly: true, autocomplete: 'off', 'aria-describedby': 'hotkey-note' });
      input.addEventListener('keydown', (event) => this.onKey(command, input, event));
      this.inputs.set(command, input);
      return h('div', { class: 'hotkey-row' }, h('label', { for: id }, t(label)), input);
    });
    this.note.id = 'hotkey-note';
    this.element = h('fieldset', { class: 'setting-group' }, h('legend', {}, t('hotkeysSetting')), ...rows, this.note, this.message);
  }

  /** Loads the hotkeys in force from main. */
  async load(): Promise<void> {
    const result = await this.api.getHotkeys();
    if (!result.ok) {
      this.element.hidden = true;
      return;
    }
    this.show(result.value);
    this.note.textContent = result.value.editable ? t('hotkeyHint') : t('hotkeysBrowserNote');
  }

  private show(state: HotkeyState): void {
    this.state = state;
    for (const [command, input] of this.inputs) {
      const accelerator = state.bindings[command];
      input.value = accelerator ? displayAccelerator(accelerator, this.platform) : t('hotkeyNone');
      input.dataset.accelerator = accelerator ?? '';
      // Read-only boxes stay focusable (the teacher can read them); only editable ones take keys.
      input.dataset.editable = String(state.editable);
    }
  }

  private onKey(command: HotkeyCommand, input: HTMLInputElement, event: KeyboardEvent): void {
    if (!this.state?.editable) return;
    const plain = !event.ctrlKey && !event.altKey && !event.metaKey;
    // Tab must keep moving focus, or the keyboard user is trapped in this box.
    if (event.key === 'Tab' && plain) return;
    event.preventDefault();
    if (event.key === 'Escape' && plain && !event.shiftKey) {
      this.show(this.state);
      return;
    }
    if ((event.key === 'Delete' || event.key === 'Backspace') && plain && !event.shiftKey) {
      void this.save(command, null);
      return;
    }
    const accelerator = acceleratorFromKeyPress(event, this.platform);
    if (!accelerator) return;
    input.value = displayAccelerator(accelerator, this.platform);
    void this.save(command, accelerator);
  }

  private async save(command: HotkeyCommand, accelerator: string | null): Promise<void> {
    const result = await this.api.setHotkey({ command, accelerator });
    if (!result.ok) {
      this.message.textContent = say({ key: 'settingFailed', params: { reason: errorWords(result.error) } });
      if (this.state) this.show(this.state);
      return;
    }
    this.show(result.value.state);
    const refusal = result.value.refusal;
    const keys = accelerator ? displayAccelerator(accelerator, this.platform) : '';
    this.message.dataset.refused = String(refusal !== undefined);
    if (refusal) this.message.textContent = t(REFUSALS[refusal.kind], { keys, with: refusal.with ?? '' });
    else this.message.textContent = accelerator ? t('hotkeySaved', { keys }) : t('hotkeyRemoved');
  }
}
