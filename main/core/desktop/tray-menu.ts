import type { AppCommand, TimetableStatus, UploadStatus } from '../../../common/ipc-contract';
import { fillIn } from '../../../common/i18n/messages';
import type { HotkeyCommand } from './hotkeys';
import type { MainStrings } from './main-strings';

/** What the recorder is doing, as the tray shows it (the service reports it; see RecorderServiceDeps). */
export type RecordingState = 'idle' | 'recording' | 'paused';

/** What a tray menu item does: send a command to the renderer, show the window, or quit. */
export type TrayAction =
  | { kind: 'command'; command: AppCommand }
  | { kind: 'open' }
  | { kind: 'quit' }
  /** The timetable's countdown: do not record this period. */
  | { kind: 'skip-scheduled'; key: string }
  /** The timetable's lesson ends soon: five minutes more. */
  | { kind: 'extend-scheduled'; sessionId: string };

export type TrayMenuItem =
  | {
      type: 'item';
      /** Stable id, for tests and for Electron's MenuItem id. */
      id: 'uploads' | 'skip-scheduled' | 'extend-scheduled' | 'toggle-recording' | 'toggle-pause' | 'mark-part' | 'open' | 'quit';
      label: string;
      enabled: boolean;
      /** Shown beside the label (the global hotkey); display only, the hotkey is registered elsewhere. */
      accelerator?: string;
      action: TrayAction;
    }
  | { type: 'separator' };

/**
 * The tray menu for a state: the timetable's question of the moment (don't record the period counting down,
 * or five more minutes for one that ends soon), Start/Stop, Pause/Resume and Mark a new part (only while
 * a lesson records), Open, Quit; above them, while lessons wait for the school's storage, the queue (it opens the window).
 */
export function buildTrayMenu(
  state: RecordingState,
  strings: MainStrings,
  hotkeys: Partial<Record<HotkeyCommand, string>> = {},
  timetable: TimetableStatus = {},
  uploads?: UploadStatus,
): TrayMenuItem[] {
  const active = state !== 'idle';
  const withHotkey = (command: HotkeyCommand) => (hotkeys[command] ? { accelerator: hotkeys[command] } : {});
  const scheduled: TrayMenuItem[] = [];
  if (timetable.countdown) {
    const { key, title } = timetable.countdown;
    scheduled.push({
      type: 'item',
      id: 'skip-scheduled',
      label: fillIn(strings.menuSkipScheduled, { title }),
      enabled: true,
      action: { kind: 'skip-scheduled', key },
    });
  }
  if (timetable.recording?.endingSoon && timetable.recording.canExtend) {
    const { sessionId, title } = timetable.recording;
    scheduled.push({
      type: 'item',
      id: 'extend-scheduled',
      label: fillIn(strings.menuExtendScheduled, { title }),
      enabled: true,
      action: { kind: 'extend-scheduled', sessionId },
    });
  }
  const queue = uploads && uploadsLine(uploads, strings);
  if (queue) scheduled.unshift({ type: 'item', id: 'uploads', label: queue, enabled: true, action: { kind: 'open' } });
  if (scheduled.length > 0) scheduled.push({ type: 'separator' });
  return [
    ...scheduled,
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
    {
      type: 'item',
      id: 'mark-part',
      label: strings.menuMarkPart,
      enabled: active,
      ...withHotkey('mark-part'),
      action: { kind: 'command', command: 'mark-part' },
    },
    { type: 'separator' },
    { type: 'item', id: 'open', label: strings.menuOpen, enabled: true, action: { kind: 'open' } },
    { type: 'item', id: 'quit', label: strings.menuQuit, enabled: true, action: { kind: 'quit' } },
  ];
}

/** The uploads in one line: the one going and how far, or how many wait and why; nothing when none waits. */
export function uploadsLine(uploads: UploadStatus, strings: MainStrings): string | undefined {
  if (uploads.current)
    return fillIn(strings.trayUploading, { name: uploads.current.fileName.replace(/\.mp4$/i, ''), percent: uploads.current.percent, count: uploads.pending });
  if (uploads.pending === 0) return undefined;
  if (uploads.failed === uploads.pending) return fillIn(strings.trayUploadsFailed, { count: uploads.failed });
  const why = uploads.pausedBecause && uploads.pausedBecause !== 'off' ? strings[TRAY_PAUSE_WORDS[uploads.pausedBecause]] : '';
  return fillIn(strings.trayUploadsWaiting, { count: uploads.pending, why });
}

const TRAY_PAUSE_WORDS = { recording: 'trayUploadsPausedRecording', offline: 'trayUploadsPausedOffline', 'not-set-up': 'trayUploadsPausedNotSetUp' } as const;

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
