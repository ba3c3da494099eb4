import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActiveSession } from '../../../common/ipc-contract';
import { LessonController } from '../../../renderer/lesson/lesson-controller';
import { MAX_HEALS_WITHOUT_DATA, STALL_MS } from '../../../renderer/recording/lesson-recorder';
import { rememberLesson } from '../../../renderer/recording/session-memory';
import { FakeMain, FakeMediaRecorder, fakeEnvironment, fakeStream, RecordingView } from '../../helpers/fake-recording-page';

/** A sound mix whose clock moves on each reading, as a running AudioContext's does. */
function soundThatFlows(): () => number {
  let seconds = 0;
  return () => (seconds += 0.02);
}

function setUp(options: { soundClock?: () => number; countdown?: boolean; store?: Map<string, string> } = {}) {
  const main = new FakeMain();
  const view = new RecordingView();
  const env = fakeEnvironment(options.store);
  const controller = new LessonController({
    api: main.api,
    view,
    env,
    capture: {
      recorded: () => ({ stream: fakeStream, videoHeight: 720, soundClock: options.soundClock ?? soundThatFlows() }),
      prepareToRecord: async () => true,
      lockOutput: () => undefined,
    },
    countdown: { enabled: () => options.countdown ?? false, run: async () => true },
    title: () => 'Fractions',
  });
  return { main, view, env, controller };
}

