import { crc32, deflateSync } from 'node:zlib';
import type { DesktopPlatform } from './accelerator';
import type { RecordingState } from './tray-menu';

/**
 * The tray icon for each recording state, drawn in code and encoded as PNG: no image files to keep in step
 * with the build and the installer, and a test can look at every pixel. Idle is a ring (a record button at
 * rest), recording a solid red dot, paused two bars.
 */

/** Logical size in points; each representation is `BASE_SIZE * scaleFactor` pixels. */
export const TRAY_ICON_BASE_SIZE = 16;
export const TRAY_ICON_SCALE_FACTORS = [1, 2] as const;

type Rgb = readonly [number, number, number];
const RED: Rgb = [0xe0, 0x26, 0x2b];
const AMBER: Rgb = [0xf5, 0x9e, 0x0b];
const GREY: Rgb = [0x8a, 0x8a, 0x8a];
const BLACK: Rgb = [0, 0, 0];

/** Shapes in a unit square: true where (x, y) ∈ [0,1]² is inside the glyph. */
const GLYPHS: Record<RecordingState, (x: number, y: number) => boolean> = {
  idle: (x, y) => {
    const r = Math.hypot(x - 0.5, y - 0.5);
    return r <= 0.42 && r >= 0.27;
  },
  recording: (x, y) => Math.hypot(x - 0.5, y - 0.5) <= 0.42,
  paused: (x, y) => y >= 0.16 && y <= 0.84 && ((x >= 0.2 && x <= 0.4) || (x >= 0.6 && x <= 0.8)),
};

export interface TrayIconImage {
  /** PNG per scale factor, for `nativeImage.createFromBuffer` / `addRepresentation`. */
  representations: Array<{ scaleFactor: number; png: Buffer }>;
  /** macOS template image: black with alpha, recoloured by the system for light and dark menu bars. */
  template: boolean;
}

/**
 * The icon for a state on a platform. On macOS idle and paused are template images, as menu bar icons
 * should be; recording stays red everywhere, since a recording indicator must stand out.
 */
export function trayIconFor(state: RecordingState, platform: DesktopPlatform): TrayIconImage {
  const template = platform === 'darwin' && state !== 'recording';
  const colour = template ? BLACK : state === 'recording' ? RED : state === 'paused' ? AMBER : GREY;
  return {
    template,
    representations: TRAY_ICON_SCALE_FACTORS.map((scaleFactor) => {
      const size = TRAY_ICON_BASE_SIZE * scaleFactor;
      return { scaleFactor, png: encodePng(size, size, drawGlyph(GLYPHS[state], size, colour)) };
    }),
  };
}

/** RGBA pixels of a glyph, antialiased by 4×4 supersampling into the alpha channel. */
export function drawGlyph(inside: (x: number, y: number) => boolean, size: number, colour: Rgb): Uint8Array {
  const samples = 4;
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          if (inside((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)) hits++;
        }
      }
      const offset = (py * size + px) * 4;
      pixels.set(colour, offset);
      pixels[offset + 3] = Math.round((255 * hits) / (samples * samples));
    }
  }
  return pixels;
}

/** A minimal PNG encoder: 8-bit RGBA, no interlace, filter 0 on every row. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new RangeError('pixel buffer does not match the size');
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, adaptive filter, no interlace
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0; // filter type: none
    rows.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}
