// Chromium's "breakout box" (MediaStreamTrackProcessor / MediaStreamTrackGenerator), not yet in
// TypeScript's DOM library. Only what the compositor uses is declared.

interface MediaStreamTrackProcessorInit {
  track: MediaStreamTrack;
  /** Frames kept when the reader is slow; older ones are dropped. */
  maxBufferSize?: number;
}

declare class MediaStreamTrackProcessor<T = VideoFrame> {
  constructor(init: MediaStreamTrackProcessorInit);
  readonly readable: ReadableStream<T>;
}

declare class MediaStreamTrackGenerator<T = VideoFrame> extends MediaStreamTrack {
  constructor(init: { kind: 'video' | 'audio' });
  readonly writable: WritableStream<T>;
}
