import { describe, expect, it } from 'vitest';
import { parseLessonFileName, RECOVERED_MARKS } from '../../common/lesson-names';

describe('lesson file names, read back in one place', () => {
  it('knows the recovered mark in every language', () => {
    expect(RECOVERED_MARKS).toEqual(['(recovered)', '(已恢复)']);
  });

  it('reads the title, the date, the recovered mark and the copy number, in English or Chinese', () => {
    expect(parseLessonFileName('Fractions, Year 5 2026-03-01 10-30.mp4')).toEqual({ title: 'Fractions, Year 5', stamp: '2026-03-01 10-30' });
    expect(parseLessonFileName('Lesson 2026-03-01 10-30 (recovered) (2).mp4')).toEqual({
      title: 'Lesson',
      stamp: '2026-03-01 10-30',
      recoveredMark: ' (recovered)',
      copy: 2,
    });
    expect(parseLessonFileName('课堂 2026-03-01 10-30 (已恢复).mp4')).toEqual({ title: '课堂', stamp: '2026-03-01 10-30', recoveredMark: ' (已恢复)' });
    expect(parseLessonFileName('Maths 2026-03-01 10-30 (3).MP4')).toEqual({ title: 'Maths', stamp: '2026-03-01 10-30', copy: 3 });
    // A name the teacher gave by hand: all of it is the title.
    expect(parseLessonFileName('My video (recovered).mp4')).toEqual({ title: 'My video (recovered)' });
  });
});