function active(overrides: Partial<ActiveSession> = {}): ActiveSession {
  return {
    sessionId: '11111111-1111-4111-8111-111111111111',
    title: 'Before the reload',
    startedAt: '2026-12-02T08:00:00Z',
    recordedMs: 5000,
    paused: false,
    ownerActive: true,
    marks: [],
    ...overrides,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeMediaRecorder.made = [];
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('the lesson on the main screen, without a browser', () => {
  it('Record, then Stop: starts the lesson, streams chunks, saves, and shows the card', async () => {
    const { main, view, controller } = setUp();
    await controller.begin(true, []);
    await controller.startRecording();
    expect(view.phases).toEqual(['preview', 'starting', 'recording']);
    await vi.advanceTimersByTimeAsync(3000);
    expect(main.chunks.map((chunk) => chunk.recorder)).toEqual([1, 1, 1]);
    await controller.stopRecording();
    expect(view.phases.slice(-2)).toEqual(['finishing', 'saved']);
    expect(view.saved_).toEqual([{ lesson: expect.objectContaining({ fileName: 'Lesson.mp4' }), onCard: true }]);
  });

  it('a recorder that gives no data is replaced by a fresh one on the same tracks; the teacher is told once', async () => {
    const { main, view, controller } = setUp();
    await controller.begin(true, []);
    await controller.startRecording();
    await vi.advanceTimersByTimeAsync(2000);
    FakeMediaRecorder.made[0]!.stalled = true;
    await vi.advanceTimersByTimeAsync(STALL_MS + 1500);
    expect(main.calls.filter((call) => call.method === 'continueSession').map((call) => (call.args as { cause: string }).cause)).toEqual(['recorder-stalled']);
    expect(FakeMediaRecorder.made).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(3000);
    expect(main.chunks.filter((chunk) => chunk.recorder === 2).length).toBeGreaterThanOrEqual(2);
    expect(view.noticeKeys()).toEqual(['recorderHealed']);
    expect(view.notices[0]!.words.params).toMatchObject({ seconds: expect.any(Number) });
    // Stop does not wait on the stalled recorder: it was let go; the fresh one stops at once.
    await controller.stopRecording();
    expect(main.methods().at(-1)).toBe('stopSession');
  });

  it('does not replace a recorder held back by sound that stands still (a fresh one would be held too): it says the recording stalled', async () => {
    const { main, view, controller } = setUp({ soundClock: () => 12.5 });
    await controller.begin(true, []);
    // Before it starts, the recorder waits a second for the sound to move; it starts all the same.
    const starting = controller.startRecording();
    await vi.advanceTimersByTimeAsync(1100);
    await starting;
    FakeMediaRecorder.made[0]!.stalled = true;
    await vi.advanceTimersByTimeAsync(STALL_MS + 1500);
    expect(main.methods()).not.toContain('continueSession');
    expect(view.noticeKeys()).toEqual(['recordingStalled']);
  });

  it(`gives up replacing after ${MAX_HEALS_WITHOUT_DATA} fresh recorders in a row gave nothing, and tells the teacher`, async () => {
    const { main, view, controller } = setUp({});
    const make = FakeMediaRecorder.prototype.start;
    // Every recorder stalls from its first moment.
    vi.spyOn(FakeMediaRecorder.prototype, 'start').mockImplementation(function (this: FakeMediaRecorder, timeslice: number) {
      this.stalled = true;
      make.call(this, timeslice);
    });
    await controller.begin(true, []);
    await controller.startRecording();
    await vi.advanceTimersByTimeAsync((STALL_MS + 3000) * (MAX_HEALS_WITHOUT_DATA + 1));
    expect(main.methods().filter((method) => method === 'continueSession')).toHaveLength(MAX_HEALS_WITHOUT_DATA);
    expect(view.noticeKeys()).toContain('recordingStalled');
  });

  it('a recorder that was only holding its data back hands it over when it is replaced: nothing is said to be missing', async () => {
    const { main, view, controller } = setUp();
    await controller.begin(true, []);
    await controller.startRecording();
    await vi.advanceTimersByTimeAsync(2000);
    FakeMediaRecorder.made[0]!.holding = true;
    await vi.advanceTimersByTimeAsync(STALL_MS + 1500);
    expect(FakeMediaRecorder.made).toHaveLength(2);
    // Its last chunk, with all it held, went to its own recorder number before the new one took over.
    const last = main.chunks.filter((chunk) => chunk.recorder === 1).at(-1);
    expect(last).toBeDefined();
    expect(view.noticeKeys()).toEqual(['recorderRestarted']);
  });

  it('a reloaded tab continues its own lesson by itself (its token is in sessionStorage), with the lesson’s title and time', async () => {
    const store = new Map<string, string>();
    const { main, view, controller, env } = setUp({ store });
    rememberLesson(env.store, { sessionId: active().sessionId, resumeToken: main.token });
    main.recorder = 1;
    await controller.begin(true, [active()]);
    expect(main.calls[0]).toMatchObject({ method: 'continueSession', args: { cause: 'renderer-restarted', resumeToken: 'token-1' } });
    expect(view.phases.at(-1)).toBe('recording');
    expect(view.title).toBe('Before the reload');
    expect(controller.elapsedMs).toBeGreaterThanOrEqual(5000);
  });

  it('another tab leaves a lesson recorded elsewhere alone: no Record, and the tray’s command is ignored', async () => {
    const { main, view, controller } = setUp();
    await controller.begin(true, [active()]);
    expect(main.methods()).toEqual([]);
    expect(view.other?.kind).toBe('elsewhere');
    expect(view.blocked).toBe(true);
    controller.command('toggle-recording');
    await controller.startRecording();
    expect(main.methods()).toEqual([]);
    // The lesson ends in its own window: this one may record again.
    controller.sessionsChanged([]);
    expect(view.other).toBeUndefined();
    expect(view.blocked).toBe(false);
  });

  it('a lesson whose window is gone: offered in a browser, continued at once in the desktop app (one window)', async () => {
    const browser = setUp();
    browser.main.ownerActive = false;
    await browser.controller.begin(true, [active({ ownerActive: false })]);
    expect(browser.view.other?.kind).toBe('orphan');
    expect(browser.main.methods()).toEqual([]);
    await browser.controller.continueOrphan();
    expect(browser.main.calls[0]).toMatchObject({ method: 'continueSession', args: { resumeToken: null } });
    expect(browser.view.phases.at(-1)).toBe('recording');

    const desktop = setUp();
    desktop.main.ownerActive = false;
    await desktop.controller.begin(true, [active({ ownerActive: false })], true);
    expect(desktop.main.methods()).toEqual(['continueSession']);
    expect(desktop.view.phases.at(-1)).toBe('recording');
  });

  it('a page whose lesson another window took over stops recording it and says so', async () => {
    const { main, view, controller } = setUp();
    await controller.begin(true, []);
    await controller.startRecording();
    await vi.advanceTimersByTimeAsync(1500);
    // Another window continued the lesson: main now takes only its recorder's chunks.
    main.recorder = 2;
    main.token = 'token-elsewhere';
    await vi.advanceTimersByTimeAsync(2000);
    expect(view.noticeKeys()).toContain('lessonTakenOver');
    expect(view.phases.at(-1)).toBe('preview');
    expect(main.methods()).not.toContain('stopSession');
  });

  it('the timetable starts its period under the period’s name, without the 3-2-1 (main counted down), and stops it at the end', async () => {
    const { main, view, controller } = setUp({ countdown: true });
    await controller.begin(true, []);
    controller.timetable({ kind: 'start', key: 'p1@2026-12-07', title: '7B Maths' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(main.calls[0]).toMatchObject({ method: 'startSession', args: { title: '7B Maths', period: 'p1@2026-12-07' } });
    expect(view.phases).toEqual(['preview', 'starting', 'recording']);
    expect(view.title).toBe('7B Maths');
    // A stop for another lesson is not this page's to act on.
    controller.timetable({ kind: 'stop', sessionId: '99999999-9999-4999-8999-999999999999' });
    expect(controller.phase).toBe('recording');
    // Nor is a second start while this lesson records.
    controller.timetable({ kind: 'start', key: 'p2@2026-12-07', title: '7C Maths' });
    await vi.advanceTimersByTimeAsync(100);
    expect(main.methods().filter((method) => method === 'startSession')).toHaveLength(1);
    controller.timetable({ kind: 'stop', sessionId: '11111111-1111-4111-8111-111111111111' });
    await vi.advanceTimersByTimeAsync(1500);
    expect(main.methods().at(-1)).toBe('stopSession');
    // Back to back: the next period starts while this one is still being saved.
    controller.timetable({ kind: 'start', key: 'p2@2026-12-07', title: '7C Maths' });
    await vi.advanceTimersByTimeAsync(1500);
    expect(main.calls.filter((call) => call.method === 'startSession').at(-1)).toMatchObject({ args: { title: '7C Maths', period: 'p2@2026-12-07' } });
  });

  it('a period another window took first (busy) is left to it, without a word', async () => {
    const { main, view, controller } = setUp();
    main.refuseStart = { code: 'busy', message: 'already recording' };
    await controller.begin(true, []);
    controller.timetable({ kind: 'start', key: 'p1@2026-12-07', title: '7B Maths' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(view.phases.at(-1)).toBe('preview');
    expect(view.notices).toEqual([]);
  });

  it('Mark (button, hotkey or tray) starts a new part while a lesson records, paused or not; names go to main; none without a lesson', async () => {
    const { main, view, controller } = setUp();
    await controller.begin(true, []);
    controller.command('mark-part');
    await vi.advanceTimersByTimeAsync(10);
    expect(main.methods()).not.toContain('markPart');
    await controller.startRecording();
    controller.command('mark-part');
    await vi.advanceTimersByTimeAsync(10);
    await controller.pause();
    await controller.mark();
    expect(view.parts).toEqual([
      { part: 2, startSeconds: 10 },
      { part: 3, startSeconds: 20 },
    ]);
    expect(view.announced.at(-1)).toEqual({ key: 'announceMarked', params: { number: 3, time: '00:00:20' } });
    await controller.namePart(3, 'Group work');
    expect(main.calls.at(-1)).toEqual({ method: 'namePart', args: { sessionId: '11111111-1111-4111-8111-111111111111', part: 3, title: 'Group work' } });
  });

  it('a reloaded tab shows the parts main kept for its lesson', async () => {
    const store = new Map<string, string>();
    const { main, view, controller, env } = setUp({ store });
    rememberLesson(env.store, { sessionId: active().sessionId, resumeToken: main.token });
    main.recorder = 1;
    await controller.begin(true, [active({ marks: [{ title: 'Group work', startSeconds: 61 }] })]);
    expect(view.parts).toEqual([{ part: 2, startSeconds: 61 }]);
  });
});
