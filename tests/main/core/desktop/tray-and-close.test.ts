import { describe, expect, it } from 'vitest';
import type { UploadStatus } from '../../../../common/ipc-contract';
import { backgroundMethod, closeActionFor, closeDialog, closeNeedsConfirmation, uploadsQuitDialog } from '../../../../main/core/desktop/close-guard';
import { catalogs as mainCatalogs, type Messages } from '../../../../common/i18n/messages';
import { buildTrayMenu, commandApplies, trayTooltip, type RecordingState } from '../../../../main/core/desktop/tray-menu';

const en = mainCatalogs.en;
const zh = mainCatalogs['zh-CN'];

/** The menu as "label [enabled] (accelerator)" lines: easy to read in a failing test. */
function describeMenu(state: RecordingState, strings: Messages = en, hotkeys = {}): string[] {
  return buildTrayMenu(state, strings, hotkeys).map((item) =>
    item.type === 'separator' ? '---' : `${item.label}${item.enabled ? '' : ' [disabled]'}${item.accelerator ? ` (${item.accelerator})` : ''}`,
  );
}

describe('tray menu model', () => {
  it('offers Start when idle, with Pause disabled', () => {
    expect(describeMenu('idle')).toEqual(['Start recording', 'Pause [disabled]', 'Mark a new part [disabled]', '---', 'Open Classroom Recorder', 'Quit']);
  });

  it('offers Stop and Pause while recording, Stop and Resume while paused', () => {
    expect(describeMenu('recording')).toEqual(['Stop and save', 'Pause', 'Mark a new part', '---', 'Open Classroom Recorder', 'Quit']);
    expect(describeMenu('paused')).toEqual(['Stop and save', 'Resume', 'Mark a new part', '---', 'Open Classroom Recorder', 'Quit']);
  });

  it('shows the registered hotkeys beside their items, and only those', () => {
    expect(describeMenu('recording', en, { 'toggle-recording': 'CommandOrControl+Shift+F9' })).toEqual([
      'Stop and save (CommandOrControl+Shift+F9)',
      'Pause',
      'Mark a new part',
      '---',
      'Open Classroom Recorder',
      'Quit',
    ]);
  });

  it('is translated', () => {
    expect(describeMenu('paused', zh)).toEqual(['停止并保存', '继续', '标记新段落', '---', '打开课堂录制', '退出']);
  });

  it('maps items to actions: toggles are renderer commands, Open and Quit stay in main', () => {
    const actions = buildTrayMenu('recording', en).flatMap((item) => (item.type === 'item' ? [[item.id, item.action]] : []));
    expect(actions).toEqual([
      ['toggle-recording', { kind: 'command', command: 'toggle-recording' }],
      ['toggle-pause', { kind: 'command', command: 'toggle-pause' }],
      ['mark-part', { kind: 'command', command: 'mark-part' }],
      ['open', { kind: 'open' }],
      ['quit', { kind: 'quit' }],
    ]);
  });

  it('has a tooltip per state', () => {
    expect([trayTooltip('idle', en), trayTooltip('recording', en), trayTooltip('paused', en)]).toEqual([
      'Classroom Recorder: ready',
      'Classroom Recorder: recording',
      'Classroom Recorder: paused',
    ]);
  });

  it('forwards pause only when a lesson records; start/stop always', () => {
    expect(commandApplies('toggle-pause', 'idle')).toBe(false);
    expect(commandApplies('toggle-pause', 'paused')).toBe(true);
    expect(commandApplies('stop-recording', 'idle')).toBe(false);
    expect(commandApplies('toggle-recording', 'idle')).toBe(true);
  });
});

