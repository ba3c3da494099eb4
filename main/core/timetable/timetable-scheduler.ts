import type { ScheduledLesson, TimetableCommand, TimetableStatus } from '../../../common/ipc-contract';
import type { Period } from '../../../common/timetable';
import type { NoticeBody } from '../notices';
import { notices } from '../notices';
import { ServiceError } from '../service-error';
import { nextOccurrence, occurrenceAt, occurrencesBetween, periodForManualStart, startsBetween, type Occurrence } from './schedule-plan';

/** The countdown before a period's lesson records: visible, cancellable (page and tray). */
export const COUNTDOWN_MS = 15_000;
/** The OS notification before that (desktop app). */
export const NOTIFY_BEFORE_MS = 60_000;
/** The computer is kept awake this long before a period (a laptop that sleeps at 07:58 cannot record at 08:00). */
export const KEEP_AWAKE_BEFORE_MS = 5 * 60_000;
/** The warning before a period's lesson stops, with "+5 min" and "Stop now". */
export const WARN_BEFORE_END_MS = 60_000;
export const EXTEND_MS = 5 * 60_000;
/** The app opened during a period joins it only if at least this much is left. */
export const MIN_JOIN_MS = 2 * 60_000;
/** Ticks further apart than this: the app could not act in between (the computer slept, the clock jumped). */
export const MAX_TICK_GAP_MS = 45_000;
/** The longest wait between ticks: how soon a sleep or a changed clock is noticed. */
const MAX_TICK_MS = 15_000;
/** How far back a launch reports periods it missed. */
const MISSED_LOOKBACK_MS = 16 * 60 * 60_000;
/** Occurrences remembered as handled this long (the clock may go back a day when travelling). */
const REMEMBER_MS = 8 * 24 * 60 * 60_000;

/** What the schedule remembers between launches (`<state>/timetable-memory.json`). */
export interface TimetableMemory {
  /** The last time the app was running: starts after it, before this launch, were missed. */
  lastSeenAt?: number;
  /** Occurrences started, joined, cancelled or reported missed: never started (again). */
  handled: Record<string, number>;
}

export interface TimetableSchedulerDeps {
  periods: () => readonly Period[];
  now: () => number;
  memory: { load: () => Promise<TimetableMemory>; save: (memory: TimetableMemory) => Promise<void> };
  /** Whether a lesson records that the timetable did not start or adopt (a period beginning then does not start). */
  recordingByHand: () => boolean;
  command: (command: TimetableCommand) => void;
  status: (status: TimetableStatus) => void;
  notify: (notice: NoticeBody) => void;
  /** Keep the computer from sleeping ahead of a period (combined with the recording's own need by the caller). */
  keepAwake: (active: boolean) => void;
  /** A period records in a minute: the desktop app shows an OS notification. */
  upcoming?: (lesson: ScheduledLesson) => void;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

interface Countdown {
  occurrence: Occurrence;
  recordsAt: number;
  late: boolean;
}

interface Linked {
  occurrence: Occurrence;
  stopsAt: number;
  warned: boolean;
  stopping: boolean;
}

/**
 * Records the timetable by itself: counts down to each period (cancellable), asks the page to start its
 * lesson, warns a minute before the end (`extend` adds five minutes) and asks the page to stop it. It joins
 * a period in progress when the app opens late, and reports what it could not record (app closed, computer
 * asleep). Each period's date-keyed occurrence is handled once, so a clock going back (DST, travel) never
 * starts a lesson twice. Pure of Electron: clock, timers and storage are passed in.
 */
export class TimetableScheduler {
  private memory: TimetableMemory = { handled: {} };
  private lastTick: number | undefined;
  private countdown: Countdown | undefined;
  private readonly linked = new Map<string, Linked>();
  private notified = new Set<string>();
  private timer: unknown;
  private awake = false;
  private lastStatus = '';
  private lastSaved = 0;
  private running = false;

