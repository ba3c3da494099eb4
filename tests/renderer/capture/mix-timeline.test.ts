import { describe, expect, it } from 'vitest';
import { FOREIGN_CLOCK_US, MIX_RATE, MixTimeline, PACKET_FRAMES, STALE_INPUT_US, type MixedPacket } from '../../../renderer/capture/mix-timeline';

const START = 1_000_000;
const PACKET_US = (PACKET_FRAMES / MIX_RATE) * 1e6;

/** A 10-ms packet of one constant value, mono, stamped `timestampUs`. */
function packet(timestampUs: number, value: number, sampleRate = MIX_RATE, frames = (sampleRate * PACKET_US) / 1e6) {
  return { timestampUs, sampleRate, planes: [new Float32Array(frames).fill(value)] };
}

/** The left channel of the packets, end to end. */
function left(packets: MixedPacket[]): Float32Array {
  const out = new Float32Array(packets.length * PACKET_FRAMES);
  packets.forEach((p, i) => out.set(p.planes[0]!, i * PACKET_FRAMES));
  return out;
}

describe('the sound mix', () => {
  it('keeps each sample at its capture time: a beep stamped 1 s after the start is 1 s into the mix, whenever it arrives', () => {
    const mix = new MixTimeline(START);
    mix.attach('microphone', START);
    // Captured from START on, each packet arriving 60 ms after it was captured (a device's latency):
    // the mix stamps its packets from START, not from when the sound came.
    for (let i = 0; i < 150; i++) mix.push('microphone', packet(START + i * PACKET_US, i === 100 ? 0.5 : 0), START + i * PACKET_US + 60_000);
    const out = mix.take(START + 1_600_000);
    expect(out.length).toBe(150);
    out.forEach((p, i) => expect(p.timestampUs).toBe(Math.round(START + i * PACKET_US)));
    const samples = left(out);
    const first = samples.findIndex((s) => s > 0);
    expect(first).toBe(MIX_RATE); // exactly 1 s in
    expect(out[100]!.planes[1]![0]).toBe(0.5); // a mono input on both sides
  });

  it('waits for every live input, and not for one that has gone quiet', () => {
    const mix = new MixTimeline(START);
    mix.attach('microphone', START);
    mix.attach('system', START);
    for (let i = 0; i < 10; i++) mix.push('microphone', packet(START + i * PACKET_US, 0.1), START + i * PACKET_US);
    for (let i = 0; i < 5; i++) mix.push('system', packet(START + i * PACKET_US, 0.2), START + i * PACKET_US);
    // Both have filled 5 packets; the microphone alone 10.
    const first = mix.take(START + 100_000);
    expect(first.length).toBe(5);
    expect(first[0]!.planes[0]![0]).toBeCloseTo(0.3);
    // The screen's sound stops (its track went quiet): after STALE_INPUT_US the mix goes on without it.
    // (Its last packet came at START + 40 ms.)
    expect(mix.take(START + 40_000 + STALE_INPUT_US - 1)).toEqual([]);
    const later = mix.take(START + 40_000 + STALE_INPUT_US);
    expect(later.length).toBe(5);
    expect(later[0]!.planes[0]![0]).toBeCloseTo(0.1);
    // Its meter reads silence too, whatever it last sent.
    expect(mix.meterSamples('system').some((s) => s !== 0)).toBe(false);
    expect(mix.meterSamples('microphone').some((s) => s !== 0)).toBe(true);
  });

  it('with no device at all, runs on the clock with silence: the recording never waits for a microphone', () => {
    const mix = new MixTimeline(START);
    const out = mix.take(START + 1_100_000);
    expect(out.length).toBe(100);
    expect(left(out).some((s) => s !== 0)).toBe(false);
    expect(mix.seconds).toBe(1);
  });

  it('applies each gain, and a device that comes back is mixed in from its own stamps', () => {
    const mix = new MixTimeline(START);
    mix.setGain('microphone', 0.5);
    mix.attach('microphone', START);
    mix.push('microphone', packet(START, 0.8), START);
    expect(mix.take(START + 20_000)[0]!.planes[0]![0]).toBeCloseTo(0.4);
    mix.detach('microphone');
    mix.attach('microphone', START + 50_000);
    mix.push('microphone', packet(START + 50_000, 0.8), START + 60_000);
    const out = mix.take(START + 70_000);
    expect(out.map((p) => p.planes[0]![0])).toEqual([0, 0, 0, 0, 0.4, 0].slice(0, out.length).map((v) => expect.closeTo(v)));
    expect(out[4]!.timestampUs).toBe(START + 50_000);
  });

  it('lays packets end to end through stamp jitter (no clicks), and follows the stamps when they drift far', () => {
    const mix = new MixTimeline(START);
    mix.attach('microphone', START);
    // Stamps off by up to ±1 ms from a steady 10 ms: no gap, no overlap.
    for (let i = 0; i < 50; i++) mix.push('microphone', packet(START + i * PACKET_US + (i % 2 ? 1000 : -1000) + 1000, 0.25), START + i * PACKET_US + 20_000);
    const out = left(mix.take(START + 400_000));
    const filled = out.subarray(48, 48 + 50 * PACKET_FRAMES);
    expect(filled.every((s) => s === 0.25)).toBe(true);
    expect(mix.reanchors).toBe(0);
    // 30 ms later than where the last one ended: placed by its stamp (the device's clock ran away).
    mix.push('microphone', packet(START + 50 * PACKET_US + 31_000, 0.25), START + 700_000);
    expect(mix.reanchors).toBe(1);
  });

  it('resamples a 44.1 kHz microphone onto 48 kHz without gaps', () => {
    const mix = new MixTimeline(START);
    mix.attach('microphone', START);
    for (let i = 0; i < 100; i++) mix.push('microphone', packet(START + i * PACKET_US, 0.3, 44_100, 441), START + i * PACKET_US);
    const out = left(mix.take(START + 1_200_000));
    // 1 s of 44.1 kHz is 1 s of 48 kHz: everything but the very end is filled.
    const filled = out.subarray(0, MIX_RATE - 20);
    expect(filled.every((s) => Math.abs(s - 0.3) < 1e-6)).toBe(true);
  });

  it('counts sound that comes after its place was sent, instead of moving the mix', () => {
    const mix = new MixTimeline(START);
    mix.attach('microphone', START);
    mix.push('microphone', packet(START + 100_000, 0.5), START + 100_000);
    mix.take(START + 110_000 + STALE_INPUT_US); // gone quiet: the mix went on
    mix.push('microphone', packet(START + 200_000, 0.5), START + 700_000);
    expect(mix.lateFrames).toBe(PACKET_FRAMES);
  });

  it('places a device stamping on another clock by when its sound comes', () => {
    const mix = new MixTimeline(START);
    mix.attach('microphone', START);
    mix.push('microphone', packet(START + 2 * FOREIGN_CLOCK_US + 123_456_789, 0.5), START + 30_000);
    mix.push('microphone', packet(START + 2 * FOREIGN_CLOCK_US + 123_456_789 + PACKET_US, 0.5), START + 40_000);
    expect(mix.foreignClocks).toBe(1);
    const out = mix.take(START + 60_000);
    expect(out.length).toBe(5);
    expect(out[3]!.planes[0]![0]).toBe(0.5);
  });
});
