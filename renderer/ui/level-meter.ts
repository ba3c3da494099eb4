import { meterPercent } from './audio-level';
import { h } from './dom';

/**
 * A horizontal level meter (role=meter) for one audio input, with its name shown beside it;
 * `set` takes a level 0..1.
 */
export class LevelMeter {
  private readonly fill = h('div', { class: 'meter-fill' });
  private readonly meter: HTMLDivElement;
  readonly element: HTMLDivElement;
  private shown = -1;

  constructor(label: string) {
    this.meter = h('div', { class: 'meter', role: 'meter', 'aria-label': label, 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0 }, this.fill);
    // The caption is for the eye; screen readers get the meter's own name.
    this.element = h('div', { class: 'meter-row' }, h('span', { class: 'meter-label', 'aria-hidden': 'true' }, label), this.meter);
  }

  set(level: number): void {
    const percent = meterPercent(level);
    if (percent === this.shown) return;
    this.shown = percent;
    this.fill.style.transform = `scaleX(${percent / 100})`;
    this.meter.setAttribute('aria-valuenow', String(percent));
  }
}
