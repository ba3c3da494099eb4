import { AudioMixer, type AudioRole } from './audio-mixer';
import type { CompositorLayout, PlaceholderLabels } from './compositor-protocol';
import { isLive, openCamera, openMicrophone, openScreen, stopStream } from './devices';
import { MAX_OUTPUT, OUTPUT_FRAME_RATE, outputSize, type PipCorner, type PipSize, type Size, type SourceMode } from './layout';
import type { CapturePreferences } from './preferences';
import { compositorSupported, VideoCompositor } from './video-compositor';

/** A device the lesson may use. */
export type DeviceRole = 'camera' | 'microphone' | 'screen';
/**
 * `unused`: the mode does not need it; `live`: delivering; `lost`: needed but missing (ended or refused);
 * `waiting`: the screen is needed but not chosen yet (only a click can ask for it).
 */
export type DeviceStatus = 'unused' | 'live' | 'lost' | 'waiting';

export interface CaptureEvents {
  /** A device changed status; `error` is set when opening it failed. */
  onStatus(role: DeviceRole, status: DeviceStatus, error?: Error): void;
  /** The remembered choices changed (the caller stores them). */
  onPreferences(preferences: CapturePreferences): void;
  /** The video compositor failed: the recorded picture may stand still. */
  onCompositorFailure(message: string): void;
  /**
   * The app's own screen/window picker (Electron): asked before each `getDisplayMedia`; false when the
   * teacher cancelled (the screen stays as it was). Absent where the browser's own picker asks.
   */
  pickScreen?(): Promise<boolean>;
}

/** The preview's frame rate while a lesson records (see `slowPreview`). */
export const PREVIEW_FPS_WHILE_RECORDING = 10;
/** How often a lost camera or microphone is tried again, besides every `devicechange`. */
const RETRY_MS = 2000;
/** How often the device tracks are checked: `track.stop()` and some unplugs fire no `ended` event. */
const WATCH_MS = 500;

/**
 * Everything a lesson is recorded from: the devices the chosen mode needs, the compositor and the audio
 * mixer, and the one stream MediaRecorder records (`stream`). That stream's tracks belong to the
 * renderer and never end while the session is open: devices that come and go are re-attached behind them.
 */
export class CaptureSession {
  readonly stream: MediaStream;
  private readonly streams: Partial<Record<DeviceRole, MediaStream>> = {};
  private readonly statuses: Record<DeviceRole, DeviceStatus> = { camera: 'unused', microphone: 'unused', screen: 'unused' };
  private readonly compositor: VideoCompositor;
  private readonly mixer: AudioMixer;
  private readonly timers: Array<ReturnType<typeof setInterval>> = [];
  private outputLocked = false;
  /** The largest picture recorded (the quality setting). */
  private outputLimit: Size = MAX_OUTPUT;
  private opening: Partial<Record<DeviceRole, Promise<void>>> = {};
  /** Devices the teacher or the system refused: tried again only when devices change, not on the timer. */
  private readonly refused = new Set<DeviceRole>();
  private readonly onDeviceChange = () => void this.retryLost(true);

  constructor(
    private prefs: CapturePreferences,
    labels: PlaceholderLabels,
    private readonly events: CaptureEvents,
  ) {
    if (!compositorSupported()) throw new Error('this browser cannot compose video (no MediaStreamTrackProcessor)');
    this.mixer = new AudioMixer();
    this.compositor = new VideoCompositor(outputSize(prefs.mode, undefined, undefined), this.layout(), labels, {
      onSourceEnded: (role) => this.markLost(role),
      onFailure: (message) => events.onCompositorFailure(message),
    });
    this.mixer.setGain('microphone', prefs.microphoneGain);
    this.mixer.setGain('system', prefs.systemAudioGain);
    this.stream = new MediaStream([this.compositor.track, this.mixer.track]);
    navigator.mediaDevices.addEventListener('devicechange', this.onDeviceChange);
    this.timers.push(
      setInterval(() => this.watch(), WATCH_MS),
      setInterval(() => void this.retryLost(false), RETRY_MS),
    );
  }

  /** Opens the microphone and the camera if the mode needs it. The screen waits for a click (`chooseScreen`). */
  async start(): Promise<void> {
    await Promise.all([this.open('microphone'), this.needsCamera() ? this.open('camera') : undefined]);
    // A click may have shared the screen while the devices were opening.
    if (this.needsScreen() && !isLive(this.track('screen'))) this.setStatus('screen', 'waiting');
    this.fitOutput();
  }

  get preferences(): CapturePreferences {
    return this.prefs;
  }

  /** Frames of the recorded picture handed to MediaRecorder so far (for the recorder's log). */
  get videoFrames(): number {
    return this.compositor.framesWritten;
  }

