import { describe, expect, it } from 'vitest';
import { canComposeInPlanes, drawSlot, scaleToSlot, yuvToRgbCoefficients, type PlanePicture } from '../../../renderer/capture/frame-planes';

const BT601 = { matrix: 'smpte170m', fullRange: false };
const BT709 = { matrix: 'bt709', fullRange: false };

/** A tightly packed I420 picture whose samples come from functions of the position. */
function i420(width: number, height: number, luma: (x: number, y: number) => number, u = 128, v = 128): PlanePicture {
  const cw = Math.ceil(width / 2);
  const ch = Math.ceil(height / 2);
  const data = new Uint8Array(width * height + 2 * cw * ch);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = luma(x, y);
  data.fill(u, width * height, width * height + cw * ch);
  data.fill(v, width * height + cw * ch);
  return {
    format: 'I420',
    width,
    height,
    data,
    layout: [
      { offset: 0, stride: width },
      { offset: width * height, stride: cw },
      { offset: width * height + cw * ch, stride: cw },
    ],
  };
}

/** The same colours as NV12 (U and V interleaved), with padded rows as some capturers give. */
function nv12(width: number, height: number, luma: number, u: number, v: number, pad = 16): PlanePicture {
  const stride = width + pad;
  const data = new Uint8Array(stride * height + stride * Math.ceil(height / 2));
  data.fill(luma, 0, stride * height);
  for (let i = stride * height; i < data.length; i += 2) {
    data[i] = u;
    data[i + 1] = v;
  }
  return {
    format: 'NV12',
    width,
    height,
    data,
    layout: [
      { offset: 0, stride },
      { offset: stride * height, stride },
    ],
  };
}

function rgbFrame(format: 'BGRA' | 'RGBX', width: number, height: number, fill: [number, number, number, number]): PlanePicture {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(fill, i);
  return { format, width, height, data, layout: [{ offset: 0, stride: width * 4 }] };
}

const lumaAt = (p: PlanePicture, x: number, y: number) => p.data[p.layout[0]!.offset + y * p.layout[0]!.stride + x]!;

describe('which frames are composed in their bytes', () => {
  it('a YUV camera into a YUV screen of the same colour space, or into any RGB screen', () => {
    expect(canComposeInPlanes({ format: 'I420', colorSpace: BT601 }, { format: 'I420', colorSpace: BT601 })).toBe(true);
    expect(canComposeInPlanes({ format: 'NV12', colorSpace: BT601 }, { format: 'I420', colorSpace: BT601 })).toBe(true);
    expect(canComposeInPlanes({ format: 'BGRA', colorSpace: {} }, { format: 'NV12', colorSpace: BT709 })).toBe(true);
    // Unspecified is BT.601 limited, as Chromium takes it; 'bt470bg' is the same matrix as 'smpte170m'.
    expect(canComposeInPlanes({ format: 'I420', colorSpace: BT601 }, { format: 'I420', colorSpace: { matrix: null, fullRange: null } })).toBe(true);
    expect(canComposeInPlanes({ format: 'I420', colorSpace: { matrix: 'bt470bg', fullRange: false } }, { format: 'I420', colorSpace: BT601 })).toBe(true);
  });

  it('not when copying the bytes would change the colours, nor for formats it does not know', () => {
    expect(canComposeInPlanes({ format: 'I420', colorSpace: BT709 }, { format: 'I420', colorSpace: BT601 })).toBe(false);
    expect(canComposeInPlanes({ format: 'I420', colorSpace: BT709 }, { format: 'I420', colorSpace: {} })).toBe(false);
    expect(canComposeInPlanes({ format: 'I420', colorSpace: BT601 }, { format: 'I420', colorSpace: { ...BT601, fullRange: true } })).toBe(false);
    expect(canComposeInPlanes({ format: 'I420', colorSpace: BT601 }, { format: 'BGRA', colorSpace: BT601 })).toBe(false);
    expect(canComposeInPlanes({ format: 'I444', colorSpace: BT601 }, { format: 'I420', colorSpace: BT601 })).toBe(false);
    expect(canComposeInPlanes({ format: null, colorSpace: BT601 }, { format: 'I420', colorSpace: BT601 })).toBe(false);
  });
});

describe('scaling the camera to its slot', () => {
  it('keeps a horizontal ramp a ramp, and flat colour flat, at a third of the size', () => {
    const camera = i420(1280, 720, (x) => Math.floor((x / 1280) * 256), 90, 200);
    const slot = scaleToSlot(camera, 426, 240);
    expect(slot.y.length).toBe(426 * 240);
    expect(slot.u.length).toBe(213 * 120);
    // Left edge dark, right edge bright, increasing across, the same on every row.
    expect(slot.y[0]).toBeLessThan(3);
    expect(slot.y[425]).toBeGreaterThan(252);
    for (let x = 1; x < 426; x++) expect(slot.y[100 * 426 + x]).toBeGreaterThanOrEqual(slot.y[100 * 426 + x - 1]!);
    expect(slot.y[239 * 426 + 200]).toBe(slot.y[200]);
    // Halfway across the slot is halfway up the ramp.
    expect(Math.abs(slot.y[213]! - 128)).toBeLessThanOrEqual(2);
    expect(new Set(slot.u)).toEqual(new Set([90]));
    expect(new Set(slot.v)).toEqual(new Set([200]));
  });

  it('reads NV12, with its interleaved chroma and padded rows, and reuses the slot it is given', () => {
    const slot = scaleToSlot(nv12(640, 360, 77, 60, 210), 160, 90);
    expect(new Set(slot.y)).toEqual(new Set([77]));
    expect(new Set(slot.u)).toEqual(new Set([60]));
    expect(new Set(slot.v)).toEqual(new Set([210]));
    const again = scaleToSlot(nv12(640, 360, 20, 128, 128), 160, 90, slot);
    expect(again).toBe(slot);
    expect(again.y[0]).toBe(20);
  });

  it('refuses an RGB camera (the compositor draws those on the canvas)', () => {
    expect(() => scaleToSlot(rgbFrame('BGRA', 64, 36, [0, 0, 0, 255]), 32, 18)).toThrow(/cannot be scaled/);
  });
});

