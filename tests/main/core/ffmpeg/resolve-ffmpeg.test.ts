import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg, unpackedFromAsar, type ResolveFfmpegInput } from '../../../../main/core/ffmpeg/resolve-ffmpeg';

/**
 * Every case below runs against real files in a temp folder and the module's own on-disk executable check
 * (no isExecutable seam), so permissions and "is it a file" are exercised for real.
 */
let root: string;

async function makeFile(relative: string, mode: number): Promise<string> {
  const file = path.join(root, relative);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, '#!/bin/sh\nexit 0\n');
  await fs.chmod(file, mode);
  return file;
}

function input(overrides: Partial<ResolveFfmpegInput> = {}): ResolveFfmpegInput {
  return { env: {}, searchPath: [], platform: 'linux', ...overrides };
}

// Paths filled in beforeAll.
let settingBin: string;
let envBin: string;
let staticBinUnpacked: string;
let staticBinInsideAsar: string;
let pathDirA: string;
let pathDirB: string;
let pathDirEmpty: string;
let pathDirNotExecutable: string;
let pathDirWindows: string;
let pathDirWithFolderNamedFfmpeg: string;
let notExecutable: string;
let missing: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-units-resolve-'));
  settingBin = await makeFile('setting/ffmpeg', 0o755);
  envBin = await makeFile('env/ffmpeg', 0o755);
  // ffmpeg-static reports a path inside app.asar; electron-builder unpacks the binary beside the archive.
  staticBinUnpacked = await makeFile('resources/app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg', 0o755);
  staticBinInsideAsar = path.join(root, 'resources/app.asar/node_modules/ffmpeg-static/ffmpeg');
  pathDirA = path.dirname(await makeFile('bin-a/ffmpeg', 0o755));
  pathDirB = path.dirname(await makeFile('bin-b/ffmpeg', 0o755));
  pathDirEmpty = path.join(root, 'bin-empty');
  await fs.mkdir(pathDirEmpty);
  pathDirNotExecutable = path.dirname(await makeFile('bin-noexec/ffmpeg', 0o644));
  pathDirWindows = path.dirname(await makeFile('bin-win/ffmpeg.exe', 0o755));
  pathDirWithFolderNamedFfmpeg = path.join(root, 'bin-folder');
  await fs.mkdir(path.join(pathDirWithFolderNamedFfmpeg, 'ffmpeg'), { recursive: true });
  notExecutable = await makeFile('plain/ffmpeg', 0o644);
  missing = path.join(root, 'nowhere', 'ffmpeg');
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('unpackedFromAsar', () => {
  it('rewrites a POSIX path inside app.asar to app.asar.unpacked', () => {
    expect(unpackedFromAsar('/opt/Classroom Recorder/resources/app.asar/node_modules/ffmpeg-static/ffmpeg')).toBe(
      '/opt/Classroom Recorder/resources/app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg',
    );
  });

  it('rewrites a Windows path with backslashes', () => {
    expect(unpackedFromAsar('C:\\Program Files\\Classroom Recorder\\resources\\app.asar\\node_modules\\ffmpeg-static\\ffmpeg.exe')).toBe(
      'C:\\Program Files\\Classroom Recorder\\resources\\app.asar.unpacked\\node_modules\\ffmpeg-static\\ffmpeg.exe',
    );
  });

  it('leaves a path that is not inside an asar archive unchanged', () => {
    expect(unpackedFromAsar('/work/node_modules/ffmpeg-static/ffmpeg')).toBe('/work/node_modules/ffmpeg-static/ffmpeg');
    expect(unpackedFromAsar('C:\\tools\\ffmpeg.exe')).toBe('C:\\tools\\ffmpeg.exe');
  });

  it('does not rewrite an already unpacked path a second time', () => {
    const unpacked = '/app/resources/app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg';
    expect(unpackedFromAsar(unpacked)).toBe(unpacked);
    expect(unpackedFromAsar(unpackedFromAsar('/app/resources/app.asar/ffmpeg'))).toBe('/app/resources/app.asar.unpacked/ffmpeg');
  });

  it('only matches a whole "app.asar" path segment', () => {
    expect(unpackedFromAsar('/data/myapp.asar/ffmpeg')).toBe('/data/myapp.asar/ffmpeg');
    expect(unpackedFromAsar('/data/app.asarx/ffmpeg')).toBe('/data/app.asarx/ffmpeg');
  });
});

