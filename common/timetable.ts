import * as v from 'valibot';

/**
 * The week's lessons, as the teacher enters them once: weekday, start, end, title. A setting
 * (common/settings.ts `timetable`); the schedule itself is main's (main/core/timetable/).
 */

/** ISO weekdays: 1 = Monday … 7 = Sunday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `HH:MM`, 24-hour, as `<input type="time">` gives it whatever the OS shows. */
const Clock = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'is not a time of day (HH:MM)'));

export const PeriodShape = v.pipe(
  v.strictObject({
    id: v.pipe(v.string(), v.regex(/^[0-9a-z-]{1,40}$/, 'is not a period id')),
    weekday: v.picklist(WEEKDAYS, 'is not a weekday'),
    start: Clock,
    end: Clock,
    title: v.pipe(v.string(), v.maxLength(120, 'is longer than 120 characters')),
  }),
  v.check((period) => minutesOf(period.end) > minutesOf(period.start), 'ends before it starts'),
);
export type Period = v.InferOutput<typeof PeriodShape>;

/** A whole timetable: at most 100 periods, no two of which overlap. */
export const TimetableShape = v.pipe(
  v.array(PeriodShape),
  v.maxLength(100, 'has more than 100 periods'),
  v.check((periods) => overlappingPeriods(periods).length === 0, 'has periods that overlap'),
  v.check((periods) => new Set(periods.map((period) => period.id)).size === periods.length, 'has two periods with one id'),
);

/**
 * The periods of a hand-edited or damaged settings file that can be kept: each of its shape, and none that
 * overlaps one kept before it. One bad line never costs the teacher the whole week.
 */
export function usablePeriods(raw: readonly unknown[]): Period[] {
  const kept: Period[] = [];
  for (const item of raw.slice(0, 100)) {
    const parsed = v.safeParse(PeriodShape, item);
    if (parsed.success && overlappingPeriods([...kept, parsed.output]).length === 0 && !kept.some((period) => period.id === parsed.output.id)) {
      kept.push(parsed.output);
    }
  }
  return kept;
}

/** Minutes since midnight of `HH:MM`. */
export function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** Pairs of periods on the same weekday whose times overlap (touching end to start is fine). */
export function overlappingPeriods(periods: readonly Period[]): Array<[Period, Period]> {
  const pairs: Array<[Period, Period]> = [];
  periods.forEach((a, i) => {
    for (const b of periods.slice(i + 1)) {
      if (a.weekday === b.weekday && minutesOf(a.start) < minutesOf(b.end) && minutesOf(b.start) < minutesOf(a.end)) pairs.push([a, b]);
    }
  });
  return pairs;
}

const WEEKDAY_WORDS: Record<string, Weekday> = {
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
  sun: 7,
  sunday: 7,
  周一: 1,
  星期一: 1,
  礼拜一: 1,
  周二: 2,
  星期二: 2,
  礼拜二: 2,
  周三: 3,
  星期三: 3,
  礼拜三: 3,
  周四: 4,
  星期四: 4,
  礼拜四: 4,
  周五: 5,
  星期五: 5,
  礼拜五: 5,
  周六: 6,
  星期六: 6,
  礼拜六: 6,
  周日: 7,
  周天: 7,
  星期日: 7,
  星期天: 7,
  礼拜日: 7,
  礼拜天: 7,
};

/** `8:05`, `08.05`, `0805`, `8:05am`, `1:30 pm` → `HH:MM`; undefined when it is not a time. */
export function normalizeClock(text: string): string | undefined {
  const match = /^(\d{1,2})(?:[:.h：]?(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/i.exec(text.trim());
  if (!match) return undefined;
  let hours = Number(match[1]);
  const minutes = Number(match[2] ?? '0');
  const half = match[3]?.toLowerCase().replace(/\./g, '');
  if (half === 'pm' && hours < 12) hours += 12;
  if (half === 'am' && hours === 12) hours = 0;
  if (hours > 23 || minutes > 59) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

export interface PastedPeriods {
  periods: Array<Omit<Period, 'id'>>;
  /** Lines that are not a period, as typed (1-based line numbers), for the teacher to look at. */
  unreadable: number[];
}

/**
 * Periods typed or pasted as text, one a line, the way a school day is written down or copied out of a
 * spreadsheet: `Mon 08:00-08:45 7B Maths`, `Monday<TAB>8:00<TAB>8:45<TAB>7B Maths`, `周一 8:00–8:45 七年级数学`.
 */
export function parsePeriods(text: string): PastedPeriods {
  const result: PastedPeriods = { periods: [], unreadable: [] };
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const match =
      /^(\S+?)[\s,;]+(\d{1,2}(?:[:.：]\d{2})?\s*(?:[ap]\.?m\.?)?)\s*(?:-|–|—|~|to|至|到|\t|,|;|\s)\s*(\d{1,2}(?:[:.：]\d{2})?\s*(?:[ap]\.?m\.?)?)[\s,;]*(.*)$/i.exec(
        line,
      );
    const weekday = match ? WEEKDAY_WORDS[match[1]!.toLowerCase().replace(/[.,:]$/, '')] : undefined;
    const start = match && normalizeClock(match[2]!);
    const end = match && normalizeClock(match[3]!);
    if (!match || !weekday || !start || !end || minutesOf(end) <= minutesOf(start)) {
      result.unreadable.push(index + 1);
      return;
    }
    result.periods.push({ weekday, start, end, title: match[4]!.trim().slice(0, 120) });
  });
  return result;
}