  /**
   * The picture's sources' frame counters, summed over the live camera and screen: frames they produced,
   * and frames delivered to the compositor (MediaStreamTrack `stats`, Media Capture Extensions). Undefined
   * where the browser has no such counters. The recorder watches them for overload.
   */
  get sourceFrames(): { total: number; delivered: number } | undefined {
    let counted: { total: number; delivered: number } | undefined;
    for (const role of ['camera', 'screen'] as const) {
      const track = this.track(role) as (MediaStreamTrack & { stats?: { totalFrames: number; deliveredFrames: number } }) | undefined;
      if (!isLive(track) || !track?.stats) continue;
      counted = { total: (counted?.total ?? 0) + track.stats.totalFrames, delivered: (counted?.delivered ?? 0) + track.stats.deliveredFrames };
    }
    return counted;
  }

  get output(): Size {
    return this.compositor.outputSize;
  }

  /** The composited picture for the preview: exactly what is recorded, every frame or fewer (`slowPreview`). */
  get previewStream(): MediaStream {
    return new MediaStream([this.compositor.previewTrack]);
  }

  /**
   * While a lesson records, the preview shows 10 frames a second instead of 30: enough to see that the
   * camera and screen are there, and without a GPU each shown frame costs about what encoding one does
   * (docs/PERFORMANCE.md §5). The recording keeps every frame.
   */
  slowPreview(slow: boolean): void {
    this.compositor.setPreviewRate(slow ? PREVIEW_FPS_WHILE_RECORDING : OUTPUT_FRAME_RATE);
  }

  status(role: DeviceRole): DeviceStatus {
    return this.statuses[role];
  }

  level(role: AudioRole): number {
    return this.mixer.level(role);
  }

  inputLevel(role: AudioRole): number {
    return this.mixer.inputLevel(role);
  }

  /** The recorded sound's clock: seconds of it handed to MediaRecorder. */
  get audioClock(): number {
    return this.mixer.clock;
  }

  /** While recording, the output size is fixed: a new screen is fitted into it, not the other way round. */
  lockOutput(locked: boolean): void {
    this.outputLocked = locked;
    if (!locked) this.fitOutput();
  }

  /**
   * The quality setting changed: the picture is fitted into `limit` (at once, unless a lesson records). A
   * shared screen is asked for at the new size too: it was opened capped, and a picture is never scaled up.
   */
  async setOutputLimit(limit: Size): Promise<void> {
    this.outputLimit = limit;
    const screen = this.track('screen');
    if (isLive(screen)) {
      await screen
        .applyConstraints({ width: { max: limit.width }, height: { max: limit.height }, frameRate: screen.getConstraints().frameRate })
        .catch(() => undefined);
    }
    this.fitOutput();
  }

  /** Switches the mode; from a click, since a screen mode may ask for the screen. */
  async setMode(mode: SourceMode): Promise<void> {
    this.update({ mode });
    await this.reconcile();
    if (this.needsScreen() && !isLive(this.track('screen'))) await this.chooseScreen();
    this.fitOutput();
  }

  setLayout(corner: PipCorner, pipSize: PipSize): Promise<void> {
    this.update({ corner, pipSize });
    return this.reconcile();
  }

  /** Asks for a screen or window (must run from a click) and records it from now on. */
  async chooseScreen(): Promise<void> {
    if (this.events.pickScreen && !(await this.events.pickScreen())) return;
    let stream: MediaStream;
    try {
      stream = await openScreen(this.outputLimit);
    } catch (error) {
      if (!isLive(this.track('screen'))) this.setStatus('screen', this.statuses.screen === 'lost' ? 'lost' : 'waiting', error as Error);
      return;
    }
    this.attach('screen', stream);
    this.fitOutput();
  }

  async setCamera(deviceId: string): Promise<void> {
    this.update({ cameraId: deviceId });
    if (this.needsCamera()) await this.open('camera', true);
  }

  async setMicrophone(deviceId: string): Promise<void> {
    this.update({ microphoneId: deviceId });
    await this.open('microphone', true);
  }

  setGain(role: AudioRole, value: number): void {
    this.mixer.setGain(role, value);
    this.update(role === 'microphone' ? { microphoneGain: value } : { systemAudioGain: value });
  }

  /** The camera's or screen's track, or the microphone's. */
  track(role: DeviceRole): MediaStreamTrack | undefined {
    const stream = this.streams[role];
    return role === 'microphone' ? stream?.getAudioTracks()[0] : stream?.getVideoTracks()[0];
  }

  close(): void {
    for (const timer of this.timers) clearInterval(timer);
    navigator.mediaDevices.removeEventListener('devicechange', this.onDeviceChange);
    for (const role of ['camera', 'microphone', 'screen'] as const) stopStream(this.streams[role]);
    this.compositor.close();
    this.mixer.close();
  }

