/**
 * Root-mean-square level of a block of samples (-1..1), scaled so normal speech fills most of a meter:
 * 0 for silence, 1 at about -6 dBFS and above.
 */
export function levelFromSamples(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const value of samples) sum += value * value;
  const rms = Math.sqrt(sum / samples.length);
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  // -60 dBFS → 0, -6 dBFS → 1
  return Math.min(1, Math.max(0, (db + 60) / 54));
}

/**
 * The meter moves in steps of this many percent: finer steps are not visible in a 10-pixel bar, and every
 * change costs the page a frame (a speaking voice changes its level on nearly every reading).
 */
export const METER_STEP_PERCENT = 5;

/** The percent a meter shows for a level 0..1: clamped, in steps of METER_STEP_PERCENT. */
export function meterPercent(level: number): number {
  const clamped = Number.isFinite(level) ? Math.min(1, Math.max(0, level)) : 0;
  return Math.round((clamped * 100) / METER_STEP_PERCENT) * METER_STEP_PERCENT;
}
