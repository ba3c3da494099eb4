import { describe, expect, it } from 'vitest';
import { parseProgressSeconds, progressFraction } from '../../../../main/core/ffmpeg/progress';

/** Status lines exactly as ffmpeg 5.1 prints them to stderr (each one ends in \r on a terminal). */
const VIDEO_LINE = 'frame=  150 fps=0.0 q=-1.0 size=    1024kB time=00:00:05.03 bitrate=1667.5kbits/s speed=10.1x';
const AUDIO_ONLY_LINE = 'size=     512kB time=01:02:03.50 bitrate= 1.1kbits/s speed=  50x';
const FIRST_LINE = 'frame=    1 fps=0.0 q=0.0 size=       0kB time=00:00:00.00 bitrate=N/A speed=   0x    ';
const FINAL_LINE = 'frame=   75 fps=0.0 q=-1.0 Lsize=     288kB time=00:00:03.01 bitrate= 780.5kbits/s speed=46.4x    ';
const NOT_YET_LINE = 'frame=    0 fps=0.0 q=0.0 size=       0kB time=N/A bitrate=N/A speed=N/A    ';
const NEGATIVE_LINE = 'frame=    0 fps=0.0 q=0.0 size=       0kB time=-00:00:00.02 bitrate=N/A speed=N/A    ';

describe('parseProgressSeconds', () => {
  it('reads time= from a video status line', () => {
    expect(parseProgressSeconds(VIDEO_LINE)).toBeCloseTo(5.03, 6);
  });

  it('reads hours, minutes and seconds from an audio-only status line', () => {
    expect(parseProgressSeconds(AUDIO_ONLY_LINE)).toBeCloseTo(1 * 3600 + 2 * 60 + 3.5, 6);
  });

  it('reads zero from the first status line', () => {
    expect(parseProgressSeconds(FIRST_LINE)).toBe(0);
  });

  it('reads the final Lsize= status line', () => {
    expect(parseProgressSeconds(FINAL_LINE)).toBeCloseTo(3.01, 6);
  });

  it('answers undefined for time=N/A (before the first packet)', () => {
    expect(parseProgressSeconds(NOT_YET_LINE)).toBeUndefined();
    expect(parseProgressSeconds('size=N/A time=N/A bitrate=N/A speed=N/A')).toBeUndefined();
  });

  it('clamps a negative time (leading B-frames / negative start) to 0', () => {
    expect(parseProgressSeconds(NEGATIVE_LINE)).toBe(0);
    expect(parseProgressSeconds('size=0kB time=-00:01:30.00 bitrate=N/A')).toBe(0);
  });

  it('handles a lesson longer than 99 hours and whole seconds without a fraction', () => {
    expect(parseProgressSeconds('size=1kB time=100:00:00 bitrate=1kbits/s')).toBe(360_000);
    expect(parseProgressSeconds('time=00:10:07 bitrate=1kbits/s')).toBe(607);
  });

  it('still parses when the line carries the carriage return ffmpeg uses to redraw', () => {
    expect(parseProgressSeconds(`${VIDEO_LINE}    \r`)).toBeCloseTo(5.03, 6);
  });

  it('answers undefined for lines that are not status lines', () => {
    const unrelated = [
      '',
      "Input #0, matroska,webm, from 'pipe:0':",
      '  Duration: 00:00:05.03, start: 0.000000, bitrate: 1667 kb/s',
      '  Stream #0:0: Video: h264 (Constrained Baseline), yuv420p(progressive), 640x360, 30 fps, 30 tbr, 1k tbn',
      'Press [q] to stop, [?] for help',
      'video:283kB audio:0kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: 1.6%',
      '[matroska,webm @ 0x55d2f3099880] Element at 0x1a ending at 0x2b exceeds containing master element',
      'frame=  150 fps=0.0 q=-1.0 size=    1024kB bitrate=1667.5kbits/s speed=10.1x',
    ];
    for (const line of unrelated) expect(parseProgressSeconds(line), line).toBeUndefined();
  });

  it('does not mistake other keys that end in "time=" for the position', () => {
    // -progress output and similar keys must not be read as the encoder position.
    expect(parseProgressSeconds('out_time=00:00:09.00')).toBeUndefined();
    expect(parseProgressSeconds('start_time=00:00:09.00')).toBeUndefined();
  });

  it('rejects malformed times instead of guessing', () => {
    expect(parseProgressSeconds('time=5.03')).toBeUndefined();
    expect(parseProgressSeconds('time=00:0:05.03')).toBeUndefined();
    expect(parseProgressSeconds('time=aa:bb:cc')).toBeUndefined();
  });
});

describe('progressFraction', () => {
  it('is the position divided by the expected length', () => {
    expect(progressFraction(30, 120)).toBe(0.25);
    expect(progressFraction(0, 120)).toBe(0);
    expect(progressFraction(120, 120)).toBe(1);
  });

  it('never exceeds 1 when ffmpeg runs past the expected length', () => {
    expect(progressFraction(130, 120)).toBe(1);
    expect(progressFraction(1e9, 1)).toBe(1);
  });

  it('never goes below 0', () => {
    expect(progressFraction(-5, 120)).toBe(0);
  });

  it('answers undefined when the expected length is unknown, zero, negative or not a number', () => {
    expect(progressFraction(10, 0)).toBeUndefined();
    expect(progressFraction(10, -1)).toBeUndefined();
    expect(progressFraction(10, Number.NaN)).toBeUndefined();
  });

  it('works end to end on a parsed status line', () => {
    const seconds = parseProgressSeconds(VIDEO_LINE)!;
    expect(progressFraction(seconds, 10.06)).toBeCloseTo(0.5, 6);
  });
});