describe('writing the slot into the screen frame', () => {
  it('I420: exactly the slot rectangle changes, luma and chroma, nothing around it', () => {
    const screen = i420(64, 36, () => 50, 100, 150);
    const slot = scaleToSlot(
      i420(32, 18, () => 200, 20, 240),
      16,
      8,
    );
    drawSlot(slot, screen, 40, 20, BT601);
    expect(lumaAt(screen, 40, 20)).toBe(200);
    expect(lumaAt(screen, 55, 27)).toBe(200);
    expect(lumaAt(screen, 39, 20)).toBe(50);
    expect(lumaAt(screen, 56, 27)).toBe(50);
    expect(lumaAt(screen, 40, 28)).toBe(50);
    const u = (x: number, y: number) => screen.data[screen.layout[1]!.offset + y * screen.layout[1]!.stride + x];
    const v = (x: number, y: number) => screen.data[screen.layout[2]!.offset + y * screen.layout[2]!.stride + x];
    expect([u(20, 10), v(20, 10), u(27, 13), v(27, 13)]).toEqual([20, 240, 20, 240]);
    expect([u(19, 10), v(28, 10), u(20, 14)]).toEqual([100, 150, 100]);
  });

  it('NV12: chroma is written interleaved, at the padded stride', () => {
    const screen = nv12(64, 36, 50, 100, 150);
    drawSlot(
      scaleToSlot(
        i420(16, 8, () => 180, 30, 220),
        16,
        8,
      ),
      screen,
      10,
      4,
      BT601,
    );
    const uv = screen.layout[1]!;
    const at = (x: number, y: number) => [screen.data[uv.offset + y * uv.stride + x], screen.data[uv.offset + y * uv.stride + x + 1]];
    expect(at(10, 2)).toEqual([30, 220]);
    expect(at(24, 5)).toEqual([30, 220]);
    expect(at(8, 2)).toEqual([100, 150]);
    expect(at(26, 2)).toEqual([100, 150]);
    expect(lumaAt(screen, 10, 4)).toBe(180);
    expect(lumaAt(screen, 9, 4)).toBe(50);
  });

  it("RGB: converted with the camera's colour space, in the screen's byte order", () => {
    // BT.601 limited-range red, green, blue and white.
    const cases: Array<[number, number, number, [number, number, number]]> = [
      [81, 90, 240, [255, 0, 0]],
      [145, 54, 34, [0, 255, 0]],
      [41, 240, 110, [0, 0, 255]],
      [235, 128, 128, [255, 255, 255]],
    ];
    for (const [y, u, v, [r, g, b]] of cases) {
      const screen = rgbFrame('BGRA', 8, 4, [1, 2, 3, 255]);
      drawSlot(
        scaleToSlot(
          i420(4, 2, () => y, u, v),
          4,
          2,
        ),
        screen,
        2,
        2,
        BT601,
      );
      const pixel = Array.from(screen.data.subarray((2 * 8 + 2) * 4, (2 * 8 + 2) * 4 + 4));
      for (const [got, want] of [
        [pixel[2], r],
        [pixel[1], g],
        [pixel[0], b],
      ] as const)
        expect(Math.abs(got! - want)).toBeLessThanOrEqual(3);
      expect(pixel[3]).toBe(255);
      expect(Array.from(screen.data.subarray(0, 4))).toEqual([1, 2, 3, 255]);
      const rgbx = rgbFrame('RGBX', 8, 4, [0, 0, 0, 0]);
      drawSlot(
        scaleToSlot(
          i420(4, 2, () => y, u, v),
          4,
          2,
        ),
        rgbx,
        0,
        0,
        BT601,
      );
      expect(Math.abs(rgbx.data[0]! - r)).toBeLessThanOrEqual(3);
    }
  });

  it("uses the camera's matrix: the same bytes mean another green in BT.709", () => {
    expect(yuvToRgbCoefficients(BT601).rv).toBeCloseTo(1.596, 3);
    expect(yuvToRgbCoefficients(BT709).rv).toBeCloseTo(1.793, 3);
    expect(yuvToRgbCoefficients({ matrix: 'smpte170m', fullRange: true }).yScale).toBe(1);
  });

  it('refuses a corner on an odd pixel or a slot that does not fit', () => {
    const slot = scaleToSlot(
      i420(8, 8, () => 0),
      8,
      8,
    );
    expect(() =>
      drawSlot(
        slot,
        i420(64, 36, () => 0),
        3,
        2,
        BT601,
      ),
    ).toThrow(/even/);
    expect(() =>
      drawSlot(
        slot,
        i420(64, 36, () => 0),
        60,
        2,
        BT601,
      ),
    ).toThrow(/fit/);
  });
});
