import { describe, expect, it } from 'vitest';
import { METER_STEP_PERCENT, meterPercent } from '../../../renderer/ui/audio-level';

describe('meterPercent', () => {
  it('shows a level 0..1 in whole steps, clamped', () => {
    expect(meterPercent(0)).toBe(0);
    expect(meterPercent(1)).toBe(100);
    expect(meterPercent(0.42)).toBe(40);
    expect(meterPercent(0.43)).toBe(45);
    expect(meterPercent(-0.5)).toBe(0);
    expect(meterPercent(3)).toBe(100);
    expect(meterPercent(Number.NaN)).toBe(0);
  });

  it('changes only when the level crosses a step, so small wobbles cost the page nothing', () => {
    const shown = new Set([0.5, 0.505, 0.51, 0.52].map(meterPercent));
    expect(shown).toEqual(new Set([50]));
    for (let level = 0; level <= 1; level += 0.01) expect(meterPercent(level) % METER_STEP_PERCENT).toBe(0);
  });
});
