import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { normalizeClock, parsePeriods, TimetableShape } from '../../common/timetable';

describe('the timetable as the teacher enters it', () => {
  it('reads periods typed or pasted as text, in English and Chinese, one a line', () => {
    const pasted = parsePeriods(
      [
        'Mon 08:00-08:45 7B Maths',
        'Tuesday\t8:50\t9:35\t8A Physics',
        '周三 8:00–8:45 七年级数学',
        '星期五 13:30 至 14:15 班会',
        'Thu 1:30 pm - 2:15 pm Art',
        'lunch',
        'Fri 10:00-09:00 backwards',
        '',
      ].join('\n'),
    );
    expect(pasted.periods).toEqual([
      { weekday: 1, start: '08:00', end: '08:45', title: '7B Maths' },
      { weekday: 2, start: '08:50', end: '09:35', title: '8A Physics' },
      { weekday: 3, start: '08:00', end: '08:45', title: '七年级数学' },
      { weekday: 5, start: '13:30', end: '14:15', title: '班会' },
      { weekday: 4, start: '13:30', end: '14:15', title: 'Art' },
    ]);
    expect(pasted.unreadable).toEqual([6, 7]);
  });

  it('times in the forms people write them', () => {
    expect(['8:05', '08.05', '0805', '8:05am', '12:00 am', '1:30 pm', '8', '24:00', '8:61'].map(normalizeClock)).toEqual([
      '08:05',
      '08:05',
      '08:05',
      '08:05',
      '00:00',
      '13:30',
      '08:00',
      undefined,
      undefined,
    ]);
  });

  it('refuses two periods that overlap, and one that ends before it starts; touching end to start is fine', () => {
    const period = (id: string, start: string, end: string, weekday = 1) => ({ id, weekday, start, end, title: id });
    expect(v.safeParse(TimetableShape, [period('a', '08:00', '08:45'), period('b', '08:45', '09:30')]).success).toBe(true);
    expect(v.safeParse(TimetableShape, [period('a', '08:00', '08:45'), period('b', '08:30', '09:30', 2)]).success).toBe(true);
    const overlap = v.safeParse(TimetableShape, [period('a', '08:00', '08:45'), period('b', '08:30', '09:30')]);
    expect(overlap.success).toBe(false);
    expect(overlap.issues?.[0]?.message).toBe('has periods that overlap');
    expect(v.safeParse(TimetableShape, [period('a', '09:00', '08:45')]).success).toBe(false);
  });
});