  private layout(): CompositorLayout {
    return { mode: this.prefs.mode, corner: this.prefs.corner, pipSize: this.prefs.pipSize };
  }

  private update(change: Partial<CapturePreferences>): void {
    this.prefs = { ...this.prefs, ...change };
    this.compositor.setLayout(this.layout());
    this.events.onPreferences(this.prefs);
  }

  private needsCamera(): boolean {
    return this.prefs.mode === 'camera' || (this.prefs.mode === 'screen-camera' && this.prefs.corner !== 'off');
  }

  private needsScreen(): boolean {
    return this.prefs.mode !== 'camera';
  }

  /** Opens what the mode needs and releases what it no longer does. */
  private async reconcile(): Promise<void> {
    if (!this.needsScreen()) this.detach('screen');
    else if (this.statuses.screen === 'unused') this.setStatus('screen', 'waiting');
    if (!this.needsCamera()) this.detach('camera');
    else if (!isLive(this.track('camera'))) await this.open('camera');
  }

  /** Opens a camera or microphone; `replace` reopens it even if the current one is live (another device chosen). */
  private open(role: 'camera' | 'microphone', replace = false): Promise<void> {
    if (!replace && isLive(this.track(role))) return Promise.resolve();
    this.opening[role] ??= (async () => {
      try {
        const stream = role === 'camera' ? await openCamera(this.prefs.cameraId) : await openMicrophone(this.prefs.microphoneId);
        // The mode may have changed while the camera was opening.
        if (role === 'camera' && !this.needsCamera()) stopStream(stream);
        else this.attach(role, stream);
      } catch (error) {
        if ((error as Error).name === 'NotAllowedError') this.refused.add(role);
        if (!isLive(this.track(role))) this.setStatus(role, 'lost', error as Error);
      } finally {
        delete this.opening[role];
      }
    })();
    return this.opening[role];
  }

  private attach(role: DeviceRole, stream: MediaStream): void {
    const previous = this.streams[role];
    this.streams[role] = stream;
    this.refused.delete(role);
    if (role === 'microphone') this.mixer.setInput('microphone', stream);
    else this.compositor.setSource(role, stream.getVideoTracks()[0]);
    if (role === 'screen') this.mixer.setInput('system', stream.getAudioTracks().length > 0 ? stream : undefined);
    stopStream(previous);
    for (const track of stream.getTracks()) track.addEventListener('ended', () => this.watch());
    this.setStatus(role, 'live');
  }

  private detach(role: DeviceRole): void {
    const stream = this.streams[role];
    delete this.streams[role];
    if (role !== 'microphone') this.compositor.setSource(role, undefined);
    if (role === 'screen') this.mixer.setInput('system', undefined);
    stopStream(stream);
    this.setStatus(role, 'unused');
  }

  private markLost(role: DeviceRole): void {
    if (this.statuses[role] !== 'live') return;
    if (role === 'microphone') this.mixer.setInput('microphone', undefined);
    // The compositor may not have seen the end yet (a stopped track's frame stream can close late):
    // detaching shows the placeholder now instead of holding the last picture.
    else this.compositor.setSource(role, undefined);
    if (role === 'screen') this.mixer.setInput('system', undefined);
    this.setStatus(role, 'lost');
  }

  /** Notices devices whose track ended, whichever way it ended. */
  private watch(): void {
    for (const role of ['camera', 'microphone', 'screen'] as const) {
      if (this.statuses[role] === 'live' && !isLive(this.track(role))) this.markLost(role);
    }
  }

  /**
   * Tries the lost camera and microphone again. A refused one (permission denied) only when devices
   * changed: asking every few seconds would not change the answer. A screen cannot come back without the
   * teacher's click.
   */
  private async retryLost(devicesChanged: boolean): Promise<void> {
    const lost = (['camera', 'microphone'] as const).filter((role) => this.statuses[role] === 'lost' && (devicesChanged || !this.refused.has(role)));
    await Promise.all(lost.map((role) => this.open(role)));
  }

  private fitOutput(): void {
    if (this.outputLocked) return;
    const size = (role: DeviceRole) => {
      const settings = this.track(role)?.getSettings();
      return settings?.width && settings.height ? { width: settings.width, height: settings.height } : undefined;
    };
    const next = outputSize(this.prefs.mode, size('screen'), size('camera'), this.outputLimit);
    const current = this.compositor.outputSize;
    if (next.width !== current.width || next.height !== current.height) this.compositor.setOutputSize(next);
  }

  private setStatus(role: DeviceRole, status: DeviceStatus, error?: Error): void {
    const changed = this.statuses[role] !== status;
    this.statuses[role] = status;
    // Retries that fail again say nothing new; a refused screen request does (the teacher just clicked).
    if (changed || (error && role === 'screen')) this.events.onStatus(role, status, error);
  }
}
