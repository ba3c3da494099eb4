import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { drawGlyph, encodePng, TRAY_ICON_BASE_SIZE, trayIconFor } from '../../../../main/core/desktop/tray-icon';

/** A small PNG reader for what encodePng writes (RGBA, filter 0): checks the CRCs and returns the pixels. */
function decodePng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  const types: string[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    const crc = png.readUInt32BE(offset + 8 + length);
    expect(crc, type).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
    types.push(type);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([...body.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
  const raw = inflateSync(Buffer.concat(data));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    raw.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, pixels };
}

/** Independent CRC-32 (bitwise), so the test does not trust the encoder's own. */
function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pixel(image: { width: number; pixels: Buffer }, x: number, y: number): number[] {
  const offset = (y * image.width + x) * 4;
  return [...image.pixels.subarray(offset, offset + 4)];
}

describe('tray icons', () => {
  it('encodes valid RGBA PNGs that decode back to the drawn pixels', () => {
    const drawn = drawGlyph((x) => x < 0.5, 8, [10, 20, 30]);
    const image = decodePng(encodePng(8, 8, drawn));
    expect(image).toMatchObject({ width: 8, height: 8 });
    expect(Buffer.compare(image.pixels, Buffer.from(drawn))).toBe(0);
    expect(pixel(image, 0, 0)).toEqual([10, 20, 30, 255]);
    expect(pixel(image, 7, 7)).toEqual([10, 20, 30, 0]);
  });

  it('has a 1x and a 2x picture per state, and the three states look different', () => {
    const centres: Record<string, number[]> = {};
    for (const state of ['idle', 'recording', 'paused'] as const) {
      const icon = trayIconFor(state, 'win32');
      expect(icon.template).toBe(false);
      expect(icon.representations.map((r) => r.scaleFactor)).toEqual([1, 2]);
      for (const { scaleFactor, png } of icon.representations) {
        const image = decodePng(png);
        expect(image.width).toBe(TRAY_ICON_BASE_SIZE * scaleFactor);
        expect(pixel(image, 0, 0)[3], 'corners stay transparent').toBe(0);
      }
      const large = decodePng(icon.representations[1]!.png);
      centres[state] = pixel(large, 16, 16);
    }
    expect(centres.idle![3], 'idle is a ring: its centre is empty').toBe(0);
    expect(centres.recording, 'recording is a solid red dot').toEqual([0xe0, 0x26, 0x2b, 255]);
    expect(centres.paused![3], 'paused: the gap between the bars is empty').toBe(0);
    const pausedBar = pixel(decodePng(trayIconFor('paused', 'win32').representations[1]!.png), 9, 16);
    expect(pausedBar[3]).toBe(255);
  });

  it('uses macOS template images (black + alpha) except for the red recording dot', () => {
    expect(trayIconFor('idle', 'darwin').template).toBe(true);
    expect(trayIconFor('paused', 'darwin').template).toBe(true);
    expect(trayIconFor('recording', 'darwin').template).toBe(false);
    const bar = pixel(decodePng(trayIconFor('paused', 'darwin').representations[1]!.png), 9, 16);
    expect(bar).toEqual([0, 0, 0, 255]);
  });
});
