import { deviceErrorWords } from '../i18n/error-words';
import { say, t } from '../i18n/i18n';
import type { MessageKey } from '../../common/i18n/messages';
import { CaptureSession, type DeviceRole, type DeviceStatus } from '../capture/capture-session';
import { listDevices } from '../capture/devices';
import type { CapturePreferences } from '../capture/preferences';
import type { SettingsClient } from '../settings/settings-client';
import { SilenceAlarm } from '../capture/silence-alarm';
import type { RecordedStream } from '../recording/lesson-recorder';
import { onRecordingQualityChange, QUALITY_LIMITS, recordingQuality } from '../recording/quality';
import { h } from './dom';
import { LevelMeter } from './level-meter';
import type { NoticeList } from './notices';
import { SourcePanel } from './source-panel';
import type { SourcePicker } from './source-picker';

/** How often the meters and the silence alarm read the levels. A timer, not animation frames: it runs hidden too. */
const METER_MS = 100;

const LOST_MESSAGES: Record<DeviceRole, MessageKey> = { camera: 'cameraLost', microphone: 'microphoneLost', screen: 'screenLost' };
const DEVICE_NAMES: Record<DeviceRole, MessageKey> = { camera: 'cameraDevice', microphone: 'microphoneDevice', screen: 'modeScreen' };

/**
 * The sources side of the main screen: preview of exactly what is recorded, a level meter per sound, the
 * source controls, device notices and the silent-microphone alarm. Owns the CaptureSession.
 */
export class CaptureView {
  readonly video = h('video', { class: 'preview', 'aria-label': t('preview'), muted: true, autoplay: true, playsinline: true });
  private readonly micMeter = new LevelMeter(t('microphoneLevel'));
  private readonly systemMeter = new LevelMeter(t('systemLevel'));
  readonly panel: SourcePanel;
  readonly previewPane: HTMLElement;
  private session: CaptureSession | undefined;
  private readonly alarm = new SilenceAlarm();
  private meterTimer: ReturnType<typeof setInterval> | undefined;
  private readonly initial: CapturePreferences;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private inLesson = false;
  private picker: SourcePicker | undefined;

  constructor(
    private readonly notices: NoticeList,
    private readonly announce: (message: string) => void,
    private readonly settings: SettingsClient,
  ) {
    this.initial = settings.value.capture;
    this.panel = new SourcePanel(this.initial, {
      mode: (mode) => void this.session?.setMode(mode),
      chooseScreen: () => void this.session?.chooseScreen(),
      layout: (corner, size) => void this.session?.setLayout(corner, size),
      camera: (id) => void this.session?.setCamera(id),
      microphone: (id) => void this.session?.setMicrophone(id),
      gain: (role, value) => this.session?.setGain(role, value),
    });
    this.previewPane = h('section', { class: 'preview-pane' }, this.video, this.micMeter.element, this.systemMeter.element, this.panel.element);
  }

  /**
   * Remembers the choice in main's settings: at once, or for a volume once the teacher has stopped moving
   * its slider for half a second (a drag would otherwise write the settings file dozens of times).
   */
  private remember(capture: CapturePreferences): void {
    const before = this.settings.value.capture;
    const onlyVolumes = (Object.keys(capture) as Array<keyof CapturePreferences>).every(
      (key) => key === 'microphoneGain' || key === 'systemAudioGain' || capture[key] === before[key],
    );
    clearTimeout(this.saveTimer);
    if (onlyVolumes) this.saveTimer = setTimeout(() => void this.settings.update({ capture }), 500);
    else void this.settings.update({ capture });
  }

  /** Opens the devices the remembered mode needs and starts the preview; false if nothing could be set up. */
  async open(): Promise<boolean> {
    const prefs = this.initial;
    try {
      this.session = new CaptureSession(
        prefs,
        { camera: t('placeholderCamera'), screen: t('placeholderScreen') },
        {
          onStatus: (role, status, error) => this.onStatus(role, status, error),
          onPreferences: (next) => {
            this.remember(next);
            this.panel.show(next);
            this.systemMeter.element.hidden = next.mode === 'camera';
          },
          onCompositorFailure: (reason) => this.notices.add('error', t('compositorFailed', { reason }), 'compositor'),
          pickScreen: () => this.picker?.open() ?? Promise.resolve(true),
        },
      );
    } catch (error) {
      this.notices.add('error', `${say({ key: 'noCamera', params: { reason: deviceErrorWords(error as Error) } })} ${t('cameraHelp')}`);
      return false;
    }
    this.systemMeter.element.hidden = prefs.mode === 'camera';
    // The quality setting caps the recorded picture (Settings can change it between lessons).
    void this.session.setOutputLimit(QUALITY_LIMITS[recordingQuality()]);
    onRecordingQualityChange((quality) => void this.session?.setOutputLimit(QUALITY_LIMITS[quality]));
    await this.session.start();
    this.video.srcObject = this.session.previewStream;
    // A page reopened during a lesson (after a crash) may already be recording.
    this.session.slowPreview(this.inLesson);
    this.meterTimer = setInterval(() => this.readLevels(), METER_MS);
    await this.refreshDevices();
    navigator.mediaDevices.addEventListener('devicechange', () => void this.refreshDevices());
    return true;
  }

