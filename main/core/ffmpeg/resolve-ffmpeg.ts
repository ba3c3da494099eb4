import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FfmpegStatus } from '../../../common/ipc-contract';

export interface ResolveFfmpegInput {
  /** Path the teacher or admin set in the settings file. */
  explicitPath?: string;
  /** Usually `process.env`. */
  env: Record<string, string | undefined>;
  /** What `require('ffmpeg-static')` returned, or undefined when the optional package is absent. */
  ffmpegStaticPath?: string | null;
  /** Usually `process.env.PATH` split by the platform's delimiter. */
  searchPath: string[];
  platform: NodeJS.Platform;
  /** Test seam: defaults to a real executable check on disk. */
  isExecutable?: (file: string) => boolean;
}

/** A binary inside app.asar cannot be spawned; electron-builder's asarUnpack puts it beside the archive. */
export function unpackedFromAsar(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

function defaultIsExecutable(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return false;
    if (process.platform === 'win32') return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const MISSING_HELP =
  'The video converter (ffmpeg) was not found. Lessons are still recorded and kept safe, ' +
  'but they cannot be turned into MP4 files until ffmpeg is installed. ' +
  'Reinstall Classroom Recorder, or ask your IT support to install ffmpeg.';

/**
 * Finds ffmpeg in one fixed order: explicit setting, `FFMPEG_PATH`, the ffmpeg-static binary
 * (unpacked from the asar when packaged), then `ffmpeg` on PATH. A configured path that does not exist is
 * reported rather than silently skipped: the teacher or admin asked for that binary.
 */
export function resolveFfmpeg(input: ResolveFfmpegInput): FfmpegStatus {
  const isExecutable = input.isExecutable ?? defaultIsExecutable;
  const configured: Array<{ source: 'setting' | 'env'; file?: string }> = [
    { source: 'setting', file: input.explicitPath },
    { source: 'env', file: input.env.FFMPEG_PATH },
  ];
  for (const { source, file } of configured) {
    if (!file) continue;
    if (isExecutable(file)) return { available: true, source, path: file };
    const where = source === 'setting' ? 'in the settings' : 'in FFMPEG_PATH';
    return { available: false, source, path: file, problem: `The ffmpeg set ${where} (${file}) cannot be run. ${MISSING_HELP}` };
  }

  if (input.ffmpegStaticPath) {
    const file = unpackedFromAsar(input.ffmpegStaticPath);
    if (isExecutable(file)) return { available: true, source: 'ffmpeg-static', path: file };
  }

  const exe = input.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg';
  for (const dir of input.searchPath) {
    if (!dir) continue;
    const file = path.join(dir, exe);
    if (isExecutable(file)) return { available: true, source: 'path', path: file };
  }
  return { available: false, problem: MISSING_HELP };
}

/** Reads ffmpeg-static's export without failing when the optional package did not install. */
export function loadFfmpegStaticPath(): string | null {
  try {
    const value: unknown = createRequire(import.meta.url)('ffmpeg-static');
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** The resolution the app uses at run time, from the real environment. */
export function resolveFfmpegFromEnvironment(explicitPath?: string): FfmpegStatus {
  return resolveFfmpeg({
    explicitPath,
    env: process.env,
    ffmpegStaticPath: loadFfmpegStaticPath(),
    searchPath: (process.env.PATH ?? '').split(path.delimiter),
    platform: process.platform,
  });
}