  constructor(private readonly deps: TimetableSchedulerDeps) {}

  async start(): Promise<void> {
    this.memory = await this.deps.memory.load().catch(() => ({ handled: {} }));
    this.running = true;
    this.tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) (this.deps.clearTimer ?? clearTimeout)(this.timer as ReturnType<typeof setTimeout>);
    this.setAwake(false);
    await this.save(true);
  }

  /** The timetable or the clock changed (a settings change, the computer woke): look again now. */
  tick(): void {
    if (!this.running) return;
    const now = this.deps.now();
    const periods = this.deps.periods();
    const previous = this.lastTick;
    this.lastTick = now;
    this.stopLinkedAtTheirEnd(now);
    if (previous === undefined) this.launched(periods, now);
    // Asleep at a start is not a lesson (a start only seconds ago still counts down, as a late tick would).
    else if (now - previous > MAX_TICK_GAP_MS) this.missed(startsBetween(periods, previous, now - MAX_TICK_GAP_MS, this.handledKeys()), 'asleep', now);
    this.beginCountdowns(periods, now);
    this.finishCountdown(now);
    const next = nextOccurrence(periods, now);
    this.setAwake(this.countdown !== undefined || (next !== undefined && next.startsAt - now <= KEEP_AWAKE_BEFORE_MS));
    if (next && next.startsAt - now <= NOTIFY_BEFORE_MS && !this.notified.has(next.key) && !this.handledKeys().has(next.key)) {
      this.notified.add(next.key);
      this.deps.upcoming?.(lessonOf(next));
    }
    this.report(periods, now);
    this.memory.lastSeenAt = now;
    void this.save(false);
    this.scheduleNextTick(periods, now);
  }

  /** The app was closed: what started since it last ran was missed; a period in progress is joined. */
  private launched(periods: readonly Period[], now: number): void {
    if (this.memory.lastSeenAt !== undefined) {
      // What was missed today is worth saying; last week's lessons, after the holidays, are not.
      const passed = startsBetween(periods, Math.max(this.memory.lastSeenAt, now - MISSED_LOOKBACK_MS), now, this.handledKeys());
      this.missed(
        passed.filter((occurrence) => occurrence.endsAt - now < MIN_JOIN_MS),
        'closed',
        now,
      );
    }
    const current = occurrenceAt(periods, now);
    if (current && !this.handledKeys().has(current.key) && current.endsAt - now >= MIN_JOIN_MS && !this.deps.recordingByHand()) {
      this.handle(current.key, now);
      this.countdown = { occurrence: current, recordsAt: now + COUNTDOWN_MS, late: true };
    }
  }

  private missed(occurrences: Occurrence[], reason: 'closed' | 'asleep', now: number): void {
    // The newest five are worth saying; older ones would bury the screen.
    for (const occurrence of occurrences.slice(-5)) {
      this.deps.notify(notices.timetableMissed(lessonOf(occurrence), reason, occurrence.endsAt - now >= 60_000));
    }
    for (const occurrence of occurrences) this.handle(occurrence.key, now);
  }

  /** A period's countdown begins when its start is less than COUNTDOWN_MS away (or a tick was a few seconds late). */
  private beginCountdowns(periods: readonly Period[], now: number): void {
    const due = occurrencesBetween(periods, now, now + COUNTDOWN_MS).filter(
      (occurrence) => occurrence.startsAt - COUNTDOWN_MS <= now && now < occurrence.startsAt + MAX_TICK_GAP_MS && !this.handledKeys().has(occurrence.key),
    );
    for (const occurrence of due) {
      this.handle(occurrence.key, now);
      if (this.linkedTo(occurrence.key)) continue;
      if (this.deps.recordingByHand()) {
        this.deps.notify(notices.timetableBusy(occurrence.title));
        continue;
      }
      this.countdown = { occurrence, recordsAt: Math.max(occurrence.startsAt, now), late: false };
    }
  }

