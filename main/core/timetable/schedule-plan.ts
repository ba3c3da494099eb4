import { minutesOf, type Period } from '../../../common/timetable';

/**
 * The week's periods (common/timetable.ts) laid on the calendar: pure functions of the periods and a clock
 * reading, so the schedule can be tested across weekdays, DST changes and sleep with a fake clock.
 */

/** One period on one date. */
export interface Occurrence {
  /** `<period id>@<local date>`: the same lesson whatever the clock does, so it never starts twice. */
  key: string;
  periodId: string;
  title: string;
  startsAt: number;
  endsAt: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function localDate(at: Date): string {
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
}

/**
 * The local time `clock` on the date of `day`, by the local calendar (not `day + minutes`): 08:00 stays
 * 08:00 across a DST change. A time the spring change skips (02:30) is taken as the hour after, as Date does.
 */
function atClock(day: Date, clock: string): number {
  const minutes = minutesOf(clock);
  return new Date(day.getFullYear(), day.getMonth(), day.getDate(), Math.floor(minutes / 60), minutes % 60).getTime();
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local date. */
export function isoWeekday(day: Date): number {
  return ((day.getDay() + 6) % 7) + 1;
}

/** Every occurrence that overlaps [from, to], by start. */
export function occurrencesBetween(periods: readonly Period[], from: number, to: number): Occurrence[] {
  const found: Occurrence[] = [];
  const first = new Date(from - DAY_MS);
  // Walk local dates (not 24-hour steps: a DST day is 23 or 25 hours long).
  for (let day = new Date(first.getFullYear(), first.getMonth(), first.getDate()); day.getTime() <= to; day.setDate(day.getDate() + 1)) {
    const weekday = isoWeekday(day);
    for (const period of periods) {
      if (period.weekday !== weekday) continue;
      const startsAt = atClock(day, period.start);
      const endsAt = atClock(day, period.end);
      if (endsAt <= startsAt || endsAt < from || startsAt > to) continue;
      found.push({ key: `${period.id}@${localDate(day)}`, periodId: period.id, title: period.title, startsAt, endsAt });
    }
  }
  return found.sort((a, b) => a.startsAt - b.startsAt);
}

/** The occurrence in progress at `at`, if any (periods never overlap). */
export function occurrenceAt(periods: readonly Period[], at: number): Occurrence | undefined {
  return occurrencesBetween(periods, at, at).find((occurrence) => occurrence.startsAt <= at && at < occurrence.endsAt);
}

/** The next occurrence that starts after `at`, within a week. */
export function nextOccurrence(periods: readonly Period[], at: number): Occurrence | undefined {
  return occurrencesBetween(periods, at, at + 8 * DAY_MS).find((occurrence) => occurrence.startsAt > at);
}

/** A lesson started by hand this long before a period takes its name (the teacher getting ready). */
export const EARLY_START_MS = 10 * 60 * 1000;

/**
 * The period a lesson started by hand at `at` belongs to: one that starts within the next ten minutes,
 * or one in progress (not in its last minute).
 */
export function periodForManualStart(periods: readonly Period[], at: number): Occurrence | undefined {
  return occurrencesBetween(periods, at, at + EARLY_START_MS).find(
    (occurrence) => occurrence.startsAt - EARLY_START_MS <= at && at < occurrence.endsAt - 60_000,
  );
}

/**
 * The occurrences whose start fell in (after, upTo] and that are not yet `handled`: what the app did not
 * see start (it was closed, the computer asleep, the clock moved forward).
 */
export function startsBetween(periods: readonly Period[], after: number, upTo: number, handled: ReadonlySet<string>): Occurrence[] {
  if (upTo <= after) return [];
  return occurrencesBetween(periods, after, upTo).filter(
    (occurrence) => occurrence.startsAt > after && occurrence.startsAt <= upTo && !handled.has(occurrence.key),
  );
}
