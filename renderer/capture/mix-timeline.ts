/** The two sounds a lesson can carry. */
export type AudioRole = 'microphone' | 'system';

/** The recorded sound: 48 kHz stereo (Opus's own rate), in packets of 10 ms. */
export const MIX_RATE = 48_000;
export const MIX_CHANNELS = 2;
export const PACKET_FRAMES = 480;
const PACKET_US = (PACKET_FRAMES / MIX_RATE) * 1e6;
/** Samples kept per input for its meter: as many as the old analyser read (2048 at 48 kHz, 43 ms). */
export const METER_FRAMES = 2048;
/**
 * A packet may come this far from where the one before it ended (its capture clock against ours) before
 * it is placed by its own stamp rather than right after the last one. Inside it, packets are laid end to
 * end: a real microphone's stamps jitter by a fraction of a millisecond, which would otherwise leave
 * clicks (a gap, an overlap) at packet edges.
 */
export const REANCHOR_US = 20_000;
/**
 * An input that has sent nothing for this long (a device that froze, a track without sound) no longer
 * holds the mix back: the mix goes on with silence in its place.
 */
export const STALE_INPUT_US = 500_000;
/**
 * Chromium stamps captured sound on the page's clock (performance.now(), measured). A first packet
 * stamped further than this from it is on another clock: that input is then placed by when its packets
 * come, which loses its capture latency but never its sound.
 */
export const FOREIGN_CLOCK_US = 2_000_000;
/** With no input at all, the mix runs this far behind the clock: silence needs no waiting for. */
const IDLE_LAG_US = 100_000;

/** One packet of sound in: its capture stamp (µs, the page's clock), its rate, a Float32Array per channel. */
export interface SoundPacket {
  timestampUs: number;
  sampleRate: number;
  planes: readonly Float32Array[];
}

/**
 * One packet of the mix out: its stamp, and its samples as one planar buffer (`data`, what AudioData
 * takes as it is) with a view of each channel in it (`planes`, MIX_CHANNELS of PACKET_FRAMES).
 */
export interface MixedPacket {
  timestampUs: number;
  data: Float32Array<ArrayBuffer>;
  planes: Float32Array[];
}

/** An empty packet's buffer and its channel views. */
function silentPacket(): { data: Float32Array<ArrayBuffer>; planes: Float32Array[] } {
  const data = new Float32Array(MIX_CHANNELS * PACKET_FRAMES);
  return { data, planes: Array.from({ length: MIX_CHANNELS }, (_, channel) => data.subarray(channel * PACKET_FRAMES, (channel + 1) * PACKET_FRAMES)) };
}

interface Input {
  /** Where, in mix frames, this input's next sample goes if it follows on from the last packet. */
  nextFrame: number | undefined;
  /** Fractional read position carried between packets when resampling. */
  phase: number;
  /** The last sample of the last packet per channel, for resampling across packet edges. */
  carry: number[];
  /** The newest mix frame this input has filled (everything before it is in). */
  filledTo: number;
  /** When (our clock, µs) its last packet came. */
  lastArrivalUs: number;
  /** Added to its stamps: 0, unless they are on some other clock (see FOREIGN_CLOCK_US). */
  clockOffsetUs: number | undefined;
  meter: Float32Array;
  meterAt: number;
}

/**
 * Mixes the microphone and the system sound into one timeline of 48 kHz stereo packets, each input placed
 * by its capture stamps, so the recorded sound keeps the time it was heard at. (Web Audio, which the app
 * mixed with before, stamps its output when it renders: one render buffer late and varying with it,
 * 26–64 ms here, docs/PERFORMANCE.md §8.) The mix is handed out once every input has filled it (or gone
 * quiet for STALE_INPUT_US), always in order, always whole: a gap in an input is silence in the mix, and
 * the mix never stops while the lesson runs.
 *
 * Pure: times are given (µs, on the clock the packets are stamped with), so it is tested without a browser.
 */
