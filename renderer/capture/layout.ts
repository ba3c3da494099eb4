/** What a lesson records. */
export type SourceMode = 'camera' | 'screen' | 'screen-camera';
/** Where the camera picture sits over the screen, or `off` for none. */
export type PipCorner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right' | 'off';
export type PipSize = 'small' | 'medium' | 'large';

export interface Size {
  width: number;
  height: number;
}

export interface Rect extends Size {
  x: number;
  y: number;
}

export const SOURCE_MODES: readonly SourceMode[] = ['camera', 'screen', 'screen-camera'];
export const PIP_CORNERS: readonly PipCorner[] = ['top-left', 'top-right', 'bottom-left', 'bottom-right', 'off'];
export const PIP_SIZES: readonly PipSize[] = ['small', 'medium', 'large'];

/** Screen modes record at the source's resolution, but never above 1080p (disk, encoder load). */
export const MAX_OUTPUT: Size = { width: 1920, height: 1080 };
export const OUTPUT_FRAME_RATE = 30;

/** Camera picture width as a share of the output width. */
const PIP_WIDTH_SHARE: Record<PipSize, number> = { small: 0.2, medium: 0.28, large: 0.36 };
/** Gap between the camera picture and the frame's edges, as a share of the output width. */
const PIP_MARGIN_SHARE = 0.02;

/** Rounds down to an even number: H.264 in 4:2:0 needs even dimensions. */
function even(value: number): number {
  return Math.max(2, Math.floor(value / 2) * 2);
}

/**
 * Scales `source` down (never up) to fit within `limit`, keeping its aspect ratio, with even dimensions.
 */
export function fitWithin(source: Size, limit: Size = MAX_OUTPUT): Size {
  const scale = Math.min(1, limit.width / source.width, limit.height / source.height);
  return { width: even(source.width * scale), height: even(source.height * scale) };
}

/** The largest rectangle of `aspect` (width / height) centred in `frame`: letterbox or pillarbox. */
export function containRect(frame: Size, aspect: number): Rect {
  const frameAspect = frame.width / frame.height;
  const width = aspect >= frameAspect ? frame.width : Math.round(frame.height * aspect);
  const height = aspect >= frameAspect ? Math.round(frame.width / aspect) : frame.height;
  return { x: Math.round((frame.width - width) / 2), y: Math.round((frame.height - height) / 2), width, height };
}

/**
 * Where the camera picture goes over a screen frame of `output` size: its width a share of the output
 * (by `size`), its height from the camera's own aspect ratio (never stretched), in `corner` with a margin.
 * Undefined when the corner is `off`.
 */
export function pipRect(output: Size, cameraAspect: number, corner: PipCorner, size: PipSize): Rect | undefined {
  if (corner === 'off') return undefined;
  // Even, like the sizes: the camera's corner then falls on a whole 4:2:0 chroma sample (frame-planes.ts).
  const margin = even(output.width * PIP_MARGIN_SHARE);
  // A very tall camera (portrait phone) must still fit in half the frame's height.
  let width = even(output.width * PIP_WIDTH_SHARE[size]);
  let height = even(width / cameraAspect);
  const maxHeight = even(output.height / 2);
  if (height > maxHeight) {
    height = maxHeight;
    width = even(height * cameraAspect);
  }
  const x = corner.endsWith('left') ? margin : output.width - margin - width;
  const y = corner.startsWith('top') ? margin : output.height - margin - height;
  return { x, y, width, height };
}

/**
 * The recorded frame size: the screen's in screen modes, the camera's in camera mode, capped at `limit`
 * (the quality setting: 1080p or 720p).
 */
export function outputSize(mode: SourceMode, screen: Size | undefined, camera: Size | undefined, limit: Size = MAX_OUTPUT): Size {
  const source = mode === 'camera' ? camera : screen;
  return fitWithin(source ?? { width: 1280, height: 720 }, limit);
}
