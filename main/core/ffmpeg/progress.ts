/**
 * Reads the position from one ffmpeg status line, e.g.
 * `frame=  150 fps=0.0 q=-1.0 size=    1024kB time=00:00:05.03 bitrate=1667.5kbits/s speed=10.1x`.
 * Answers undefined for every other line, and for `time=N/A` (printed before the first packet).
 */
export function parseProgressSeconds(line: string): number | undefined {
  const match = /\btime=\s*(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(line);
  if (!match) return undefined;
  if (match[1] === '-') return 0;
  return Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4]);
}

/** Converts a position into a 0..1 fraction of the expected length, never going backwards past 1. */
export function progressFraction(seconds: number, expectedSeconds: number): number | undefined {
  if (!(expectedSeconds > 0)) return undefined;
  return Math.min(1, Math.max(0, seconds / expectedSeconds));
}
