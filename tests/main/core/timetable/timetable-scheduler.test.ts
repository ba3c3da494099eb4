import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { TimetableCommand, TimetableStatus } from '../../../../common/ipc-contract';
import type { Period } from '../../../../common/timetable';
import type { NoticeBody } from '../../../../main/core/notices';
import { TimetableScheduler, type TimetableMemory } from '../../../../main/core/timetable/timetable-scheduler';

// The schedule in a real time zone with DST; restored for the files that run after this one.
const originalTz = process.env.TZ;
process.env.TZ = 'Europe/Berlin';
afterAll(() => {
  process.env.TZ = originalTz;
});

/** Local time in the test's zone: 2026-11-30 is a Monday. */
const at = (date: string, clock: string) => new Date(`${date}T${clock}`).getTime();
const MONDAY = '2026-11-30';
const WEDNESDAY = '2026-12-02';

/**
 * A clock and timers the test moves by hand. `advance` runs each timer at its moment; `sleep` moves the
 * clock without running any (a suspended computer), and the overdue timer fires on waking, as Node's do.
 */
class FakeClock {
  now: number;
  private timers: Array<{ at: number; run: () => void; id: number }> = [];
  private nextId = 1;

  constructor(start: number) {
    this.now = start;
  }

  setTimer = (run: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.timers.push({ at: this.now + ms, run, id });
    return id;
  };

  clearTimer = (id: unknown): void => {
    this.timers = this.timers.filter((timer) => timer.id !== id);
  };

  advanceTo(to: number): void {
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const due = this.timers[0];
      if (!due || due.at > to) break;
      this.timers.shift();
      this.now = Math.max(this.now, due.at);
      due.run();
    }
    this.now = to;
  }

  sleepUntil(to: number): void {
    this.now = to;
    this.timers.sort((a, b) => a.at - b.at);
    const overdue = this.timers.shift();
    overdue?.run();
  }
}

const SCHOOL_WEEK: Period[] = [
  { id: 'p-mon-1', weekday: 1, start: '08:00', end: '08:45', title: '7B Maths' },
  { id: 'p-mon-2', weekday: 1, start: '08:45', end: '09:30', title: '7C Maths' },
  { id: 'p-wed-1', weekday: 3, start: '10:00', end: '10:45', title: '8A Physics' },
];

interface Harness {
  clock: FakeClock;
  scheduler: TimetableScheduler;
  commands: TimetableCommand[];
  notices: NoticeBody[];
  statuses: TimetableStatus[];
  awake: boolean[];
  memory: TimetableMemory;
  /** The page does what the timetable asks, as the renderer does: starts the lesson, stops it. */
  obey: boolean;
  /** Each start asked for, with the local time it was asked at. */
  startedAt: string[];
  byHand: Set<string>;
}

let sessionCount = 0;

async function harness(start: number, periods: Period[] = SCHOOL_WEEK, memory: TimetableMemory = { handled: {} }, obey = true): Promise<Harness> {
  const clock = new FakeClock(start);
  const h: Harness = {
    clock,
    commands: [],
    notices: [],
    statuses: [],
    awake: [],
    memory,
    obey,
    startedAt: [],
    byHand: new Set(),
    scheduler: undefined as never,
  };
  h.scheduler = new TimetableScheduler({
    periods: () => periods,
    now: () => clock.now,
    memory: {
      load: async () => structuredClone(h.memory),
      save: async (saved) => {
        h.memory = structuredClone(saved);
      },
    },
    recordingByHand: () => h.byHand.size > 0,
    command: (command) => {
      h.commands.push(command);
      if (command.kind === 'start') h.startedAt.push(`${command.key} ${new Date(clock.now).toTimeString().slice(0, 5)}`);
      if (!h.obey) return;
      // What the renderer and RecorderService do with it, synchronously.
      queueMicrotask(() => {
        if (command.kind === 'start') {
          const { title, occurrence } = h.scheduler.sessionStarting('', command.key);
          const sessionId = `session-${++sessionCount}`;
          h.commands.push({ kind: 'start', key: `started ${sessionId} as ${title}`, title });
          h.scheduler.sessionStarted(sessionId, occurrence!);
        } else {
          h.scheduler.sessionEnded(command.sessionId);
        }
      });
    },
    status: (status) => h.statuses.push(status),
    notify: (notice) => h.notices.push(notice),
    keepAwake: (active) => h.awake.push(active),
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
  });
  await h.scheduler.start();
  return h;
}

