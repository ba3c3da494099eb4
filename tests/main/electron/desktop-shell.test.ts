import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppCommand } from '../../../common/ipc-contract';
import { catalogs as mainCatalogs } from '../../../common/i18n/messages';

// Electron cannot run here, so the glue is driven against a stand-in for the parts of `electron` it uses.
// This checks the wiring (which event leads to which call); the decisions themselves are unit-tested
// in the other files of this folder.
const fake = vi.hoisted(() => {
  // vi.hoisted runs before the imports: require is the only way to reach a module in it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  class FakeTray extends Emitter {
    static last: FakeTray | undefined;
    image: { template: boolean; reps: number[] } | undefined;
    tooltip = '';
    menu: Array<Record<string, unknown>> = [];
    destroyed = false;
    constructor() {
      super();
      FakeTray.last = this;
    }
    setImage(image: { template: boolean; reps: number[] }) {
      this.image = image;
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setContextMenu(menu: Array<Record<string, unknown>>) {
      this.menu = menu;
    }
    isDestroyed() {
      return this.destroyed;
    }
    destroy() {
      this.destroyed = true;
    }
  }
  const app = Object.assign(new Emitter(), { quit: () => app.emit('fake-quit-called') });
  return {
    app,
    powerMonitor: new Emitter(),
    registered: new Map<string, () => void>(),
    refuse: new Set<string>(),
    dialogAnswers: [] as number[],
    dialogs: [] as Array<{ buttons: string[]; message: string }>,
    notifications: [] as Array<{ title: string; body: string; shown: boolean; emit: (event: string) => boolean }>,
    FakeTray,
  };
});

vi.mock('electron', () => ({
  app: fake.app,
  powerMonitor: fake.powerMonitor,
  BrowserWindow: class {},
  globalShortcut: {
    register: (accelerator: string, callback: () => void) => {
      if (fake.refuse.has(accelerator)) return false;
      fake.registered.set(accelerator, callback);
      return true;
    },
    unregisterAll: () => fake.registered.clear(),
  },
  dialog: {
    showMessageBox: async (...args: unknown[]) => {
      const options = args[args.length - 1] as { buttons: string[]; message: string };
      fake.dialogs.push(options);
      return { response: fake.dialogAnswers.shift() ?? 0, checkboxChecked: false };
    },
  },
  Menu: { buildFromTemplate: (template: Array<Record<string, unknown>>) => template },
  nativeImage: {
    createEmpty: () => {
      const image = {
        template: false,
        reps: [] as number[],
        addRepresentation: (o: { scaleFactor: number }) => image.reps.push(o.scaleFactor),
        setTemplateImage: (t: boolean) => (image.template = t),
      };
      return image;
    },
  },
  Tray: fake.FakeTray,
  Notification: class extends EventEmitter {
    static isSupported = () => true;
    shown = false;
    constructor(readonly options: { title: string; body: string }) {
      super();
      fake.notifications.push(Object.assign(this, options));
    }
    show() {
      this.shown = true;
    }
  },
}));

const { DesktopShell } = await import('../../../main/electron/desktop-shell');

/** A window that records what the shell does to it. */
class FakeWindow extends EventEmitter {
  calls: string[] = [];
  visible = true;
  isDestroyed = () => false;
  isVisible = () => this.visible;
  isMinimized = () => false;
  restore = () => this.calls.push('restore');
  show = () => this.calls.push('show');
  focus = () => this.calls.push('focus');
  hide = () => this.calls.push('hide');
  minimize = () => this.calls.push('minimize');
  /** Emits 'close' and answers whether the shell let it proceed. */
  tryClose(): boolean {
    const event = { prevented: false, preventDefault: () => (event.prevented = true) };
    this.emit('close', event);
    return !event.prevented;
  }
}

function tryQuit(): boolean {
  const event = { prevented: false, preventDefault: () => (event.prevented = true) };
  fake.app.emit('before-quit', event);
  return !event.prevented;
}