  private finishCountdown(now: number): void {
    const countdown = this.countdown;
    if (!countdown || now < countdown.recordsAt) return;
    this.countdown = undefined;
    if (this.deps.recordingByHand()) {
      this.deps.notify(notices.timetableBusy(countdown.occurrence.title));
      return;
    }
    this.deps.command({ kind: 'start', key: countdown.occurrence.key, title: countdown.occurrence.title });
  }

  private stopLinkedAtTheirEnd(now: number): void {
    for (const [sessionId, linked] of this.linked) {
      if (!linked.stopping && now >= linked.stopsAt) {
        linked.stopping = true;
        this.deps.command({ kind: 'stop', sessionId });
      } else if (!linked.warned && now >= linked.stopsAt - WARN_BEFORE_END_MS) {
        linked.warned = true;
      }
    }
  }

  /** Cancels the countdown to this period (the page's Cancel, the tray): it is not recorded. */
  cancel(key: string): TimetableStatus {
    if (this.countdown?.occurrence.key === key) this.countdown = undefined;
    else if (!this.handledKeys().has(key)) this.handle(key, this.deps.now());
    this.tick();
    return this.status();
  }

  /**
   * A lesson starts: the timetable's own (`period` names the occurrence it asked for), or one by hand,
   * which belongs to a period starting within ten minutes or in progress. Answers the title to save it
   * under: the period's, when the teacher typed none.
   */
  sessionStarting(title: string, period: string | undefined): { title: string; occurrence?: Occurrence } {
    const now = this.deps.now();
    const periods = this.deps.periods();
    if (period !== undefined) {
      const occurrence = occurrencesBetween(periods, now - 60_000, now + COUNTDOWN_MS).find((found) => found.key === period && now < found.endsAt);
      if (!occurrence) throw new ServiceError('invalid-request', `No period ${period} records now.`);
      if (this.linkedTo(period)) throw new ServiceError('busy', `The lesson of ${period} is already recording.`);
      return { title: title.trim() ? title : occurrence.title, occurrence };
    }
    const occurrence = periodForManualStart(periods, now);
    if (!occurrence || this.linkedTo(occurrence.key)) return { title };
    return { title: title.trim() ? title : occurrence.title, occurrence };
  }

  /** The lesson `sessionStarting` placed in a period records: it stops at the period's end. */
  sessionStarted(sessionId: string, occurrence: Occurrence): void {
    const now = this.deps.now();
    this.handle(occurrence.key, now);
    if (this.countdown?.occurrence.key === occurrence.key) this.countdown = undefined;
    this.linked.set(sessionId, { occurrence, stopsAt: occurrence.endsAt, warned: false, stopping: false });
    this.tick();
  }

  /** A lesson stopped (by the teacher, the timetable, a full disk): nothing more to do for it. */
  sessionEnded(sessionId: string): void {
    if (this.linked.delete(sessionId)) this.tick();
  }

  /** "+5 min": the period's lesson stops five minutes later (never into the next period). */
  extend(sessionId: string): TimetableStatus {
    const linked = this.linked.get(sessionId);
    if (!linked || linked.stopping) throw new ServiceError('unknown-session', 'No lesson of the timetable with this id is recording.');
    const now = this.deps.now();
    const limit = this.extensionLimit(linked, now);
    if (limit <= linked.stopsAt) throw new ServiceError('busy', 'The next period starts then: this lesson cannot run longer.');
    linked.stopsAt = Math.min(Math.max(linked.stopsAt, now) + EXTEND_MS, limit);
    linked.warned = false;
    this.tick();
    return this.status();
  }

  private extensionLimit(linked: Linked, now: number): number {
    const next = nextOccurrence(this.deps.periods(), Math.max(now, linked.occurrence.startsAt));
    return next && next.key !== linked.occurrence.key ? next.startsAt : Number.POSITIVE_INFINITY;
  }

  status(): TimetableStatus {
    return this.statusAt(this.deps.periods(), this.deps.now());
  }

