import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { RawCaptureSource } from '../../main/core/capture-sources/source-model';

const run = promisify(execFile);

/** A real PNG made by ffmpeg (a lavfi test pattern or colour), as the data URL `NativeImage.toDataURL()` gives. */
export async function pngDataUrl(source: string, width = 320, height = 180): Promise<string> {
  const { stdout } = await run(
    'ffmpeg',
    [
      '-hide_banner',
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      `${source}${source.includes('=') ? ':' : '='}size=${width}x${height}`,
      '-frames:v',
      '1',
      '-f',
      'image2pipe',
      '-c:v',
      'png',
      'pipe:1',
    ],
    { encoding: 'buffer', maxBuffer: 8 * 1024 * 1024 },
  );
  return `data:image/png;base64,${stdout.toString('base64')}`;
}

/**
 * What `desktopCapturer.getSources` would give on a teacher's computer with two screens and three windows,
 * one of them the app's own (`window:900:0`), listed in the mixed order the system uses; real PNG
 * thumbnails of distinct test patterns.
 */
export async function fakeDesktopSources(): Promise<RawCaptureSource[]> {
  const [testsrc, smpte, red, blue, green] = await Promise.all(
    ['testsrc', 'smptebars', 'color=c=red', 'color=c=blue', 'color=c=green'].map((pattern) => pngDataUrl(pattern)),
  );
  return [
    { id: 'window:501:0', name: 'Fractions — Slides', display_id: '', thumbnail: red, appIcon: await pngDataUrl('color=c=orange', 32, 32) },
    { id: 'screen:0:0', name: 'Entire screen', display_id: '2001', thumbnail: testsrc },
    { id: 'window:900:0', name: 'Classroom Recorder', display_id: '', thumbnail: green },
    { id: 'screen:1:0', name: 'Screen 2', display_id: '2002', thumbnail: smpte },
    { id: 'window:502:0', name: 'Worksheet.pdf', display_id: '', thumbnail: blue },
  ];
}