/** Lets the dialog promise and the action after it run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setUp(platform: 'win32' | 'darwin' | 'linux' = 'win32', strings: (typeof mainCatalogs)[keyof typeof mainCatalogs] = mainCatalogs.en) {
  const sent: AppCommand[] = [];
  const timetable: string[] = [];
  let quits = 0;
  fake.app.on('fake-quit-called', () => quits++);
  const shell = new DesktopShell({
    platform,
    strings,
    sendCommand: (command) => sent.push(command),
    skipScheduled: (key) => timetable.push(`skip ${key}`),
    extendScheduled: (sessionId) => timetable.push(`extend ${sessionId}`),
  });
  shell.start({ 'toggle-recording': 'CommandOrControl+Shift+F9', 'toggle-pause': 'CommandOrControl+Shift+F10' });
  const window = new FakeWindow();
  shell.attachWindow(window as never);
  const tray = fake.FakeTray.last!;
  const labels = () => tray.menu.map((item) => (item.type === 'separator' ? '---' : item.label));
  const click = (id: string) => (tray.menu.find((item) => item.id === id)!.click as () => void)();
  return { shell, sent, timetable, window, tray, labels, click, quits: () => quits };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  fake.app.removeAllListeners();
  fake.powerMonitor.removeAllListeners();
  fake.registered.clear();
  fake.refuse.clear();
  fake.dialogs.length = 0;
  fake.dialogAnswers.length = 0;
  fake.notifications.length = 0;
});

describe('global hotkeys', () => {
  it('registers both hotkeys and turns a press into a renderer command, once per auto-repeat burst', () => {
    const { sent } = setUp();
    expect([...fake.registered.keys()]).toEqual(['CommandOrControl+Shift+F9', 'CommandOrControl+Shift+F10']);
    fake.registered.get('CommandOrControl+Shift+F9')!();
    fake.registered.get('CommandOrControl+Shift+F9')!();
    vi.advanceTimersByTime(1000);
    fake.registered.get('CommandOrControl+Shift+F9')!();
    expect(sent).toEqual(['toggle-recording', 'toggle-recording']);
  });

  it('does not forward pause while nothing records', () => {
    const { shell, sent } = setUp();
    fake.registered.get('CommandOrControl+Shift+F10')!();
    expect(sent).toEqual([]);
    shell.setRecordingState('recording');
    vi.advanceTimersByTime(1000);
    fake.registered.get('CommandOrControl+Shift+F10')!();
    expect(sent).toEqual(['toggle-pause']);
  });

  it('leaves a hotkey another app holds out of the tray menu, and unregisters all at quit', () => {
    fake.refuse.add('CommandOrControl+Shift+F10');
    const { tray } = setUp();
    expect(tray.menu.map((item) => item.accelerator)).toEqual(['CommandOrControl+Shift+F9', undefined, undefined, undefined, undefined, undefined]);
    expect(tray.menu[0]).toMatchObject({ registerAccelerator: false });
    fake.app.emit('will-quit');
    expect(fake.registered.size).toBe(0);
    expect(tray.destroyed).toBe(true);
  });
});

describe('tray', () => {
  it('follows the recording state: picture, tooltip and menu', () => {
    const { shell, tray, labels } = setUp('darwin');
    expect(tray.image).toEqual(expect.objectContaining({ template: true, reps: [1, 2] }));
    expect(labels()).toEqual(['Start recording', 'Pause', 'Mark a new part', '---', 'Open Classroom Recorder', 'Quit']);
    shell.setRecordingState('recording');
    expect(tray.image?.template).toBe(false);
    expect(tray.tooltip).toBe('Classroom Recorder: recording');
    expect(labels()).toEqual(['Stop and save', 'Pause', 'Mark a new part', '---', 'Open Classroom Recorder', 'Quit']);
    shell.setRecordingState('paused');
    expect(tray.tooltip).toBe('Classroom Recorder: paused');
    expect(labels()[1]).toBe('Resume');
  });

  it('menu items send commands, open the window, or quit; a left click opens on Windows', () => {
    const { shell, tray, click, sent, window, quits } = setUp('win32');
    shell.setRecordingState('recording');
    click('toggle-pause');
    click('toggle-recording');
    expect(sent).toEqual(['toggle-pause', 'toggle-recording']);
    click('open');
    expect(window.calls).toEqual(['show', 'focus']);
    tray.emit('click');
    expect(window.calls).toEqual(['show', 'focus', 'show', 'focus']);
    click('quit');
    expect(quits()).toBe(1);
  });
});

describe('the timetable in the tray', () => {
  const lesson = { key: 'p1@2026-12-07', title: '7B Maths', startsAt: '2026-12-07T08:00:00.000Z', endsAt: '2026-12-07T08:45:00.000Z' };

  it('during the countdown the menu offers not to record the period; near its end, five minutes more', () => {
    const { shell, labels, click, timetable } = setUp();
    shell.setTimetable({ countdown: { ...lesson, recordsAt: lesson.startsAt, late: false } });
    expect(labels()).toEqual(['Don’t record 7B Maths', '---', 'Start recording', 'Pause', 'Mark a new part', '---', 'Open Classroom Recorder', 'Quit']);
    click('skip-scheduled');
    shell.setRecordingState('recording');
    shell.setTimetable({ recording: { ...lesson, sessionId: 's1', stopsAt: lesson.endsAt, endingSoon: true, canExtend: true } });
    expect(labels()[0]).toBe('+5 min for 7B Maths');
    click('extend-scheduled');
    expect(timetable).toEqual(['skip p1@2026-12-07', 'extend s1']);
    shell.setTimetable({ recording: { ...lesson, sessionId: 's1', stopsAt: lesson.endsAt, endingSoon: true, canExtend: false } });
    expect(labels()[0]).toBe('Stop and save');
  });

  it("a minute before, an OS notification in the teacher's language; clicking it opens the window", () => {
    const { shell, window } = setUp('win32', mainCatalogs['zh-CN']);
    shell.notifyUpcoming(lesson, 'zh-CN');
    expect(fake.notifications).toHaveLength(1);
    const [shown] = fake.notifications;
    expect(shown).toMatchObject({ title: '“7B Maths”一分钟后开始录制', shown: true });
    expect(shown!.body).toMatch(/^课堂录制将在 .+ 开始录制。/);
    shown!.emit('click');
    expect(window.calls).toEqual(['show', 'focus']);
  });
});

describe('closing and quitting', () => {
  it('closes without asking when idle', () => {
    const { window } = setUp();
    expect(window.tryClose()).toBe(true);
    expect(tryQuit()).toBe(true);
    expect(fake.dialogs).toEqual([]);
  });

  it('while recording, asks; "keep recording" hides the window (Windows/macOS) or minimizes it (Linux)', async () => {
    for (const [platform, expected] of [
      ['win32', 'hide'],
      ['linux', 'minimize'],
    ] as const) {
      const { shell, window } = setUp(platform);
      shell.setRecordingState('recording');
      fake.dialogAnswers.push(0);
      expect(window.tryClose()).toBe(false);
      await settle();
      expect(fake.dialogs.at(-1)?.message).toBe('A lesson is being recorded.');
      expect(window.calls).toEqual([expected]);
      fake.app.removeAllListeners();
    }
  });

  it('"stop and save" shows the window and tells the renderer to stop', async () => {
    const { shell, window, sent } = setUp();
    shell.setRecordingState('paused');
    fake.dialogAnswers.push(1);
    expect(window.tryClose()).toBe(false);
    await settle();
    expect(window.calls).toEqual(['show', 'focus']);
    expect(sent).toEqual(['stop-recording']);
  });

  it('asks once even if the close button is pressed again while the question is open', async () => {
    const { shell, window } = setUp();
    shell.setRecordingState('recording');
    window.tryClose();
    window.tryClose();
    await settle();
    expect(fake.dialogs).toHaveLength(1);
  });

  it('a quit while recording is held until confirmed; "quit now" then lets the window close', async () => {
    const { shell, window, quits } = setUp();
    shell.setRecordingState('recording');
    fake.dialogAnswers.push(0);
    expect(tryQuit()).toBe(false);
    await settle();
    expect(quits()).toBe(0);
    fake.dialogAnswers.push(2);
    expect(tryQuit()).toBe(false);
    await settle();
    expect(quits()).toBe(1);
    expect(tryQuit()).toBe(true);
    expect(window.tryClose()).toBe(true);
  });

  it('never holds up an OS shutdown or a Windows session end', () => {
    const first = setUp();
    first.shell.setRecordingState('recording');
    fake.powerMonitor.emit('shutdown');
    expect(tryQuit()).toBe(true);
    fake.app.removeAllListeners();

    const second = setUp();
    second.shell.setRecordingState('recording');
    second.window.emit('session-end');
    expect(second.window.tryClose()).toBe(true);
    expect(fake.dialogs).toEqual([]);
  });
});
