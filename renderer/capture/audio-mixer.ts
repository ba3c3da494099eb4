import { levelFromSamples } from '../ui/audio-level';
import { MIX_CHANNELS, MIX_RATE, MixTimeline, PACKET_FRAMES, type AudioRole, type SoundPacket } from './mix-timeline';

export type { AudioRole } from './mix-timeline';

/**
 * How often the mix is handed on when no packet comes in to do it (no microphone: silence). Each packet
 * that comes in hands it on too, so this is rare work: a tick is a main-thread task.
 */
const TICK_MS = 100;
/**
 * Packets a device's track keeps while the page is busy (Chromium's default for audio is 10, 100 ms):
 * a page held up for up to 3 s loses no sound, since every packet is placed by its own stamp.
 */
const READ_BUFFER_PACKETS = 300;

/**
 * Mixes the microphone and the system (screen) sound into the one recorded track, each with its own gain,
 * with the breakout box (MediaStreamTrackProcessor in, MediaStreamTrackGenerator out) and no Web Audio:
 *
 *   microphone track ─► packets ─┐
 *                                ├─► MixTimeline (placed by capture stamps, gains) ─► recorded track
 *   screen's sound   ─► packets ─┘
 *
 * Why not Web Audio, as before: its output is stamped when the graph renders, so the recorded sound came
 * one render buffer late and by a varying amount (26–64 ms over bare MediaRecorder in one test, more with
 * a larger buffer; docs/PERFORMANCE.md §8), and a suspended AudioContext (a browser's autoplay rule)
 * held the whole recording back. Here each sample keeps its capture time, so MediaRecorder lines it up
 * with the picture as it would the microphone itself, and the mix never waits for a click.
 *
 * The recorded track belongs to the renderer and lives as long as the mixer: a device that goes away
 * leaves silence in the recording instead of ending it, and a device that comes back is wired in again.
 */
export class AudioMixer {
  readonly track: MediaStreamTrack;
  private readonly timeline = new MixTimeline(performance.now() * 1000);
  private readonly writer: WritableStreamDefaultWriter<AudioData>;
  private readonly readers: Partial<Record<AudioRole, ReadableStreamDefaultReader<AudioData>>> = {};
  private readonly timer: ReturnType<typeof setInterval>;
  private closed = false;
  /** The timeline's oddities (late samples, re-placings, foreign clocks) already logged. */
  private logged = 0;

  constructor() {
    const generator = new MediaStreamTrackGenerator<AudioData>({ kind: 'audio' });
    this.track = generator;
    this.writer = generator.writable.getWriter();
    this.timer = setInterval(() => this.handOn(), TICK_MS);
  }

  /** Wires `stream`'s audio in as `role`, replacing what was there; undefined leaves that role silent. */
  setInput(role: AudioRole, stream: MediaStream | undefined): void {
    void this.readers[role]?.cancel().catch(() => undefined);
    delete this.readers[role];
    this.timeline.detach(role);
    const track = stream?.getAudioTracks()[0];
    if (!track || this.closed) return;
    const reader = new MediaStreamTrackProcessor<AudioData>({ track, maxBufferSize: READ_BUFFER_PACKETS }).readable.getReader();
    this.readers[role] = reader;
    this.timeline.attach(role, performance.now() * 1000);
    void this.read(role, reader);
  }

  hasInput(role: AudioRole): boolean {
    return this.timeline.has(role);
  }

  setGain(role: AudioRole, value: number): void {
    this.timeline.setGain(role, value);
  }

  gain(role: AudioRole): number {
    return this.timeline.gain(role);
  }

  /** 0..1 level of `role` as recorded (after its gain). */
  level(role: AudioRole): number {
    const gain = this.timeline.gain(role);
    return levelFromSamples(this.timeline.meterSamples(role).map((sample) => sample * gain));
  }

  /** 0..1 level of `role` as it comes in (before its gain): for the silent-microphone alarm. */
  inputLevel(role: AudioRole): number {
    return levelFromSamples(this.timeline.meterSamples(role));
  }

  /** Seconds of sound handed to the recorded track: stands still only if the page itself does. */
  get clock(): number {
    return this.timeline.seconds;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    for (const role of ['microphone', 'system'] as const) this.setInput(role, undefined);
    void this.writer.close().catch(() => undefined);
    this.track.stop();
  }

  private async read(role: AudioRole, reader: ReadableStreamDefaultReader<AudioData>): Promise<void> {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || !value) return;
        const packet = packetOf(value);
        value.close();
        if (this.readers[role] !== reader) return;
        this.timeline.push(role, packet, performance.now() * 1000);
        this.handOn();
      }
    } catch {
      // The track ended or was replaced: the capture session sees that and says so.
    }
  }

  /** Hands the packets the inputs have filled to the recorded track. */
  private handOn(): void {
    if (this.closed) return;
    for (const packet of this.timeline.take(performance.now() * 1000)) {
      const audio = new AudioData({
        format: 'f32-planar',
        sampleRate: MIX_RATE,
        numberOfFrames: PACKET_FRAMES,
        numberOfChannels: MIX_CHANNELS,
        timestamp: packet.timestampUs,
        data: packet.data,
      });
      this.writer.write(audio).catch(() => audio.close());
    }
    const { lateFrames, reanchors, foreignClocks } = this.timeline;
    if (lateFrames + reanchors + foreignClocks > this.logged) {
      // Said when it changes: each is rare, and each explains a click or a shift someone may hear.
      console.warn(
        `[mix] so far: ${lateFrames} samples came after their place was sent (left out); ${reanchors} re-placed by their stamps after drifting; ${foreignClocks} inputs on another clock (placed by arrival)`,
      );
      this.logged = lateFrames + reanchors + foreignClocks;
    }
  }
}

/** One AudioData's samples as planes of float, with its stamp and rate. */
function packetOf(data: AudioData): SoundPacket {
  const planes: Float32Array[] = [];
  for (let channel = 0; channel < Math.min(data.numberOfChannels, MIX_CHANNELS); channel++) {
    const plane = new Float32Array(data.numberOfFrames);
    data.copyTo(plane, { planeIndex: channel, format: 'f32-planar' });
    planes.push(plane);
  }
  return { timestampUs: data.timestamp, sampleRate: data.sampleRate, planes };
}