export class MixTimeline {
  private readonly inputs = new Map<AudioRole, Input>();
  private readonly gains: Record<AudioRole, number> = { microphone: 1, system: 1 };
  /** Mix frames by packet index, summed as the inputs arrive. */
  private readonly pending = new Map<number, { data: Float32Array<ArrayBuffer>; planes: Float32Array[] }>();
  /** The next packet to hand out. */
  private nextPacket = 0;
  /** Samples that came after their place in the mix was handed out (counted for the log). */
  lateFrames = 0;
  /** Times an input was placed by its stamp after drifting (for the log). */
  reanchors = 0;
  /** Inputs found stamping on another clock (for the log). */
  foreignClocks = 0;
  private lastTakeUs = Number.NEGATIVE_INFINITY;

  /** `startUs`: the mix's time zero (packet 0 starts there). */
  constructor(private readonly startUs: number) {}

  /** The mix's clock: seconds of sound handed out. It moves as long as the lesson's page runs. */
  get seconds(): number {
    return (this.nextPacket * PACKET_FRAMES) / MIX_RATE;
  }

  setGain(role: AudioRole, value: number): void {
    this.gains[role] = value;
  }

  gain(role: AudioRole): number {
    return this.gains[role];
  }

  /** An input starts (a device attached): its packets are placed from their own stamps. */
  attach(role: AudioRole, nowUs: number): void {
    this.inputs.set(role, {
      nextFrame: undefined,
      phase: 0,
      carry: [],
      filledTo: this.nextPacket * PACKET_FRAMES,
      lastArrivalUs: nowUs,
      clockOffsetUs: undefined,
      meter: new Float32Array(METER_FRAMES),
      meterAt: 0,
    });
  }

  /** An input ends: the mix no longer waits for it. */
  detach(role: AudioRole): void {
    this.inputs.delete(role);
  }

  has(role: AudioRole): boolean {
    return this.inputs.has(role);
  }

  /** Adds one packet of `role`'s sound, arrived at `nowUs`. */
  push(role: AudioRole, packet: SoundPacket, nowUs: number): void {
    const input = this.inputs.get(role);
    if (!input || packet.planes.length === 0) return;
    input.lastArrivalUs = nowUs;
    const ratio = packet.sampleRate / MIX_RATE;
    if (input.clockOffsetUs === undefined) {
      input.clockOffsetUs = Math.abs(packet.timestampUs - nowUs) > FOREIGN_CLOCK_US ? nowUs - packet.timestampUs : 0;
      if (input.clockOffsetUs !== 0) this.foreignClocks++;
    }
    const stampedAt = Math.round(((packet.timestampUs + input.clockOffsetUs - this.startUs) * MIX_RATE) / 1e6);
    let at = input.nextFrame;
    if (at === undefined || Math.abs(stampedAt - at) > (REANCHOR_US * MIX_RATE) / 1e6) {
      if (at !== undefined) this.reanchors++;
      at = stampedAt;
      input.phase = 0;
      input.carry = [];
    }
    const gain = this.gains[role];
    const out = ratio === 1 ? packet.planes : this.resample(input, packet.planes, ratio);
    const produced = out[0]!.length;
    const left = out[0]!;
    // A mono input is heard on both sides.
    const right = out[1] ?? left;
    this.keepForMeter(input, left);
    // Whole runs of samples per mix packet (not sample by sample: this runs on the page's main thread).
    for (let i = 0; i < produced;) {
      const frame = at + i;
      const packetIndex = Math.floor(frame / PACKET_FRAMES);
      const offset = frame - packetIndex * PACKET_FRAMES;
      const count = Math.min(PACKET_FRAMES - offset, produced - i);
      if (packetIndex < this.nextPacket) {
        this.lateFrames += count;
        i += count;
        continue;
      }
      let packet = this.pending.get(packetIndex);
      if (!packet) {
        packet = silentPacket();
        this.pending.set(packetIndex, packet);
      }
      const [toLeft, toRight] = packet.planes as [Float32Array, Float32Array];
      for (let k = 0; k < count; k++) {
        toLeft[offset + k]! += left[i + k]! * gain;
        toRight[offset + k]! += right[i + k]! * gain;
      }
      i += count;
    }
    input.nextFrame = at + produced;
    input.filledTo = Math.max(input.filledTo, at + produced);
  }