  private statusAt(periods: readonly Period[], now: number): TimetableStatus {
    const status: TimetableStatus = {};
    const next = occurrencesBetween(periods, now, now + 8 * 24 * 60 * 60_000).find(
      (occurrence) => occurrence.startsAt > now && !this.handledKeys().has(occurrence.key),
    );
    if (next) status.next = lessonOf(next);
    if (this.countdown) {
      status.countdown = { ...lessonOf(this.countdown.occurrence), recordsAt: iso(this.countdown.recordsAt), late: this.countdown.late };
    }
    const [sessionId, linked] = [...this.linked].find(([, found]) => !found.stopping) ?? [];
    if (sessionId && linked) {
      status.recording = {
        ...lessonOf(linked.occurrence),
        sessionId,
        stopsAt: iso(linked.stopsAt),
        endingSoon: linked.warned,
        canExtend: this.extensionLimit(linked, now) > linked.stopsAt,
      };
    }
    return status;
  }

  private report(periods: readonly Period[], now: number): void {
    const status = this.statusAt(periods, now);
    const text = JSON.stringify(status);
    if (text === this.lastStatus) return;
    this.lastStatus = text;
    this.deps.status(status);
  }

  /** Ticks at the next moment something is due, and at least every 15 s (to notice sleep and clock changes). */
  private scheduleNextTick(periods: readonly Period[], now: number): void {
    if (this.timer !== undefined) (this.deps.clearTimer ?? clearTimeout)(this.timer as ReturnType<typeof setTimeout>);
    const moments: number[] = [now + MAX_TICK_MS];
    if (this.countdown) moments.push(this.countdown.recordsAt);
    for (const linked of this.linked.values()) moments.push(linked.stopsAt - WARN_BEFORE_END_MS, linked.stopsAt);
    const next = nextOccurrence(periods, now);
    if (next) moments.push(next.startsAt - KEEP_AWAKE_BEFORE_MS, next.startsAt - NOTIFY_BEFORE_MS, next.startsAt - COUNTDOWN_MS, next.startsAt);
    const wait = Math.max(50, Math.min(...moments.filter((moment) => moment > now)) - now);
    const timer = (this.deps.setTimer ?? setTimeout)(() => this.tick(), wait);
    (timer as { unref?: () => void }).unref?.();
    this.timer = timer;
  }

  /** Whether this lesson is a period's (the timetable's own, or one by hand that took a period). */
  isLinked(sessionId: string): boolean {
    return this.linked.has(sessionId);
  }

  private linkedTo(key: string): boolean {
    return [...this.linked.values()].some((linked) => linked.occurrence.key === key);
  }

  private handledKeys(): ReadonlySet<string> {
    return new Set(Object.keys(this.memory.handled));
  }

  private handle(key: string, now: number): void {
    this.memory.handled[key] = now;
    void this.save(true);
  }

  private setAwake(awake: boolean): void {
    if (awake === this.awake) return;
    this.awake = awake;
    this.deps.keepAwake(awake);
  }

  /** Keeps the memory on disk: at once when an occurrence was handled, otherwise once a minute. */
  private async save(now: boolean): Promise<void> {
    const at = this.deps.now();
    if (!now && at - this.lastSaved < 60_000) return;
    this.lastSaved = at;
    for (const [key, handledAt] of Object.entries(this.memory.handled)) if (at - handledAt > REMEMBER_MS) delete this.memory.handled[key];
    await this.deps.memory.save({ ...this.memory, handled: { ...this.memory.handled } }).catch((error: unknown) => {
      console.warn(`[timetable] could not remember the schedule's state: ${String(error)}`);
    });
  }
}

function iso(at: number): string {
  return new Date(at).toISOString();
}

function lessonOf(occurrence: Occurrence): ScheduledLesson {
  return { key: occurrence.key, title: occurrence.title, startsAt: iso(occurrence.startsAt), endsAt: iso(occurrence.endsAt) };
}
