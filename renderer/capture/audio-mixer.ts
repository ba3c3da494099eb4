import { levelFromSamples } from '../ui/audio-level';

/** The two sounds a lesson can carry. */
export type AudioRole = 'microphone' | 'system';
export const AUDIO_ROLES: readonly AudioRole[] = ['microphone', 'system'];

/**
 * The slice of Web Audio the mixer uses, so its wiring is tested with a fake graph. `S` is the input
 * stream type and `T` the output track type (MediaStream and MediaStreamTrack in the browser).
 */
export interface MixerNode {
  connect(destination: MixerNode): unknown;
  disconnect(): void;
}
export interface MixerGain extends MixerNode {
  gain: { value: number };
}
export interface MixerAnalyser extends MixerNode {
  fftSize: number;
  getFloatTimeDomainData(array: Float32Array<ArrayBuffer>): void;
}
export interface MixerDestination<T> extends MixerNode {
  stream: { getAudioTracks(): T[] };
}
export interface MixerStream {
  getAudioTracks(): readonly unknown[];
}
export interface MixerContext<S extends MixerStream, T> {
  createMediaStreamSource(stream: S): MixerNode;
  createGain(): MixerGain;
  createAnalyser(): MixerAnalyser;
  createMediaStreamDestination(): MixerDestination<T>;
}

interface Channel {
  source: MixerNode | undefined;
  /** Level of what comes in, before the gain: says whether the device carries any signal. */
  input: MixerAnalyser;
  gain: MixerGain;
  /** Level of what is recorded, after the gain: what the meter shows. */
  output: MixerAnalyser;
}

/**
 * Mixes the microphone and the system (screen) sound into one recorded track, each with its own gain:
 *
 *   source ─┬─► input analyser
 *           └─► gain ─┬─► output analyser
 *                     └─► destination ─► recorded track
 *
 * The destination's track belongs to the renderer and lives as long as the mixer: a device that goes away
 * leaves silence in the recording instead of ending it, and a device that comes back is wired in again.
 */
export class AudioMixer<S extends MixerStream, T> {
  readonly track: T;
  private readonly channels: Record<AudioRole, Channel>;
  private readonly samples: Float32Array<ArrayBuffer>;

  constructor(private readonly context: MixerContext<S, T>) {
    const destination = context.createMediaStreamDestination();
    const track = destination.stream.getAudioTracks()[0];
    if (!track) throw new Error('The audio mixer has no output track.');
    this.track = track;
    const channel = (): Channel => {
      const input = context.createAnalyser();
      const gain = context.createGain();
      const output = context.createAnalyser();
      input.fftSize = output.fftSize = 2048;
      gain.connect(output);
      gain.connect(destination);
      return { source: undefined, input, gain, output };
    };
    this.channels = { microphone: channel(), system: channel() };
    this.samples = new Float32Array(2048);
  }

  /** Wires `stream`'s audio in as `role`, replacing what was there; undefined leaves that role silent. */
  setInput(role: AudioRole, stream: S | undefined): void {
    const channel = this.channels[role];
    channel.source?.disconnect();
    channel.source = undefined;
    if (!stream || stream.getAudioTracks().length === 0) return;
    channel.source = this.context.createMediaStreamSource(stream);
    channel.source.connect(channel.input);
    channel.source.connect(channel.gain);
  }

  hasInput(role: AudioRole): boolean {
    return this.channels[role].source !== undefined;
  }

  setGain(role: AudioRole, value: number): void {
    this.channels[role].gain.gain.value = value;
  }

  gain(role: AudioRole): number {
    return this.channels[role].gain.gain.value;
  }

  /** 0..1 level of `role` as recorded (after its gain). */
  level(role: AudioRole): number {
    return this.read(this.channels[role].output);
  }

  /** 0..1 level of `role` as it comes in (before its gain): for the silent-microphone alarm. */
  inputLevel(role: AudioRole): number {
    return this.read(this.channels[role].input);
  }

  private read(analyser: MixerAnalyser): number {
    analyser.getFloatTimeDomainData(this.samples);
    return levelFromSamples(this.samples);
  }
}
