/**
 * Picture-in-picture without drawing: the camera, scaled, is written straight into the bytes of the
 * screen's frame, in the screen's own pixel format. Plain typed-array code, tested in Node; the compositor
 * worker copies frames out with `VideoFrame.copyTo` and makes the output with `new VideoFrame(bytes)`.
 *
 * Why: without a GPU, Canvas 2D converts the whole YUV screen frame to RGB to draw it, and the encoder
 * converts the result back to YUV: ~19 ms of the worker and ~7 ms more per 1080p frame, measured. Here a
 * frame costs two memory copies and the camera's rectangle (docs/PERFORMANCE.md §4).
 */

/** What capture devices deliver in Chromium: YUV from cameras, YUV or RGB from screens. */
export type YuvFormat = 'I420' | 'NV12';
export type RgbFormat = 'RGBA' | 'RGBX' | 'BGRA' | 'BGRX';
export type PlaneFormat = YuvFormat | RgbFormat;

/** Where a plane starts in the bytes and how long its rows are (as `VideoFrame.copyTo` answers). */
export interface PlaneLayout {
  offset: number;
  stride: number;
}

/** A picture in memory: I420 has the planes Y, U, V; NV12 Y and interleaved UV; RGB formats one. */
export interface PlanePicture {
  format: PlaneFormat;
  width: number;
  height: number;
  data: Uint8Array;
  layout: PlaneLayout[];
}

/** The part of a VideoColorSpace the conversions need. */
export interface ColourSpace {
  matrix?: string | null;
  fullRange?: boolean | null;
}

/** The camera scaled to its slot, in I420 with tight rows (chroma half each way, rounded up). */
export interface I420Slot {
  width: number;
  height: number;
  y: Uint8Array;
  u: Uint8Array;
  v: Uint8Array;
}

const YUV_FORMATS: readonly string[] = ['I420', 'NV12'];
const RGB_FORMATS: readonly string[] = ['RGBA', 'RGBX', 'BGRA', 'BGRX'];

const isYuv = (format: string | null): format is YuvFormat => format !== null && YUV_FORMATS.includes(format);
const isRgb = (format: string | null): format is RgbFormat => format !== null && RGB_FORMATS.includes(format);

/**
 * The matrix as the conversion means it: 'smpte170m' and 'bt470bg' are both BT.601, and a frame that says
 * nothing (a camera fed from a file) is taken as BT.601 limited range, as Chromium takes it.
 */
function matrixOf(space: ColourSpace): string {
  const matrix = space.matrix ?? 'smpte170m';
  return matrix === 'bt470bg' ? 'smpte170m' : matrix;
}

function sameColourSpace(a: ColourSpace, b: ColourSpace): boolean {
  return matrixOf(a) === matrixOf(b) && Boolean(a.fullRange) === Boolean(b.fullRange);
}

/**
 * Whether the camera can be written into the screen's frame without drawing. The camera must be YUV (what
 * cameras give). Into a YUV screen its bytes are copied as they are, so both must mean the same colours
 * (same matrix and range); into an RGB screen it is converted with its own colour space. Anything else is
 * drawn on a canvas, as before.
 */
export function canComposeInPlanes(
  screen: { format: string | null; colorSpace: ColourSpace },
  camera: { format: string | null; colorSpace: ColourSpace },
): boolean {
  if (!isYuv(camera.format)) return false;
  if (isRgb(screen.format)) return true;
  return isYuv(screen.format) && sameColourSpace(screen.colorSpace, camera.colorSpace);
}

/** For each output position along one axis: the two source positions around it and the weight (0..256) of the second. */
interface Taps {
  first: Int32Array;
  second: Int32Array;
  weight: Int32Array;
}

const tapsCache = new Map<string, Taps>();

