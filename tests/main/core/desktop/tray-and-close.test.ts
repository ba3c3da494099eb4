import { describe, expect, it } from 'vitest';
import { backgroundMethod, closeActionFor, closeDialog, closeNeedsConfirmation } from '../../../../main/core/desktop/close-guard';
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