describe('resolveFfmpeg resolution order', () => {
  const everything = () =>
    input({
      explicitPath: settingBin,
      env: { FFMPEG_PATH: envBin },
      ffmpegStaticPath: staticBinInsideAsar,
      searchPath: [pathDirA],
    });

  it('uses the explicit setting first when it is executable', () => {
    expect(resolveFfmpeg(everything())).toEqual({ available: true, source: 'setting', path: settingBin });
  });

  it('uses FFMPEG_PATH when there is no explicit setting', () => {
    expect(resolveFfmpeg({ ...everything(), explicitPath: undefined })).toEqual({ available: true, source: 'env', path: envBin });
  });

  it('treats an empty explicit setting and an empty FFMPEG_PATH as "not configured"', () => {
    const status = resolveFfmpeg({ ...everything(), explicitPath: '', env: { FFMPEG_PATH: '' } });
    expect(status.source).toBe('ffmpeg-static');
    expect(status.available).toBe(true);
  });

  it('uses the ffmpeg-static binary, unpacked from app.asar, when nothing is configured', () => {
    const status = resolveFfmpeg({ ...everything(), explicitPath: undefined, env: {} });
    expect(status).toEqual({ available: true, source: 'ffmpeg-static', path: staticBinUnpacked });
  });

  it('uses an ffmpeg-static path that is not inside an asar as is', () => {
    const status = resolveFfmpeg(input({ ffmpegStaticPath: envBin, searchPath: [pathDirA] }));
    expect(status).toEqual({ available: true, source: 'ffmpeg-static', path: envBin });
  });

  it('falls through to PATH when ffmpeg-static is absent (undefined or null)', () => {
    for (const ffmpegStaticPath of [undefined, null]) {
      expect(resolveFfmpeg(input({ ffmpegStaticPath, searchPath: [pathDirA] }))).toEqual({
        available: true,
        source: 'path',
        path: path.join(pathDirA, 'ffmpeg'),
      });
    }
  });

  it('falls through to PATH when the ffmpeg-static binary is missing on disk', () => {
    const status = resolveFfmpeg(input({ ffmpegStaticPath: path.join(root, 'gone/app.asar/ffmpeg'), searchPath: [pathDirA] }));
    expect(status).toEqual({ available: true, source: 'path', path: path.join(pathDirA, 'ffmpeg') });
  });

  it('falls through to PATH when the ffmpeg-static file is not executable', () => {
    const status = resolveFfmpeg(input({ ffmpegStaticPath: notExecutable, searchPath: [pathDirB] }));
    expect(status).toEqual({ available: true, source: 'path', path: path.join(pathDirB, 'ffmpeg') });
  });
});

describe('resolveFfmpeg PATH search', () => {
  it('takes the first PATH folder that holds an executable ffmpeg, skipping empty entries', () => {
    const status = resolveFfmpeg(input({ searchPath: ['', pathDirEmpty, path.join(root, 'no-such-dir'), pathDirA, pathDirB] }));
    expect(status).toEqual({ available: true, source: 'path', path: path.join(pathDirA, 'ffmpeg') });
  });

  it('keeps PATH order: the earlier folder wins', () => {
    expect(resolveFfmpeg(input({ searchPath: [pathDirB, pathDirA] })).path).toBe(path.join(pathDirB, 'ffmpeg'));
  });

  it('skips an ffmpeg on PATH that is not executable (mode 644)', () => {
    const status = resolveFfmpeg(input({ searchPath: [pathDirNotExecutable, pathDirB] }));
    expect(status).toEqual({ available: true, source: 'path', path: path.join(pathDirB, 'ffmpeg') });
  });

  it('skips a folder that happens to be named ffmpeg', () => {
    const status = resolveFfmpeg(input({ searchPath: [pathDirWithFolderNamedFfmpeg, pathDirA] }));
    expect(status.path).toBe(path.join(pathDirA, 'ffmpeg'));
  });

  it('looks for ffmpeg.exe on win32', () => {
    const status = resolveFfmpeg(input({ platform: 'win32', searchPath: [pathDirA, pathDirWindows] }));
    expect(status).toEqual({ available: true, source: 'path', path: path.join(pathDirWindows, 'ffmpeg.exe') });
  });

  it('does not accept ffmpeg.exe on Linux or macOS', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      expect(resolveFfmpeg(input({ platform, searchPath: [pathDirWindows] })).available).toBe(false);
    }
  });
});

