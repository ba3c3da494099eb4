import type { CaptureSourceItem, CaptureSourceList, RecorderApi } from '../../common/ipc-contract';
import { errorWords } from '../i18n/error-words';
import { say, t } from '../i18n/i18n';
import { h } from './dom';

const KEYS_BACK = new Set(['ArrowLeft', 'ArrowUp']);
const KEYS_FORWARD = new Set(['ArrowRight', 'ArrowDown']);

/**
 * The app's own screen/window picker (Electron only; AppState.canPickCaptureSources): a modal dialog with
 * a thumbnail and name for every screen and window, listed afresh by main each time it opens. Choosing one
 * tells main (`capture-sources:choose`), whose display-media handler then gives that source to the
 * `getDisplayMedia` the caller makes next. Keyboard: Tab or the arrow keys move between sources, Enter or
 * Space chooses, Escape cancels and leaves the source as it was.
 */
export class SourcePicker {
  private readonly status = h('p', { class: 'picker-status', role: 'status' });
  private readonly grid = h('div', { class: 'picker-grid' });
  private readonly cancelButton = h('button', { type: 'button', class: 'secondary' }, t('pickerCancel'));
  private readonly dialog = h(
    'dialog',
    { class: 'source-picker', 'aria-labelledby': 'source-picker-title', 'aria-describedby': 'source-picker-help' },
    h('h2', { id: 'source-picker-title' }, t('pickerTitle')),
    h('p', { id: 'source-picker-help', class: 'picker-help' }, t('pickerHelp')),
    this.status,
    this.grid,
    h('div', { class: 'picker-actions' }, this.cancelButton),
  );
  private pending: Promise<boolean> | undefined;
  private finish: ((chosen: boolean) => void) | undefined;

  constructor(private readonly api: RecorderApi) {
    this.cancelButton.addEventListener('click', () => this.close(false));
    // Escape on a modal dialog fires `cancel`; the dialog would close itself, this also settles the answer.
    this.dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      this.close(false);
    });
    this.grid.addEventListener('keydown', (event) => this.moveFocus(event));
  }

  /** Shows the picker; true once the teacher chose a source (main has it), false when they cancelled. */
  open(): Promise<boolean> {
    this.pending ??= new Promise<boolean>((resolve) => {
      const returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
      this.finish = (chosen) => {
        this.pending = undefined;
        this.finish = undefined;
        if (this.dialog.open) this.dialog.close();
        returnFocus?.focus();
        resolve(chosen);
      };
      if (!this.dialog.isConnected) document.body.append(this.dialog);
      this.grid.replaceChildren();
      this.status.textContent = t('pickerLoading');
      this.dialog.showModal();
      this.cancelButton.focus();
      void this.refresh();
    });
    return this.pending;
  }

  private close(chosen: boolean): void {
    this.finish?.(chosen);
  }

  /** Asks main for the screens and windows as they are now and shows them. */
  private async refresh(): Promise<void> {
    const result = await this.api.listCaptureSources();
    if (!this.finish) return;
    if (!result.ok) {
      this.status.textContent = say({ key: 'pickerFailed', params: { reason: errorWords(result.error) } });
      return;
    }
    this.show(result.value);
  }

  private show(list: CaptureSourceList): void {
    const buttons = list.sources.map((source) => this.sourceButton(source, source.sourceId === list.chosenId));
    const group = (kind: CaptureSourceItem['kind'], heading: string) => {
      const items = buttons.filter((_, i) => list.sources[i]!.kind === kind);
      return items.length === 0 ? [] : [h('h3', {}, heading), h('div', { class: 'picker-items', role: 'group', 'aria-label': heading }, ...items)];
    };
    this.grid.replaceChildren(...group('screen', t('pickerScreens')), ...group('window', t('pickerWindows')));
    this.status.textContent = list.sources.length === 0 ? t('pickerEmpty') : '';
    (buttons.find((b) => b.getAttribute('aria-current') === 'true') ?? buttons[0])?.focus();
  }

  private sourceButton(source: CaptureSourceItem, current: boolean): HTMLButtonElement {
    const name = source.name || t(source.kind === 'screen' ? 'untitledScreen' : 'untitledWindow');
    const label = t(source.kind === 'screen' ? 'pickerScreenLabel' : 'pickerWindowLabel', { name });
    const picture = source.thumbnail ? h('img', { class: 'source-thumbnail', src: source.thumbnail, alt: '' }) : h('span', { class: 'source-thumbnail none' });
    const icon = source.appIcon ? h('img', { class: 'source-icon', src: source.appIcon, alt: '' }) : '';
    const button = h(
      'button',
      { type: 'button', class: 'source', 'aria-label': current ? `${label} ${t('pickerCurrent')}` : label, 'aria-current': current ? 'true' : undefined },
      picture,
      h('span', { class: 'source-name' }, icon, h('span', { class: 'source-title', title: name }, name)),
    );
    button.addEventListener('click', () => void this.choose(source.sourceId));
    return button;
  }

  /** Tells main; a source gone since the listing (a window closed) lists again instead. */
  private async choose(sourceId: string): Promise<void> {
    const result = await this.api.chooseCaptureSource({ sourceId });
    if (result.ok) {
      this.close(true);
      return;
    }
    const message = say({ key: 'pickerFailed', params: { reason: errorWords(result.error) } });
    if (result.error.code === 'unknown-source') await this.refresh();
    this.status.textContent = message;
  }

  /** Arrow keys move between the sources (in reading order), Home and End to the first and last. */
  private moveFocus(event: KeyboardEvent): void {
    const buttons = [...this.grid.querySelectorAll<HTMLButtonElement>('button.source')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    let next: number | undefined;
    if (KEYS_FORWARD.has(event.key)) next = Math.min(at + 1, buttons.length - 1);
    else if (KEYS_BACK.has(event.key)) next = Math.max(at - 1, 0);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = buttons.length - 1;
    if (next === undefined || buttons.length === 0) return;
    event.preventDefault();
    buttons[next]!.focus();
  }
}
