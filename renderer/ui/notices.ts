import { h } from './dom';

export type NoticeLevel = 'info' | 'warning' | 'error';

/**
 * The one live region for problems (role=alert): notices are added at once and announced; those with a
 * key (a lost device, a silent microphone) are removed by key when the problem is over.
 */
export class NoticeList {
  readonly element = h('div', { class: 'notices', role: 'alert' });
  private readonly keyed = new Map<string, HTMLElement>();

  /** Shows `message` unless the same text is already shown; a keyed notice replaces its earlier text. */
  add(level: NoticeLevel, message: string, key?: string): void {
    if (key) this.remove(key);
    if ([...this.element.children].some((child) => child.textContent === message)) return;
    const notice = h('p', { class: `notice ${level}` }, message);
    if (key) {
      notice.dataset.key = key;
      this.keyed.set(key, notice);
    }
    this.element.append(notice);
  }

  remove(key: string): void {
    this.keyed.get(key)?.remove();
    this.keyed.delete(key);
  }

  has(key: string): boolean {
    return this.keyed.has(key);
  }

  clear(): void {
    this.element.replaceChildren();
    this.keyed.clear();
  }
}
