import type { LessonPart } from '../../common/ipc-contract';
import { t } from '../i18n/i18n';
import { h } from './dom';
import { formatClock } from './format';

/**
 * The parts of a lesson as a list: where each begins, and a box for its name (part 1 is the beginning,
 * named "Start" in the MP4 unless the teacher names it). Used while recording (parts 2 and up are
 * nameable; main keeps them) and on the lesson card after saving (every part nameable).
 */
export class PartsList {
  private readonly list = h('ol', { class: 'parts' });
  readonly element: HTMLElement;

  constructor(
    private readonly options: {
      /** The first part's name box too (on the card: the saved lesson's chapter 1). */
      nameFirst: boolean;
      onName: (part: number, title: string) => void;
      /** Each part's time is a button that plays the lesson from there (on the card, once saved). */
      onPlay?: (part: number, startSeconds: number) => void;
    },
  ) {
    this.element = h('div', { class: 'parts-list', hidden: true }, h('h3', {}, t('partsHeading')), this.list);
  }

  /** Shows `parts` (the first being the beginning). */
  show(parts: readonly LessonPart[]): void {
    this.list.replaceChildren(...parts.map((part, index) => this.item(index + 1, part)));
    this.element.hidden = parts.length < 2;
  }

  /** Adds the part just marked and puts the keyboard in its name box (typing it is optional). */
  add(part: number, startSeconds: number): void {
    if (this.list.children.length === 0) this.list.append(this.item(1, { title: '', startSeconds: 0 }));
    const item = this.item(part, { title: '', startSeconds });
    this.list.append(item);
    this.element.hidden = false;
  }

  clear(): void {
    this.list.replaceChildren();
    this.element.hidden = true;
  }

  private item(number: number, part: LessonPart): HTMLElement {
    const clock = formatClock(part.startSeconds);
    const onPlay = this.options.onPlay;
    const time = onPlay
      ? h('button', { type: 'button', class: 'part-time link', 'aria-label': t('playPartFrom', { number, time: clock }) }, clock)
      : h('span', { class: 'part-time' }, clock);
    if (onPlay) time.addEventListener('click', () => onPlay(number, part.startSeconds));
    if (number === 1 && !this.options.nameFirst) return h('li', {}, time, ' ', part.title || t('firstPartTitle'));
    const name = h('input', {
      type: 'text',
      maxlength: 120,
      value: part.title,
      placeholder: number === 1 ? t('firstPartTitle') : t('partNamePlaceholder'),
      'aria-label': t('partName', { number }),
    });
    name.addEventListener('change', () => this.options.onName(number, name.value.trim()));
    return h('li', {}, time, ' ', name);
  }
}
