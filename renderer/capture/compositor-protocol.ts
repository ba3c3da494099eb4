import type { PipCorner, PipSize, Size, SourceMode } from './layout';

/** The two pictures the compositor can combine. */
export type VideoRole = 'screen' | 'camera';

export interface CompositorLayout {
  mode: SourceMode;
  corner: PipCorner;
  pipSize: PipSize;
}

/** Words drawn on the placeholder when a source is missing (the worker has no translations). */
export interface PlaceholderLabels {
  camera: string;
  screen: string;
}

/** Page → worker. Streams are transferred, not copied. */
export type CompositorCommand =
  | {
      type: 'init';
      output: Size;
      layout: CompositorLayout;
      labels: PlaceholderLabels;
      writable: WritableStream<VideoFrame>;
      /** The preview's own track: the same frames, at most `preview-rate` of them a second. */
      previewWritable: WritableStream<VideoFrame>;
    }
  | { type: 'preview-rate'; framesPerSecond: number }
  | { type: 'source'; role: VideoRole; id: number; readable: ReadableStream<VideoFrame> }
  | { type: 'detach'; role: VideoRole }
  | { type: 'layout'; layout: CompositorLayout }
  | { type: 'output'; output: Size }
  | { type: 'close' };

/**
 * How the output frames are made: `pass-through` (one source sent on as it is), `planes` (the camera
 * written into the screen frame's bytes) or `canvas` (painted: placeholders, letterboxing, other formats).
 */
export type CompositionHow = 'pass-through' | 'planes' | 'canvas';

/** Worker → page. */
export type CompositorReport =
  | { type: 'source-ended'; role: VideoRole; id: number }
  | { type: 'composition'; how: CompositionHow; detail: string }
  | { type: 'error'; message: string }
  /** Every second while it changes: frames handed to the recorded track since the worker started. */
  | { type: 'frames'; written: number };
