import { app, BrowserWindow, dialog, globalShortcut, Notification, powerMonitor, type MessageBoxOptions } from 'electron';
import type { AppCommand, ScheduledLesson, TimetableStatus, UploadStatus } from '../../common/ipc-contract';
import { fillIn } from '../../common/i18n/messages';
import type { DesktopPlatform } from '../core/desktop/accelerator';
import {
  backgroundMethod,
  closeActionFor,
  closeDialog,
  closeNeedsConfirmation,
  uploadsQuitDialog,
  type CloseAction,
  type CloseDialog,
} from '../core/desktop/close-guard';
import { CommandDebouncer, type HotkeyCommand } from '../core/desktop/hotkeys';
import type { MainStrings } from '../core/desktop/main-strings';
import { commandApplies, type RecordingState, type TrayAction } from '../core/desktop/tray-menu';
import { AppTray } from './app-tray';
import { registerGlobalHotkeys } from './global-hotkeys';

export interface DesktopShellOptions {
  platform: DesktopPlatform;
  strings: MainStrings;
  /** Sends a command to the renderer(s) (`app:command`). */
  sendCommand: (command: AppCommand) => void;
  /** The tray's answers to the timetable: don't record a period, five minutes more for one. */
  skipScheduled: (key: string) => void;
  extendScheduled: (sessionId: string) => void;
}

/** A held hotkey may auto-repeat: one toggle per this many milliseconds. */
const HOTKEY_REPEAT_GUARD_MS = 700;

/**
 * The desktop conventions around the recorder: global hotkeys, the tray icon, and the question asked
 * before a close or quit would end a recording. Every decision is made by the pure modules in
 * core/desktop; this class only connects them to Electron.
 */
export class DesktopShell {
  private state: RecordingState = 'idle';
  /** A quit confirmed by the teacher or forced by OS shutdown is under way: nothing more is asked. */
  private quitting = false;
  private asking = false;
  /** Lessons still to be uploaded (not the failed ones, which wait for the teacher anyway). */
  private uploadsPending = 0;
  /** The teacher was told at this quit that uploads go on next time (asked once per quit). */
  private toldOfUploads = false;
  private window: BrowserWindow | undefined;
  private tray: AppTray | undefined;
  private readonly debouncer = new CommandDebouncer(HOTKEY_REPEAT_GUARD_MS);

  constructor(private options: DesktopShellOptions) {}

  /**
   * Registers the hotkeys and shows the tray. Call once, after `app` is ready. Hotkeys another app holds
   * (or that the desktop cannot grab, as on Wayland) are logged and left out of the tray menu.
   */
  start(hotkeys: Partial<Record<HotkeyCommand, string>>): void {
    const registration = this.register(hotkeys);
    try {
      this.tray = new AppTray({ ...this.options, hotkeys: registration.registered, onAction: (action) => this.trayAction(action) });
    } catch (error) {
      // Some Linux desktops have no tray; the app works without one.
      console.warn('[tray] not available:', error);
    }
    app.on('before-quit', (event) => {
      if (!closeNeedsConfirmation({ state: this.state, quitting: this.quitting })) {
        const uploads = this.quitting || this.toldOfUploads ? undefined : uploadsQuitDialog(this.uploadsPending, this.options.strings, this.hasTray);
        if (uploads) {
          event.preventDefault();
          void this.ask(uploads);
          return;
        }
        this.quitting = true;
        return;
      }
      event.preventDefault();
      void this.ask(closeDialog('quit-app', this.options.strings));
    });
    // Never hold up an OS shutdown or log-off: the journal recovers the lesson at the next launch.
    powerMonitor.on('shutdown', () => {
      this.quitting = true;
    });
    app.on('will-quit', () => {
      globalShortcut.unregisterAll();
      this.tray?.destroy();
    });
  }

  /**
   * Replaces the global hotkeys (the settings screen changed one) and the tray menu's hints; answers
   * the commands the OS refused.
   */
  setHotkeys(hotkeys: Partial<Record<HotkeyCommand, string>>): HotkeyCommand[] {
    globalShortcut.unregisterAll();
    const registration = this.register(hotkeys);
    this.tray?.setHotkeys(registration.registered);
    return registration.refused.map(({ command }) => command);
  }

