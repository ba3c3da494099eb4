import { h } from './dom';

/** A horizontal level meter (role=meter) for one audio input; `set` takes a level 0..1. */
export class LevelMeter {
  private readonly fill = h('div', { class: 'meter-fill' });
  readonly element: HTMLDivElement;
  private shown = -1;

  constructor(label: string) {
    this.element = h('div', { class: 'meter', role: 'meter', 'aria-label': label, 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0 }, this.fill);
  }

  set(level: number): void {
    const percent = Math.round(Math.min(1, Math.max(0, level)) * 100);
    if (percent === this.shown) return;
    this.shown = percent;
    this.fill.style.width = `${percent}%`;
    this.element.setAttribute('aria-valuenow', String(percent));
  }
}