  /** Asks with the app's own screen/window picker (Electron) before each screen is shared, not the browser's. */
  usePicker(picker: SourcePicker): void {
    this.picker = picker;
  }

  /** The stable stream to record, with its picture height. */
  recorded(): RecordedStream | undefined {
    if (!this.session) return undefined;
    const session = this.session;
    return {
      stream: session.stream,
      videoHeight: session.output.height,
      soundClock: () => session.audioClock,
      silentSeconds: () => this.alarm.silentMs(performance.now()) / 1000,
      videoFrames: () => session.videoFrames,
      sourceFrames: () => session.sourceFrames,
    };
  }

  /**
   * Called before recording starts. From Record's click (`fromClick`): starts the audio (browsers allow it
   * only after a gesture) and, in a screen mode whose screen is not chosen yet, asks for it now, so the
   * recording is at the screen's size from its first frame. Answers false when the teacher did not share
   * a screen there (cancelled the picker): then nothing should be recorded yet.
   */
  async prepareToRecord(fromClick: boolean): Promise<boolean> {
    if (!this.session || !fromClick) return true;
    if (this.session.status('screen') === 'waiting') {
      await this.session.chooseScreen();
      if (this.session.status('screen') !== 'live') return false;
    }
    return true;
  }

  /**
   * Follows the lesson: controls that change the picture's layout are locked from `starting` on, the
   * silence alarm watches only while `recording`. The output size is locked by `lockOutput` once the
   * sources are final, and unlocked at `idle`.
   */
  setRecording(state: 'idle' | 'starting' | 'recording' | 'paused'): void {
    this.inLesson = state === 'recording' || state === 'paused';
    this.session?.slowPreview(this.inLesson);
    if (state === 'idle') this.session?.lockOutput(false);
    this.panel.setRecording(state !== 'idle');
    if (state === 'starting') this.alarm.reset();
    if (state === 'recording') this.alarm.arm(performance.now());
    else this.showAlarm(this.alarm.disarm(performance.now()));
  }

  /** From now on the recorded picture keeps its size: a source chosen later is fitted into it. */
  lockOutput(): void {
    this.session?.lockOutput(true);
  }

  private readLevels(): void {
    if (!this.session) return;
    this.micMeter.set(this.session.level('microphone'));
    this.systemMeter.set(this.session.level('system'));
    this.showAlarm(this.alarm.update(this.session.inputLevel('microphone'), performance.now()));
  }

  private showAlarm(change: 'ok' | 'silent' | undefined): void {
    if (change === 'silent') this.notices.add('warning', t('silentMicrophone'), 'silent-microphone');
    if (change === 'ok') this.notices.remove('silent-microphone');
  }

  private onStatus(role: DeviceRole, status: DeviceStatus, error?: Error): void {
    const key = `device-${role}`;
    const wasLost = this.notices.has(key);
    if (status === 'live' || status === 'unused') {
      this.notices.remove(key);
      if (status === 'live' && wasLost) this.announce(t('deviceBack', { device: t(DEVICE_NAMES[role]) }));
      if (status === 'live') void this.refreshDevices();
      return;
    }
    if (status === 'waiting') {
      const message = error ? say({ key: 'noScreen', params: { reason: deviceErrorWords(error) } }) : t('screenNeeded');
      this.notices.add(error ? 'error' : 'info', message, key);
      return;
    }
    let message = t(LOST_MESSAGES[role]);
    if (error && role === 'camera') message = `${say({ key: 'noCamera', params: { reason: deviceErrorWords(error) } })} ${t('cameraHelp')}`;
    if (error && role === 'microphone') message = `${say({ key: 'noMicrophone', params: { reason: deviceErrorWords(error) } })} ${t('cameraHelp')}`;
    if (error && role === 'screen') message = say({ key: 'noScreen', params: { reason: deviceErrorWords(error) } });
    this.notices.add(error ? 'error' : 'warning', message, key);
  }

  private async refreshDevices(): Promise<void> {
    try {
      this.panel.setDevices(await listDevices());
    } catch {
      // The lists stay as they were: choosing a device is a comfort, recording does not depend on it.
    }
  }
}
