/** `3725` → `01:02:05`. */
export function formatClock(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}

/** Hours of recording the free space holds at a bitrate, rounded down to a tenth. */
export function hoursOfRecording(freeBytes: number, bitsPerSecond: number): number {
  return Math.floor((freeBytes * 8) / bitsPerSecond / 360) / 10;
}

/** `1536000` → `1.5 MB`: teachers think of lesson files in MB and GB. */
export function formatSize(bytes: number): string {
  const mb = bytes / 1_000_000;
  return mb >= 1000 ? `${(mb / 1000).toFixed(1)} GB` : `${mb.toFixed(1)} MB`;
}