describe('closing while recording', () => {
  it('asks only while a lesson records or is paused, and never once a quit is under way', () => {
    expect(closeNeedsConfirmation({ state: 'idle', quitting: false })).toBe(false);
    expect(closeNeedsConfirmation({ state: 'recording', quitting: false })).toBe(true);
    expect(closeNeedsConfirmation({ state: 'paused', quitting: false })).toBe(true);
    expect(closeNeedsConfirmation({ state: 'recording', quitting: true })).toBe(false);
  });

  it('closing the window: Enter keeps recording in the background, Escape cancels, nothing ends the lesson by default', () => {
    const dialog = closeDialog('close-window', en);
    expect(dialog.buttons).toEqual(['Keep recording in the background', 'Stop and save', 'Cancel']);
    expect(closeActionFor(dialog, dialog.defaultId)).toBe('hide-to-tray');
    expect(closeActionFor(dialog, dialog.cancelId)).toBe('cancel');
    expect(closeActionFor(dialog, 1)).toBe('stop-recording');
    expect(closeActionFor(dialog, 7)).toBe('cancel');
  });

  it('quitting: Enter and Escape keep recording; quitting needs the explicit button', () => {
    const dialog = closeDialog('quit-app', en);
    expect(dialog.buttons).toEqual(['Keep recording', 'Stop and save', 'Quit now']);
    expect(closeActionFor(dialog, dialog.defaultId)).toBe('cancel');
    expect(closeActionFor(dialog, dialog.cancelId)).toBe('cancel');
    expect(closeActionFor(dialog, 1)).toBe('stop-recording');
    expect(closeActionFor(dialog, 2)).toBe('quit-anyway');
    expect(dialog.detail).toMatch(/recovered/);
  });

  it('every dialog has one action per button, in both languages', () => {
    for (const strings of [en, zh]) {
      for (const request of ['close-window', 'quit-app'] as const) {
        const dialog = closeDialog(request, strings);
        expect(dialog.actions).toHaveLength(dialog.buttons.length);
        expect(dialog.buttons.every((label) => label.length > 0)).toBe(true);
      }
    }
  });

  it('puts the window in the tray on Windows and macOS, and minimizes it on Linux where a tray may not exist', () => {
    expect(backgroundMethod('win32')).toBe('hide');
    expect(backgroundMethod('darwin')).toBe('hide');
    expect(backgroundMethod('linux')).toBe('minimize');
  });
});

describe('the uploads in the tray and at quit', () => {
  const status = (over: Partial<UploadStatus>): UploadStatus => ({ pending: 0, failed: 0, lessons: [], secret: 'os', ...over });
  const firstLine = (uploads: UploadStatus, strings: Messages = en) => {
    const [first] = buildTrayMenu('idle', strings, {}, {}, uploads);
    return first?.type === 'item' && first.id === 'uploads' ? first.label : undefined;
  };

  it('shows the lesson being sent and how far, how many wait and why, and nothing when none waits', () => {
    expect(firstLine(status({ pending: 2, current: { fileName: 'Maths 2026-12-03 09-00.mp4', percent: 40 } }))).toBe(
      'Uploading “Maths 2026-12-03 09-00” to the school’s storage: 40 %',
    );
    expect(firstLine(status({ pending: 3, pausedBecause: 'offline' }))).toBe('3 lesson(s) waiting to upload (waiting for the network)');
    expect(firstLine(status({ pending: 1, pausedBecause: 'recording' }), zh)).toBe('1 节课等待上传（录课时暂停）');
    expect(firstLine(status({ pending: 2, failed: 2 }))).toBe('2 lesson(s) not uploaded: open the app to see why');
    expect(firstLine(status({ pending: 0 }))).toBeUndefined();
    expect(buildTrayMenu('idle', en, {}, {}, status({ pending: 0 })).map((item) => (item.type === 'item' ? item.id : '---'))).toEqual([
      'toggle-recording',
      'toggle-pause',
      'mark-part',
      '---',
      'open',
      'quit',
    ]);
  });

  it('says at quit that waiting uploads go on next time, offering to keep uploading only where a tray can bring the app back', () => {
    expect(uploadsQuitDialog(0, en, true)).toBeUndefined();
    const dialog = uploadsQuitDialog(2, en, true)!;
    expect(dialog.message).toBe('2 lesson(s) are not on the school’s storage yet.');
    expect(dialog.detail).toMatch(/next time/);
    expect(dialog.buttons).toEqual(['Quit now', 'Keep uploading']);
    expect(closeActionFor(dialog, 0)).toBe('quit-anyway');
    expect(closeActionFor(dialog, dialog.cancelId)).toBe('hide-to-tray');
    const noTray = uploadsQuitDialog(2, zh, false)!;
    expect(noTray.buttons).toHaveLength(1);
    expect(closeActionFor(noTray, noTray.cancelId)).toBe('quit-anyway');
    expect(noTray.message).toBe('还有 2 节课没有上传到学校存储。');
  });
});