/** Bilinear taps from `sourceLength` samples to `targetLength`; positions are multiplied by `step` (2 for interleaved UV). */
function taps(sourceLength: number, targetLength: number, step: number): Taps {
  const key = `${sourceLength}:${targetLength}:${step}`;
  const cached = tapsCache.get(key);
  if (cached) return cached;
  const first = new Int32Array(targetLength);
  const second = new Int32Array(targetLength);
  const weight = new Int32Array(targetLength);
  const scale = sourceLength / targetLength;
  for (let i = 0; i < targetLength; i++) {
    // Sample centres line up: output pixel i covers source [i, i + 1) × scale.
    const position = Math.min(sourceLength - 1, Math.max(0, (i + 0.5) * scale - 0.5));
    const index = Math.floor(position);
    first[i] = index * step;
    second[i] = Math.min(sourceLength - 1, index + 1) * step;
    weight[i] = Math.round((position - index) * 256);
  }
  const made = { first, second, weight };
  if (tapsCache.size > 64) tapsCache.clear();
  tapsCache.set(key, made);
  return made;
}

interface PlaneView {
  data: Uint8Array;
  offset: number;
  stride: number;
  /** Distance between neighbouring samples in a row: 1, or 2 in NV12's interleaved UV. */
  step: number;
  width: number;
  height: number;
}

/** Bilinear resampling of one plane into a tight target plane. */
function resample(source: PlaneView, target: Uint8Array, width: number, height: number): void {
  const xs = taps(source.width, width, source.step);
  const ys = taps(source.height, height, 1);
  const data = source.data;
  for (let j = 0; j < height; j++) {
    const row0 = source.offset + ys.first[j]! * source.stride;
    const row1 = source.offset + ys.second[j]! * source.stride;
    const wy = ys.weight[j]!;
    const wy0 = 256 - wy;
    let out = j * width;
    for (let i = 0; i < width; i++) {
      const a = xs.first[i]!;
      const b = xs.second[i]!;
      const wx = xs.weight[i]!;
      const wx0 = 256 - wx;
      const top = data[row0 + a]! * wx0 + data[row0 + b]! * wx;
      const bottom = data[row1 + a]! * wx0 + data[row1 + b]! * wx;
      target[out++] = (top * wy0 + bottom * wy + 32768) >> 16;
    }
  }
}

const half = (value: number) => Math.ceil(value / 2);

/** Scales a YUV camera picture to `width` × `height` I420, reusing `into`'s memory when it has the size. */
export function scaleToSlot(camera: PlanePicture, width: number, height: number, into?: I420Slot): I420Slot {
  if (!isYuv(camera.format)) throw new Error(`the camera's ${camera.format} frames cannot be scaled here`);
  const slot =
    into && into.width === width && into.height === height
      ? into
      : { width, height, y: new Uint8Array(width * height), u: new Uint8Array(half(width) * half(height)), v: new Uint8Array(half(width) * half(height)) };
  const [lumaLayout, chromaLayout, vLayout] = camera.layout;
  if (!lumaLayout || !chromaLayout) throw new Error('the camera frame has no chroma plane');
  const chroma = { width: half(camera.width), height: half(camera.height) };
  resample({ data: camera.data, ...lumaLayout, step: 1, width: camera.width, height: camera.height }, slot.y, width, height);
  if (camera.format === 'I420') {
    if (!vLayout) throw new Error('the camera frame has no V plane');
    resample({ data: camera.data, ...chromaLayout, step: 1, ...chroma }, slot.u, half(width), half(height));
    resample({ data: camera.data, ...vLayout, step: 1, ...chroma }, slot.v, half(width), half(height));
  } else {
    resample({ data: camera.data, ...chromaLayout, step: 2, ...chroma }, slot.u, half(width), half(height));
    resample({ data: camera.data, offset: chromaLayout.offset + 1, stride: chromaLayout.stride, step: 2, ...chroma }, slot.v, half(width), half(height));
  }
  return slot;
}

/** Luma weights of red and blue for a colour matrix; BT.601 (what cameras use) when unknown. */
function lumaWeights(matrix: string | null | undefined): { kr: number; kb: number } {
  if (matrix === 'bt709') return { kr: 0.2126, kb: 0.0722 };
  if (matrix === 'bt2020-ncl') return { kr: 0.2627, kb: 0.0593 };
  return { kr: 0.299, kb: 0.114 };
}