/** Moves the clock, letting the page's answers (microtasks) land between timers. */
async function advance(h: Harness, to: number): Promise<void> {
  while (h.clock.now < to) {
    h.clock.advanceTo(Math.min(to, h.clock.now + 1000));
    await Promise.resolve();
    await Promise.resolve();
  }
}

const starts = (h: Harness) =>
  h.commands.filter((command) => command.kind === 'start' && !command.key.startsWith('started')).map((c) => (c as { key: string }).key);
const stops = (h: Harness) => h.commands.filter((command) => command.kind === 'stop');
const codes = (h: Harness) => h.notices.map((notice) => `${notice.code}:${String(notice.params?.title)}:${String(notice.params?.reason ?? '')}`);

beforeEach(() => {
  sessionCount = 0;
});

describe('a timetable that records by itself', () => {
  it('across a week: counts down, starts each period under its name, warns a minute before the end, stops at the end', async () => {
    const h = await harness(at(MONDAY, '07:00:00'));
    expect(h.scheduler.status().next).toMatchObject({ title: '7B Maths', startsAt: new Date(at(MONDAY, '08:00:00')).toISOString() });

    await advance(h, at(MONDAY, '07:55:30'));
    expect(h.awake).toEqual([true]); // kept awake from five minutes before
    await advance(h, at(MONDAY, '07:59:50'));
    expect(h.scheduler.status().countdown).toMatchObject({ title: '7B Maths', late: false, recordsAt: new Date(at(MONDAY, '08:00:00')).toISOString() });
    expect(starts(h)).toEqual([]);

    await advance(h, at(MONDAY, '08:00:01'));
    expect(starts(h)).toEqual([`p-mon-1@${MONDAY}`]);
    expect(h.commands[1]).toMatchObject({ key: 'started session-1 as 7B Maths' });
    expect(h.scheduler.status().recording).toMatchObject({ sessionId: 'session-1', endingSoon: false });

    await advance(h, at(MONDAY, '08:44:01'));
    expect(h.scheduler.status().recording).toMatchObject({ endingSoon: true, canExtend: false }); // 7C Maths starts at 08:45
    // Back to back: the first stops and the next starts at the same moment.
    await advance(h, at(MONDAY, '08:45:01'));
    expect(stops(h)).toEqual([{ kind: 'stop', sessionId: 'session-1' }]);
    expect(starts(h)).toEqual([`p-mon-1@${MONDAY}`, `p-mon-2@${MONDAY}`]);

    await advance(h, at(WEDNESDAY, '11:00:00'));
    expect(starts(h)).toEqual([`p-mon-1@${MONDAY}`, `p-mon-2@${MONDAY}`, `p-wed-1@${WEDNESDAY}`]);
    expect(stops(h).map((stop) => (stop as { sessionId: string }).sessionId)).toEqual(['session-1', 'session-2', 'session-3']);
    expect(h.notices).toEqual([]);
    // Awake before each period only (the recording keeps itself awake).
    expect(h.awake.filter(Boolean).length).toBe(h.awake.length - h.awake.filter((a) => !a).length);
  });

  it('"+5 min" stops five minutes later and warns again; never into the next period', async () => {
    const h = await harness(at(WEDNESDAY, '09:59:00'));
    await advance(h, at(WEDNESDAY, '10:44:10'));
    const { sessionId } = h.scheduler.status().recording!;
    expect(h.scheduler.status().recording).toMatchObject({ endingSoon: true, canExtend: true });
    h.scheduler.extend(sessionId);
    expect(h.scheduler.status().recording).toMatchObject({ endingSoon: false, stopsAt: new Date(at(WEDNESDAY, '10:50:00')).toISOString() });
    await advance(h, at(WEDNESDAY, '10:49:30'));
    expect(h.scheduler.status().recording?.endingSoon).toBe(true);
    expect(stops(h)).toEqual([]);
    await advance(h, at(WEDNESDAY, '10:50:01'));
    expect(stops(h)).toEqual([{ kind: 'stop', sessionId }]);

    const monday = await harness(at(MONDAY, '07:59:00'));
    await advance(monday, at(MONDAY, '08:44:10'));
    expect(() => monday.scheduler.extend(monday.scheduler.status().recording!.sessionId)).toThrow(expect.objectContaining({ code: 'busy' }));
  });

  it('Cancel during the countdown: that period is not recorded, and the next one is', async () => {
    const h = await harness(at(MONDAY, '07:59:00'));
    await advance(h, at(MONDAY, '07:59:50'));
    const status = h.scheduler.cancel(h.scheduler.status().countdown!.key);
    expect(status.countdown).toBeUndefined();
    expect(status.next).toMatchObject({ title: '7C Maths' });
    await advance(h, at(MONDAY, '08:30:00'));
    expect(starts(h)).toEqual([]);
    await advance(h, at(MONDAY, '08:46:00'));
    expect(starts(h)).toEqual([`p-mon-2@${MONDAY}`]);
  });

  it('a lesson started by hand near a period takes its name and stops at its end; a typed title stays', async () => {
    const h = await harness(at(MONDAY, '07:40:00'));
    await advance(h, at(MONDAY, '07:52:00'));
    const early = h.scheduler.sessionStarting('', undefined);
    expect(early.title).toBe('7B Maths');
    h.scheduler.sessionStarted('by-hand', early.occurrence!);
    await advance(h, at(MONDAY, '08:00:30'));
    expect(starts(h)).toEqual([]); // it is already recording: no second lesson
    await advance(h, at(MONDAY, '08:45:01'));
    expect(stops(h)[0]).toEqual({ kind: 'stop', sessionId: 'by-hand' });

    expect(h.scheduler.sessionStarting('Revision', undefined)).toMatchObject({ title: 'Revision' });
    expect(h.scheduler.sessionStarting('', undefined).title).toBe(''); // 7C Maths has its lesson already
    const later = await harness(at(MONDAY, '12:00:00'));
    expect(later.scheduler.sessionStarting('', undefined)).toEqual({ title: '' }); // no period near
  });

  it('a period that begins while a lesson recorded by hand goes on does not start, and says so', async () => {
    const h = await harness(at(MONDAY, '07:30:00'));
    h.byHand.add('an-earlier-lesson');
    await advance(h, at(MONDAY, '08:01:00'));
    expect(starts(h)).toEqual([]);
    expect(codes(h)).toEqual(['timetable-busy:7B Maths:']);
  });
});

