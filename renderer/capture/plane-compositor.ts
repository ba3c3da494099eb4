import { canComposeInPlanes, drawSlot, scaleToSlot, type I420Slot, type PlaneFormat, type PlanePicture } from './frame-planes';
import type { Rect } from './layout';

/**
 * Picture-in-picture by copying bytes (see frame-planes.ts), for the compositor worker. It keeps the
 * screen's bytes and the scaled camera between frames: a screen that did not change since the last frame
 * is not copied again, nor a camera frame already scaled.
 */
export class PlaneCompositor {
  private screen: PlanePicture | undefined;
  private screenSource: VideoFrame | undefined;
  private screenSlotKey = '';
  private cameraBytes: Uint8Array = new Uint8Array(0);
  private slot: I420Slot | undefined;
  private slotSource: VideoFrame | undefined;

  /**
   * Why these two frames cannot be composed here, or undefined when they can: the screen frame must fill
   * the output, and the formats and colour spaces allow it (frame-planes.ts).
   */
  static whyNot(screen: VideoFrame, camera: VideoFrame, output: { width: number; height: number }): string | undefined {
    const visible = screen.visibleRect;
    if (
      !visible ||
      visible.width !== output.width ||
      visible.height !== output.height ||
      screen.displayWidth !== output.width ||
      screen.displayHeight !== output.height
    ) {
      return `the screen frame (${visible?.width}x${visible?.height} shown at ${screen.displayWidth}x${screen.displayHeight}) is not the output's ${output.width}x${output.height}`;
    }
    if (!canComposeInPlanes(screen, camera)) {
      const describe = (frame: VideoFrame) => `${frame.format} ${JSON.stringify(frame.colorSpace.toJSON())}`;
      return `a ${describe(camera)} camera into a ${describe(screen)} screen`;
    }
    return undefined;
  }

  /** The screen with the camera in `slot`, as a new frame stamped `timestamp` (µs). */
  async compose(screen: VideoFrame, camera: VideoFrame, slot: Rect, timestamp: number): Promise<VideoFrame> {
    const slotKey = `${slot.x},${slot.y},${slot.width},${slot.height}`;
    // The sources may be replaced (and closed) while a copy is awaited: work on clones.
    const screenCopy = screen.clone();
    const cameraCopy = camera.clone();
    try {
      // The kept screen bytes hold the camera of the last frame in the same slot: drawn over below.
      if (screen !== this.screenSource || slotKey !== this.screenSlotKey || !this.screen) {
        this.screen = await copyOut(screenCopy, this.screen?.data);
        this.screenSource = screen;
        this.screenSlotKey = slotKey;
      }
      if (camera !== this.slotSource || this.slot?.width !== slot.width || this.slot.height !== slot.height) {
        const picture = await copyOut(cameraCopy, this.cameraBytes);
        this.cameraBytes = picture.data;
        this.slot = scaleToSlot(picture, slot.width, slot.height, this.slot);
        this.slotSource = camera;
      }
      drawSlot(this.slot, this.screen, slot.x, slot.y, cameraCopy.colorSpace);
      const { format, width, height, data, layout } = this.screen;
      return new VideoFrame(data, { format, codedWidth: width, codedHeight: height, timestamp, layout, colorSpace: screenCopy.colorSpace.toJSON() });
    } finally {
      screenCopy.close();
      cameraCopy.close();
    }
  }

  /** Forgets the kept screen, so the next frame copies it again (the output or a source changed). */
  reset(): void {
    this.screenSource = undefined;
    this.slotSource = undefined;
  }
}

/** Copies a frame's visible pixels into `reuse` when it is the right size, or into new memory. */
async function copyOut(frame: VideoFrame, reuse: Uint8Array | undefined): Promise<PlanePicture> {
  const size = frame.allocationSize();
  const data = reuse && reuse.byteLength === size ? reuse : new Uint8Array(size);
  const layout = await frame.copyTo(data);
  const visible = frame.visibleRect;
  if (!visible || !frame.format) throw new Error('a video frame without pixels');
  return { format: frame.format as PlaneFormat, width: visible.width, height: visible.height, data, layout };
}