/** YUV → RGB for one colour space: R = y·Y' + rv·V', G = y·Y' − gu·U' − gv·V', B = y·Y' + bu·U'. */
export function yuvToRgbCoefficients(space: ColourSpace): { yScale: number; yOffset: number; rv: number; gu: number; gv: number; bu: number } {
  const { kr, kb } = lumaWeights(space.matrix);
  const kg = 1 - kr - kb;
  const chromaScale = space.fullRange ? 1 : 255 / 224;
  return {
    yScale: space.fullRange ? 1 : 255 / 219,
    yOffset: space.fullRange ? 0 : 16,
    rv: 2 * (1 - kr) * chromaScale,
    gu: ((2 * kb * (1 - kb)) / kg) * chromaScale,
    gv: ((2 * kr * (1 - kr)) / kg) * chromaScale,
    bu: 2 * (1 - kb) * chromaScale,
  };
}

const clampByte = (value: number) => (value < 0 ? 0 : value > 255 ? 255 : Math.round(value));

/**
 * Writes the slot into `target` with its top-left corner at (`x`, `y`), both even (4:2:0 chroma covers
 * 2×2 pixels). YUV targets get the bytes as they are; RGB targets the slot converted with `cameraSpace`.
 */
export function drawSlot(slot: I420Slot, target: PlanePicture, x: number, y: number, cameraSpace: ColourSpace): void {
  if (x % 2 !== 0 || y % 2 !== 0) throw new Error(`the camera's corner must be at even pixels, not ${x},${y}`);
  if (x + slot.width > target.width || y + slot.height > target.height) throw new Error('the camera does not fit in the frame');
  const { width, height } = slot;
  const chromaWidth = half(width);
  const chromaHeight = half(height);
  const [first, second, third] = target.layout;
  if (!first) throw new Error('the frame has no planes');
  const data = target.data;
  if (isRgb(target.format)) {
    const c = yuvToRgbCoefficients(cameraSpace);
    const blueFirst = target.format.startsWith('B');
    for (let j = 0; j < height; j++) {
      let out = first.offset + (y + j) * first.stride + x * 4;
      const chromaRow = (j >> 1) * chromaWidth;
      for (let i = 0; i < width; i++) {
        const luma = (slot.y[j * width + i]! - c.yOffset) * c.yScale;
        const u = slot.u[chromaRow + (i >> 1)]! - 128;
        const v = slot.v[chromaRow + (i >> 1)]! - 128;
        const r = clampByte(luma + c.rv * v);
        const g = clampByte(luma - c.gu * u - c.gv * v);
        const b = clampByte(luma + c.bu * u);
        data[out] = blueFirst ? b : r;
        data[out + 1] = g;
        data[out + 2] = blueFirst ? r : b;
        data[out + 3] = 255;
        out += 4;
      }
    }
    return;
  }
  if (!second) throw new Error('the frame has no chroma plane');
  for (let j = 0; j < height; j++) data.set(slot.y.subarray(j * width, (j + 1) * width), first.offset + (y + j) * first.stride + x);
  if (target.format === 'I420') {
    if (!third) throw new Error('the frame has no V plane');
    for (let j = 0; j < chromaHeight; j++) {
      const row = slot.u.subarray(j * chromaWidth, (j + 1) * chromaWidth);
      data.set(row, second.offset + (y / 2 + j) * second.stride + x / 2);
      data.set(slot.v.subarray(j * chromaWidth, (j + 1) * chromaWidth), third.offset + (y / 2 + j) * third.stride + x / 2);
    }
    return;
  }
  for (let j = 0; j < chromaHeight; j++) {
    let out = second.offset + (y / 2 + j) * second.stride + x;
    for (let i = 0; i < chromaWidth; i++) {
      data[out++] = slot.u[j * chromaWidth + i]!;
      data[out++] = slot.v[j * chromaWidth + i]!;
    }
  }
}
