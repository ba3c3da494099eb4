import { execFile } from 'node:child_process';

/**
 * The times (seconds) of the video's keyframes: where a stream copy can begin. Read from the packets
 * without decoding anything (`-c copy -f framecrc`: one line per packet, `F=0x0` on the ones that are not
 * keyframes), so an hour takes about as long as reading the file.
 *
 *   #tb 0: 1/15360
 *   0,          0,          0,      512,     8656, 0x96aee869
 *   0,        512,        512,      512,     2388, 0x144ec390, F=0x0
 */
export function parseKeyframes(framecrc: string): number[] {
  const base = /^#tb 0: (\d+)\/(\d+)$/m.exec(framecrc);
  if (!base) return [];
  const seconds = Number(base[1]) / Number(base[2]);
  const times: number[] = [];
  for (const line of framecrc.split('\n')) {
    if (line.startsWith('#') || line.includes('F=0x')) continue;
    const fields = line.split(',').map((field) => field.trim());
    if (fields.length < 6) continue;
    times.push(Math.round(Number(fields[2]) * seconds * 1000) / 1000);
  }
  return times.sort((a, b) => a - b);
}

export function readKeyframes(ffmpegPath: string, file: string, timeoutMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    execFile(
      ffmpegPath,
      ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-map', '0:v:0', '-c', 'copy', '-f', 'framecrc', '-'],
      { windowsHide: true, maxBuffer: 256 * 1024 * 1024, timeout: timeoutMs, killSignal: 'SIGKILL' },
      (error, stdout) => {
        if (error) reject(error);
        else resolve(parseKeyframes(stdout));
      },
    );
  });
}