  /** The language changed in Settings: the tray now, the dialogs from their next question. */
  setStrings(strings: MainStrings): void {
    this.options = { ...this.options, strings };
    this.tray?.setStrings(strings);
  }

  /** Whether a tray icon exists: without one, a window started hidden could not be reached. */
  get hasTray(): boolean {
    return this.tray !== undefined;
  }

  private register(hotkeys: Partial<Record<HotkeyCommand, string>>) {
    const registration = registerGlobalHotkeys(hotkeys, (command) => {
      if (this.debouncer.accept(command)) this.command(command);
    });
    for (const { command, accelerator } of registration.refused) {
      console.warn(`[hotkeys] ${accelerator} (${command}) could not be registered: another app holds it, or this desktop has no global hotkeys.`);
    }
    return registration;
  }

  /** Takes charge of the main window's close button. */
  attachWindow(window: BrowserWindow): void {
    this.window = window;
    window.on('close', (event) => {
      if (!closeNeedsConfirmation({ state: this.state, quitting: this.quitting })) return;
      event.preventDefault();
      void this.ask(closeDialog('close-window', this.options.strings));
    });
    window.on('session-end', () => {
      this.quitting = true;
    });
    window.on('closed', () => {
      if (this.window === window) this.window = undefined;
    });
  }

  /** The recorder's state, from RecorderService's `onRecordingStateChange`. */
  setRecordingState(state: RecordingState): void {
    this.state = state;
    this.tray?.setState(state);
  }

  /** The uploads' queue: the tray shows it, and a quit with lessons still to upload says they go on next time. */
  setUploads(uploads: UploadStatus): void {
    this.uploadsPending = uploads.pending - uploads.failed;
    this.tray?.setUploads(uploads);
  }

  /** What the timetable is doing (`timetable:changed`): the tray offers its questions. */
  setTimetable(timetable: TimetableStatus): void {
    this.tray?.setTimetable(timetable);
  }

  /** A period of the timetable records in a minute: an OS notification, which opens the window when clicked. */
  notifyUpcoming(lesson: ScheduledLesson, language: string): void {
    if (!Notification.isSupported()) return;
    const time = new Intl.DateTimeFormat(language, { timeStyle: 'short' }).format(new Date(lesson.startsAt));
    const title = lesson.title || this.options.strings.defaultLessonTitle;
    const notification = new Notification({
      title: fillIn(this.options.strings.notifyUpcomingTitle, { title }),
      body: fillIn(this.options.strings.notifyUpcomingBody, { time }),
    });
    notification.on('click', () => this.showWindow());
    notification.show();
  }

  /** Brings the main window to the front (tray "Open", a second launch, the macOS Dock). */
  showWindow(): void {
    const window = this.window;
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  private command(command: AppCommand): void {
    if (commandApplies(command, this.state)) this.options.sendCommand(command);
  }

  private trayAction(action: TrayAction): void {
    if (action.kind === 'command') this.command(action.command);
    else if (action.kind === 'skip-scheduled') this.options.skipScheduled(action.key);
    else if (action.kind === 'extend-scheduled') this.options.extendScheduled(action.sessionId);
    else if (action.kind === 'open') this.showWindow();
    else app.quit();
  }

  private async ask(model: CloseDialog): Promise<void> {
    if (this.asking) return;
    this.asking = true;
    try {
      const options: MessageBoxOptions = {
        type: model.type,
        message: model.message,
        detail: model.detail,
        buttons: model.buttons,
        defaultId: model.defaultId,
        cancelId: model.cancelId,
        noLink: true,
      };
      const parent = this.window && !this.window.isDestroyed() && this.window.isVisible() ? this.window : undefined;
      const answer = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
      this.perform(closeActionFor(model, answer.response));
    } finally {
      this.asking = false;
    }
  }

  private perform(action: CloseAction): void {
    if (action === 'hide-to-tray') {
      if (backgroundMethod(this.options.platform) === 'hide') this.window?.hide();
      else this.window?.minimize();
    } else if (action === 'stop-recording') {
      this.showWindow();
      this.options.sendCommand('stop-recording');
    } else if (action === 'quit-anyway') {
      this.toldOfUploads = true;
      this.quitting = true;
      app.quit();
    }
  }
}
