import { fillIn } from '../../../common/i18n/messages';
import type { DesktopPlatform } from './accelerator';
import type { MainStrings } from './main-strings';
import type { RecordingState } from './tray-menu';

/**
 * What happens when the teacher closes the window or quits while a lesson records.
 *
 * Decision: ask. The renderer *is* the recorder (MediaRecorder runs in the page), so a closed window is an
 * ended recording, and silently hiding the window would surprise a teacher who meant to stop. The dialog
 * offers the safe default first: keep recording in the background (the window hides; the tray shows the
 * state and can stop it). Nothing is asked when idle, and nothing when the OS is shutting down: blocking a
 * shutdown is worse, and the journal turns the lesson into a "(recovered)" MP4 at the next launch.
 */

export type CloseRequest = 'close-window' | 'quit-app';

/** What the glue does with the teacher's answer. */
export type CloseAction = 'hide-to-tray' | 'stop-recording' | 'quit-anyway' | 'cancel';

export interface CloseContext {
  state: RecordingState;
  /** A quit already confirmed (or forced by OS shutdown) is under way: let windows close. */
  quitting: boolean;
}

/** Whether to ask before letting the window close or the app quit. */
export function closeNeedsConfirmation(context: CloseContext): boolean {
  return context.state !== 'idle' && !context.quitting;
}

/** A message box, in the shape of Electron's `MessageBoxOptions`, plus the action behind each button. */
export interface CloseDialog {
  type: 'warning';
  message: string;
  detail: string;
  buttons: string[];
  /** The button Enter presses: always the one that keeps the lesson recording. */
  defaultId: number;
  /** The button Escape (or closing the box) presses: never one that ends the recording. */
  cancelId: number;
  /** `actions[i]` is what button `i` does. */
  actions: CloseAction[];
}

/** The confirmation for closing the window or quitting while a lesson records. */
export function closeDialog(request: CloseRequest, strings: MainStrings): CloseDialog {
  if (request === 'close-window') {
    return {
      type: 'warning',
      message: strings.closeWhileRecordingMessage,
      detail: strings.closeWhileRecordingDetail,
      buttons: [strings.answerRecordInBackground, strings.answerStopAndSave, strings.answerCancel],
      defaultId: 0,
      cancelId: 2,
      actions: ['hide-to-tray', 'stop-recording', 'cancel'],
    };
  }
  return {
    type: 'warning',
    message: strings.quitWhileRecordingMessage,
    detail: fillIn(strings.quitWhileRecordingDetail, { recovered: strings.recoveredSuffix }),
    buttons: [strings.answerKeepRecording, strings.answerStopAndSave, strings.answerQuitNow],
    defaultId: 0,
    cancelId: 0,
    actions: ['cancel', 'stop-recording', 'quit-anyway'],
  };
}

/**
 * Quitting while lessons wait for the school's storage: said plainly, never a reason to keep the PC on
 * (the Panopto advice teachers hate): the uploads go on from where they are the next time the app opens.
 * `undefined`: nothing waits, nothing is asked. Button 0 quits; button 1, where there is a tray to come
 * back from, keeps the app open there.
 */
export function uploadsQuitDialog(pending: number, strings: MainStrings, canKeepOpen: boolean): CloseDialog | undefined {
  if (pending === 0) return undefined;
  return {
    type: 'warning',
    message: fillIn(strings.quitWithUploadsMessage, { count: pending }),
    detail: strings.quitWithUploadsDetail,
    buttons: canKeepOpen ? [strings.answerQuitNow, strings.answerKeepUploading] : [strings.answerQuitNow],
    defaultId: 0,
    cancelId: canKeepOpen ? 1 : 0,
    actions: canKeepOpen ? ['quit-anyway', 'hide-to-tray'] : ['quit-anyway'],
  };
}

/** The action for the button the teacher pressed; anything unexpected keeps recording. */
export function closeActionFor(dialog: CloseDialog, response: number): CloseAction {
  return dialog.actions[response] ?? 'cancel';
}

/**
 * How "keep recording in the background" puts the window away. Windows and macOS always show the tray /
 * menu bar icon, so the window hides. Many Linux desktops (GNOME without an AppIndicator extension) show
 * no tray at all, and a hidden window would be lost: there it is minimized to the taskbar instead.
 */
export function backgroundMethod(platform: DesktopPlatform): 'hide' | 'minimize' {
  return platform === 'linux' ? 'minimize' : 'hide';
}
