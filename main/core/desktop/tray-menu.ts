import type { AppCommand } from '../../../common/ipc-contract';
import type { HotkeyCommand } from './hotkeys';
import type { MainStrings } from './main-strings';

/** What the recorder is doing, as the tray shows it (the service reports it; see RecorderServiceDeps). */
export type RecordingState = 'idle' | 'recording' | 'paused';

/** What a tray menu item does: send a command to the renderer, show the window, or quit. */
export type TrayAction = { kind: 'command'; command: AppCommand } | { kind: 'open' } | { kind: 'quit' };

export type TrayMenuItem =
  | {
      type: 'item';
      /** Stable id, for tests and for Electron's MenuItem id. */
      id: 'toggle-recording' | 'toggle-pause' | 'open' | 'quit';
      label: string;
      enabled: boolean;
      /** Shown beside the label (the global hotkey); display only, the hotkey is registered elsewhere. */
      accelerator?: string;
      action: TrayAction;
    }
  | { type: 'separator' };

/** The tray menu for a state: Start/Stop, Pause/Resume (only while a lesson records), Open, Quit. */
export function buildTrayMenu(state: RecordingState, strings: MainStrings, hotkeys: Partial<Record<HotkeyCommand, string>> = {}): TrayMenuItem[] {
  const active = state !== 'idle';
  const withHotkey = (command: HotkeyCommand) => (hotkeys[command] ? { accelerator: hotkeys[command] } : {});
  return [
    {
      type: 'item',
      id: 'toggle-recording',
      label: active ? strings.menuStopRecording : strings.menuStartRecording,
      enabled: true,
      ...withHotkey('toggle-recording'),
      action: { kind: 'command', command: 'toggle-recording' },
    },
    {
      type: 'item',
      id: 'toggle-pause',
      label: state === 'paused' ? strings.menuResume : strings.menuPause,
      enabled: active,
      ...withHotkey('toggle-pause'),
      action: { kind: 'command', command: 'toggle-pause' },
    },
    { type: 'separator' },
    { type: 'item', id: 'open', label: strings.menuOpen, enabled: true, action: { kind: 'open' } },
    { type: 'item', id: 'quit', label: strings.menuQuit, enabled: true, action: { kind: 'quit' } },
  ];
}

/** The tray's tooltip (and the macOS accessibility label) for a state. */
export function trayTooltip(state: RecordingState, strings: MainStrings): string {
  if (state === 'recording') return strings.trayRecording;
  if (state === 'paused') return strings.trayPaused;
  return strings.trayIdle;
}

/**
 * Whether a command means anything in this state, so main does not wake the renderer for nothing: pausing
 * needs a lesson. The renderer still checks its own state (it may be mid-start when main says idle).
 */
export function commandApplies(command: AppCommand, state: RecordingState): boolean {
  if (command === 'toggle-recording') return true;
  return state !== 'idle';
}