  /**
   * The packets ready at `nowUs`, in order: those every live input has filled. An input that has sent
   * nothing for STALE_INPUT_US is not waited for; with none to wait for, the mix follows the clock.
   */
  take(nowUs: number): MixedPacket[] {
    this.lastTakeUs = nowUs;
    const clockFrame = Math.floor(((nowUs - this.startUs - IDLE_LAG_US) * MIX_RATE) / 1e6);
    let until = Number.POSITIVE_INFINITY;
    for (const input of this.inputs.values()) {
      if (nowUs - input.lastArrivalUs < STALE_INPUT_US) until = Math.min(until, input.filledTo);
    }
    if (until === Number.POSITIVE_INFINITY) until = clockFrame;
    const ready: MixedPacket[] = [];
    while ((this.nextPacket + 1) * PACKET_FRAMES <= until) {
      const packet = this.pending.get(this.nextPacket) ?? silentPacket();
      this.pending.delete(this.nextPacket);
      ready.push({ timestampUs: Math.round(this.startUs + this.nextPacket * PACKET_US), ...packet });
      this.nextPacket++;
    }
    return ready;
  }

  /**
   * Linear resampling onto the mix's rate (a 44.1 kHz microphone, say), carrying the read position and
   * the last sample across packet edges so that the joins are smooth.
   */
  private resample(input: Input, planes: readonly Float32Array[], ratio: number): Float32Array[] {
    const joined = planes.map((plane, channel) => {
      const carry = input.carry[channel];
      if (carry === undefined) return plane;
      const extended = new Float32Array(plane.length + 1);
      extended[0] = carry;
      extended.set(plane, 1);
      return extended;
    });
    const length = joined[0]!.length;
    const out: Float32Array[] = joined.map(() => new Float32Array(Math.ceil((length - 1 - input.phase) / ratio) + 1));
    let position = input.phase;
    let produced = 0;
    while (position <= length - 1) {
      const base = Math.floor(position);
      const fraction = position - base;
      joined.forEach((plane, channel) => {
        const a = plane[base]!;
        const b = base + 1 < length ? plane[base + 1]! : a;
        out[channel]![produced] = a + (b - a) * fraction;
      });
      produced++;
      position += ratio;
    }
    input.phase = position - (length - 1);
    input.carry = planes.map((plane) => plane[plane.length - 1]!);
    return out.map((plane) => plane.subarray(0, produced));
  }

  private keepForMeter(input: Input, samples: Float32Array): void {
    const recent = samples.length > METER_FRAMES ? samples.subarray(samples.length - METER_FRAMES) : samples;
    const first = Math.min(recent.length, METER_FRAMES - input.meterAt);
    input.meter.set(recent.subarray(0, first), input.meterAt);
    input.meter.set(recent.subarray(first), 0);
    input.meterAt = (input.meterAt + recent.length) % METER_FRAMES;
  }

  /** The last METER_FRAMES samples `role` sent (its first channel, before its gain), oldest first; silence if it went quiet. */
  meterSamples(role: AudioRole): Float32Array {
    const input = this.inputs.get(role);
    // A device that stopped sending is silent, whatever it sent last (the silence alarm reads this).
    if (!input || this.lastTakeUs - input.lastArrivalUs >= STALE_INPUT_US) return new Float32Array(METER_FRAMES);
    const samples = new Float32Array(METER_FRAMES);
    samples.set(input.meter.subarray(input.meterAt));
    samples.set(input.meter.subarray(0, input.meterAt), METER_FRAMES - input.meterAt);
    return samples;
  }
}
