import type { CompositorLayout, PlaceholderLabels } from './compositor-protocol';
import { containRect, pipRect, type Rect, type Size } from './layout';

/** The latest picture of each source; undefined while a source is missing. */
export interface SourceFrames {
  screen: VideoFrame | undefined;
  camera: VideoFrame | undefined;
  /** The camera's aspect ratio last seen, so its placeholder keeps the slot's shape. */
  cameraAspect: number;
}

const SLATE = '#1e2329';
const SLATE_TEXT = '#e8edf3';

function frameSize(frame: VideoFrame): Size {
  return { width: frame.displayWidth, height: frame.displayHeight };
}

/**
 * The frame can go out as it is: it is the whole picture (one-source mode, or PiP with the camera off)
 * and already the output size. Then nothing is drawn at all, which costs next to no CPU.
 */
export function passThroughFrame(layout: CompositorLayout, frames: SourceFrames, output: Size): VideoFrame | undefined {
  const whole = layout.mode === 'camera' ? frames.camera : layout.mode === 'screen' || layout.corner === 'off' ? frames.screen : undefined;
  if (!whole) return undefined;
  const size = frameSize(whole);
  return size.width === output.width && size.height === output.height ? whole : undefined;
}

function drawPlaceholder(context: OffscreenCanvasRenderingContext2D, rect: Rect, label: string): void {
  context.fillStyle = SLATE;
  context.fillRect(rect.x, rect.y, rect.width, rect.height);
  context.fillStyle = SLATE_TEXT;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  const fontSize = Math.max(12, Math.round(rect.height / 14));
  context.font = `600 ${fontSize}px sans-serif`;
  context.fillText(label, rect.x + rect.width / 2, rect.y + rect.height / 2, rect.width * 0.9);
}

/** Draws `frame` as large as fits in `area`, centred, never stretched; or a placeholder when missing. */
function drawContained(context: OffscreenCanvasRenderingContext2D, area: Rect, frame: VideoFrame | undefined, label: string): void {
  if (!frame) {
    drawPlaceholder(context, area, label);
    return;
  }
  const size = frameSize(frame);
  const inner = containRect(area, size.width / size.height);
  context.drawImage(frame, area.x + inner.x, area.y + inner.y, inner.width, inner.height);
}

/**
 * Paints one output picture: the main source full frame and, in PiP, the camera in its corner.
 * With `cameraOnly` (only the camera changed since the last paint, same layout) the screen already on
 * the canvas is kept and just the camera slot is drawn again: a fraction of the work at 1080p.
 */
export function paint(
  context: OffscreenCanvasRenderingContext2D,
  output: Size,
  layout: CompositorLayout,
  frames: SourceFrames,
  labels: PlaceholderLabels,
  cameraOnly = false,
): void {
  const full: Rect = { x: 0, y: 0, ...output };
  if (!cameraOnly || layout.mode !== 'screen-camera') {
    context.fillStyle = '#000';
    context.fillRect(0, 0, output.width, output.height);
    if (layout.mode === 'camera') {
      drawContained(context, full, frames.camera, labels.camera);
      return;
    }
    drawContained(context, full, frames.screen, labels.screen);
  }
  if (layout.mode !== 'screen-camera') return;
  const aspect = frames.camera ? frames.camera.displayWidth / frames.camera.displayHeight : frames.cameraAspect;
  const slot = pipRect(output, aspect, layout.corner, layout.pipSize);
  if (!slot) return;
  if (frames.camera) context.drawImage(frames.camera, slot.x, slot.y, slot.width, slot.height);
  else drawPlaceholder(context, slot, labels.camera);
}
