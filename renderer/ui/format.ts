/** `3725` → `01:02:05`. */
export function formatClock(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}

/**
 * `1:02:05`, `62:05`, `5:00`, `300` → seconds; undefined when it is not a time in the lesson. A Chinese
 * input method types the full-width colon and digits (`５：００`), which count the same.
 */
export function parseLessonTime(text: string): number | undefined {
  const halfWidth = text.replace(/[\uFF10-\uFF19\uFF1A]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0));
  const parts = halfWidth.trim().split(':');
  if (parts.length > 3 || parts.some((part) => !/^\d+(\.\d+)?$/.test(part))) return undefined;
  return parts.reduce((total, part) => total * 60 + Number(part), 0);
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