describe('missed starts, sleep and a changing clock', () => {
  it('the app opened late joins the period in progress after the countdown; opened too late it says what was missed', async () => {
    const late = await harness(at(MONDAY, '08:10:00'), SCHOOL_WEEK, { lastSeenAt: at(MONDAY, '07:00:00'), handled: {} });
    expect(late.scheduler.status().countdown).toMatchObject({ title: '7B Maths', late: true });
    await advance(late, at(MONDAY, '08:10:16'));
    expect(starts(late)).toEqual([`p-mon-1@${MONDAY}`]);
    expect(late.notices).toEqual([]);

    const tooLate = await harness(at(MONDAY, '09:40:00'), SCHOOL_WEEK, { lastSeenAt: at(MONDAY, '07:00:00'), handled: {} });
    expect(starts(tooLate)).toEqual([]);
    expect(codes(tooLate)).toEqual(['timetable-missed:7B Maths:closed', 'timetable-missed:7C Maths:closed']);
    expect(tooLate.notices[0]!.params).toMatchObject({ inProgress: 0, startsAt: new Date(at(MONDAY, '08:00:00')).toISOString() });
  });

  it('asleep at the start is not a lesson: on waking it says what was missed, and Record by hand takes the period', async () => {
    const h = await harness(at(MONDAY, '07:40:00'));
    await advance(h, at(MONDAY, '07:50:00'));
    h.clock.sleepUntil(at(MONDAY, '08:10:00'));
    await Promise.resolve();
    expect(starts(h)).toEqual([]);
    expect(codes(h)).toEqual(['timetable-missed:7B Maths:asleep']);
    expect(h.notices[0]!.params?.inProgress).toBe(1);
    await advance(h, at(MONDAY, '08:30:00'));
    expect(starts(h)).toEqual([]);
    const byHand = h.scheduler.sessionStarting('', undefined);
    expect(byHand.title).toBe('7B Maths');
  });

  it('woken seconds after a start (or a timer firing late), the lesson still starts', async () => {
    const h = await harness(at(MONDAY, '07:40:00'));
    await advance(h, at(MONDAY, '07:50:00'));
    h.clock.sleepUntil(at(MONDAY, '08:00:20'));
    await Promise.resolve();
    await Promise.resolve();
    expect(starts(h)).toEqual([`p-mon-1@${MONDAY}`]);
    expect(h.notices).toEqual([]);
  });

  it('the clock going back (travel west, one hour) does not start a lesson twice', async () => {
    const h = await harness(at(MONDAY, '07:59:00'));
    await advance(h, at(MONDAY, '08:50:00'));
    expect(starts(h)).toEqual([`p-mon-1@${MONDAY}`, `p-mon-2@${MONDAY}`]);
    // The teacher's laptop now shows London time: 07:50 again.
    process.env.TZ = 'Europe/London';
    try {
      h.scheduler.tick();
      await advance(h, h.clock.now + 50 * 60_000);
      expect(new Date(h.clock.now).getHours()).toBe(8);
      expect(starts(h)).toEqual([`p-mon-1@${MONDAY}`, `p-mon-2@${MONDAY}`]);
    } finally {
      process.env.TZ = 'Europe/Berlin';
    }
  });

  it('DST: a lesson at 08:00 starts at 08:00 on the days the clocks change, and the repeated hour of autumn records once', async () => {
    const sundays: Period[] = [
      { id: 'sunday-early', weekday: 7, start: '02:15', end: '02:40', title: 'Night school' },
      { id: 'sunday', weekday: 7, start: '08:00', end: '08:45', title: 'Sunday school' },
      { id: 'monday', weekday: 1, start: '08:00', end: '08:45', title: 'Monday' },
    ];
    // 2026-10-25: 03:00 summer time becomes 02:00 winter time.
    const autumn = await harness(at('2026-10-25', '00:30:00'), sundays);
    await advance(autumn, at('2026-10-26', '09:00:00'));
    expect(starts(autumn)).toEqual(['sunday-early@2026-10-25', 'sunday@2026-10-25', 'monday@2026-10-26']);
    const started = autumn.commands.filter((command) => command.kind === 'start' && !command.key.startsWith('started'));
    expect(started).toHaveLength(3);
    // 2026-03-29: the day is 23 hours long; 08:00 is still 08:00.
    const spring = await harness(at('2026-03-28', '20:00:00'), sundays);
    await advance(spring, at('2026-03-30', '09:00:00'));
    expect(spring.startedAt).toEqual(['sunday-early@2026-03-29 03:15', 'sunday@2026-03-29 08:00', 'monday@2026-03-30 08:00']);
  });

  it('what was handled survives a restart: a crash mid-lesson, relaunched, does not start the period again', async () => {
    const first = await harness(at(MONDAY, '07:59:00'));
    await advance(first, at(MONDAY, '08:05:00'));
    expect(starts(first)).toEqual([`p-mon-1@${MONDAY}`]);
    const relaunched = await harness(at(MONDAY, '08:06:00'), SCHOOL_WEEK, first.memory);
    expect(relaunched.scheduler.status().countdown).toBeUndefined();
    await advance(relaunched, at(MONDAY, '08:40:00'));
    expect(starts(relaunched)).toEqual([]);
    expect(relaunched.notices).toEqual([]);
  });
});
