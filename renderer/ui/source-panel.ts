import { t } from '../i18n/i18n';
import type { MessageKey } from '../../common/i18n/messages';
import type { AudioRole } from '../capture/audio-mixer';
import type { DeviceChoice, DeviceLists } from '../capture/devices';
import { PIP_CORNERS, PIP_SIZES, SOURCE_MODES, type PipCorner, type PipSize, type SourceMode } from '../capture/layout';
import { MAX_GAIN, type CapturePreferences } from '../capture/preferences';
import { h } from './dom';

/** What the teacher changed in the panel. */
export interface SourcePanelActions {
  mode(mode: SourceMode): void;
  chooseScreen(): void;
  layout(corner: PipCorner, size: PipSize): void;
  camera(deviceId: string): void;
  microphone(deviceId: string): void;
  gain(role: AudioRole, value: number): void;
}

const MODE_LABELS: Record<SourceMode, MessageKey> = { camera: 'modeCamera', screen: 'modeScreen', 'screen-camera': 'modeScreenCamera' };
const CORNER_LABELS: Record<PipCorner, MessageKey> = {
  'top-left': 'cornerTopLeft',
  'top-right': 'cornerTopRight',
  'bottom-left': 'cornerBottomLeft',
  'bottom-right': 'cornerBottomRight',
  off: 'cornerOff',
};
const SIZE_LABELS: Record<PipSize, MessageKey> = { small: 'sizeSmall', medium: 'sizeMedium', large: 'sizeLarge' };

let nextId = 0;

/** A labelled control: the label's `for` points at the control. */
function field(label: string, control: HTMLElement): HTMLElement {
  control.id ||= `field-${++nextId}`;
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
}

function options(select: HTMLSelectElement, entries: Array<[string, string]>, selected: string): void {
  select.replaceChildren(...entries.map(([value, label]) => h('option', { value, selected: value === selected }, label)));
}

/**
 * The source controls: mode (camera / screen / screen + camera), the screen button, the camera's corner and
 * size, camera and microphone choice, and a volume for each sound. Plain form controls, so each is
 * keyboard-operable and has an accessible name from its label.
 */
export class SourcePanel {
  readonly element: HTMLElement;
  private readonly modeInputs = new Map<SourceMode, HTMLInputElement>();
  private readonly screenButton = h('button', { type: 'button', class: 'secondary choose-screen' }, t('chooseScreen'));
  private readonly corner = h('select', {});
  private readonly size = h('select', {});
  private readonly camera = h('select', {});
  private readonly microphone = h('select', {});
  private readonly micGain = h('input', { type: 'range', min: 0, max: MAX_GAIN, step: 0.05 });
  private readonly systemGain = h('input', { type: 'range', min: 0, max: MAX_GAIN, step: 0.05 });
  private readonly pipFields: HTMLElement;
  private readonly cameraField: HTMLElement;
  private readonly systemField: HTMLElement;
  private prefs: CapturePreferences;

  constructor(prefs: CapturePreferences, actions: SourcePanelActions) {
    this.prefs = prefs;
    const radios = SOURCE_MODES.map((mode) => {
      const input = h('input', { type: 'radio', name: 'source-mode', value: mode, id: `mode-${mode}` });
      input.addEventListener('change', () => input.checked && actions.mode(mode));
      this.modeInputs.set(mode, input);
      return h('div', { class: 'radio' }, input, h('label', { for: input.id }, t(MODE_LABELS[mode])));
    });
    options(
      this.corner,
      PIP_CORNERS.map((c) => [c, t(CORNER_LABELS[c])]),
      prefs.corner,
    );
    options(
      this.size,
      PIP_SIZES.map((s) => [s, t(SIZE_LABELS[s])]),
      prefs.pipSize,
    );
    const onLayout = () => actions.layout(this.corner.value as PipCorner, this.size.value as PipSize);
    this.corner.addEventListener('change', onLayout);
    this.size.addEventListener('change', onLayout);
    this.camera.addEventListener('change', () => actions.camera(this.camera.value));
    this.microphone.addEventListener('change', () => actions.microphone(this.microphone.value));
    this.micGain.value = String(prefs.microphoneGain);
    this.systemGain.value = String(prefs.systemAudioGain);
    this.micGain.addEventListener('input', () => actions.gain('microphone', Number(this.micGain.value)));
    this.systemGain.addEventListener('input', () => actions.gain('system', Number(this.systemGain.value)));
    this.screenButton.addEventListener('click', () => actions.chooseScreen());

    this.pipFields = h('div', { class: 'pip-fields' }, field(t('cameraPosition'), this.corner), field(t('cameraSize'), this.size));
    this.cameraField = field(t('cameraDevice'), this.camera);
    this.systemField = field(t('systemVolume'), this.systemGain);
    this.element = h(
      'section',
      { class: 'sources' },
      h('fieldset', { class: 'modes' }, h('legend', {}, t('sources')), ...radios),
      this.screenButton,
      this.pipFields,
      this.cameraField,
      field(t('microphoneDevice'), this.microphone),
      field(t('microphoneVolume'), this.micGain),
      this.systemField,
    );
    this.show(prefs);
  }

  /** Reflects the current choices: which mode is checked and which controls the mode needs. */
  show(prefs: CapturePreferences): void {
    this.prefs = prefs;
    for (const [mode, input] of this.modeInputs) input.checked = mode === prefs.mode;
    const screen = prefs.mode !== 'camera';
    this.screenButton.hidden = !screen;
    this.pipFields.hidden = prefs.mode !== 'screen-camera';
    this.cameraField.hidden = prefs.mode === 'screen' || (prefs.mode === 'screen-camera' && prefs.corner === 'off');
    this.systemField.hidden = !screen;
  }

  /** Fills the device lists; the remembered device stays selected if it is present. */
  setDevices(devices: DeviceLists): void {
    const entries = (list: DeviceChoice[]): Array<[string, string]> => [
      ['', t('defaultDevice')],
      ...list.map((d, i): [string, string] => [d.deviceId, d.label || t('unnamedDevice', { number: i + 1 })]),
    ];
    options(this.camera, entries(devices.cameras), this.prefs.cameraId);
    options(this.microphone, entries(devices.microphones.filter((d) => d.deviceId !== 'default')), this.prefs.microphoneId);
  }

  /**
   * While recording, the mode and layout are fixed (the recorded picture keeps its shape); devices,
   * volumes and the screen button stay usable, so a lost device can be replaced mid-lesson.
   */
  setRecording(recording: boolean): void {
    for (const input of this.modeInputs.values()) input.disabled = recording;
    this.corner.disabled = recording;
    this.size.disabled = recording;
  }
}