describe('resolveFfmpeg when a configured ffmpeg cannot be run', () => {
  it('reports a missing explicit setting instead of silently using another ffmpeg', () => {
    const status = resolveFfmpeg(input({ explicitPath: missing, env: { FFMPEG_PATH: envBin }, ffmpegStaticPath: staticBinUnpacked, searchPath: [pathDirA] }));
    expect(status.available).toBe(false);
    expect(status.source).toBe('setting');
    expect(status.path).toBe(missing);
    expect(status.problem).toContain(missing);
    expect(status.problem).toContain('settings');
  });

  it('reports a non-executable explicit setting (mode 644)', () => {
    const status = resolveFfmpeg(input({ explicitPath: notExecutable, searchPath: [pathDirA] }));
    expect(status).toMatchObject({ available: false, source: 'setting', path: notExecutable });
    expect(status.problem).toContain(notExecutable);
  });

  it('reports an explicit setting that points at a folder', () => {
    const folder = path.join(pathDirWithFolderNamedFfmpeg, 'ffmpeg');
    const status = resolveFfmpeg(input({ explicitPath: folder, searchPath: [pathDirA] }));
    expect(status).toMatchObject({ available: false, source: 'setting', path: folder });
  });

  it('reports a missing FFMPEG_PATH instead of silently falling back', () => {
    const status = resolveFfmpeg(input({ env: { FFMPEG_PATH: missing }, ffmpegStaticPath: staticBinUnpacked, searchPath: [pathDirA] }));
    expect(status.available).toBe(false);
    expect(status.source).toBe('env');
    expect(status.path).toBe(missing);
    expect(status.problem).toContain('FFMPEG_PATH');
    expect(status.problem).toContain(missing);
  });

  it('reports a non-executable FFMPEG_PATH', () => {
    const status = resolveFfmpeg(input({ env: { FFMPEG_PATH: notExecutable }, searchPath: [pathDirA] }));
    expect(status).toMatchObject({ available: false, source: 'env', path: notExecutable });
  });

  it('tells the teacher their recordings are safe and what to do', () => {
    const status = resolveFfmpeg(input({ explicitPath: missing }));
    expect(status.problem).toMatch(/ffmpeg/);
    expect(status.problem).toMatch(/kept safe/);
    expect(status.problem).toMatch(/Reinstall Classroom Recorder|IT support/);
  });
});

describe('resolveFfmpeg when no ffmpeg exists anywhere', () => {
  it('answers unavailable with a teacher-readable problem and no source or path', () => {
    const status = resolveFfmpeg(input({ ffmpegStaticPath: undefined, searchPath: [pathDirEmpty, pathDirNotExecutable, pathDirWithFolderNamedFfmpeg] }));
    expect(status.available).toBe(false);
    expect(status.source).toBeUndefined();
    expect(status.path).toBeUndefined();
    expect(status.problem).toBeTruthy();
    expect(status.problem).toContain('ffmpeg');
    expect(status.problem).toContain('MP4');
    // Plain language: a full sentence, no stack traces or error codes.
    expect(status.problem).not.toMatch(/ENOENT|EACCES|Error:|at \w+ \(/);
    expect(status.problem!.length).toBeGreaterThan(40);
  });

  it('answers unavailable with an empty PATH', () => {
    expect(resolveFfmpeg(input()).available).toBe(false);
  });

  it('still uses the injected isExecutable seam when one is given', () => {
    const asked: string[] = [];
    const status = resolveFfmpeg(
      input({
        ffmpegStaticPath: '/r/app.asar/ffmpeg',
        searchPath: ['/x'],
        isExecutable: (file) => {
          asked.push(file);
          return false;
        },
      }),
    );
    expect(status.available).toBe(false);
    expect(asked).toEqual(['/r/app.asar.unpacked/ffmpeg', path.join('/x', 'ffmpeg')]);
  });
});
