import type { CompositorCommand, CompositorLayout, CompositorReport, PlaceholderLabels, VideoRole } from './compositor-protocol';
import { paint, passThroughFrame, type SourceFrames } from './compositor-painter';
import { FramePacer } from './frame-pacer';
import { OUTPUT_FRAME_RATE, type Size } from './layout';

// The video compositor, in a dedicated worker: it reads the sources' frames (MediaStreamTrackProcessor
// streams), paints the output on an OffscreenCanvas and writes it to a MediaStreamTrackGenerator, which
// is the track MediaRecorder records. Nothing here waits for animation frames or page timers, which stop
// or slow down when the window is hidden; frames arriving drive the painting.

interface WorkerScope {
  onmessage: ((event: MessageEvent<CompositorCommand>) => void) | null;
  postMessage(message: CompositorReport): void;
}
const scope = self as unknown as WorkerScope;

const FRAME_INTERVAL_MS = 1000 / OUTPUT_FRAME_RATE;
/** With no source sending, the last picture is repeated this often so the track never stalls. */
const KEEP_ALIVE_MS = 100;
/** Frames handed to the encoder and not yet taken: above this the encoder is behind, and we skip. */
const MAX_WRITES_IN_FLIGHT = 2;

let output: Size = { width: 1280, height: 720 };
let layout: CompositorLayout = { mode: 'camera', corner: 'bottom-right', pipSize: 'medium' };
let labels: PlaceholderLabels = { camera: '', screen: '' };
let writer: WritableStreamDefaultWriter<VideoFrame> | undefined;
let canvas: OffscreenCanvas | undefined;
let context: OffscreenCanvasRenderingContext2D | undefined;
let writesInFlight = 0;
/** The source frame last sent on as it is, so a live source's picture is never sent twice. */
let lastWrapped: VideoFrame | undefined;
/** When the last painted frame went out. */
let lastPaintedAt = Number.NEGATIVE_INFINITY;
/** Something besides the camera changed since the last paint (screen frame, layout, size, a source). */
let fullPaintNeeded = true;
/** The camera slot of the last paint: a camera whose shape changed needs a full paint. */
let lastCameraAspect = 0;
let ticker: ReturnType<typeof setInterval> | undefined;
const frames: SourceFrames = { screen: undefined, camera: undefined, cameraAspect: 16 / 9 };
/** Bumped when a source is replaced, so the old reader's loop knows to stop. */
const generation: Record<VideoRole, number> = { screen: 0, camera: 0 };
const pacer = new FramePacer(FRAME_INTERVAL_MS, KEEP_ALIVE_MS);
const reportedErrors = new Set<string>();

function setLatest(role: VideoRole, frame: VideoFrame | undefined): void {
  frames[role]?.close();
  frames[role] = frame;
  if (role === 'camera' && frame) frames.cameraAspect = frame.displayWidth / frame.displayHeight;
  if (role === 'screen' || !frame) fullPaintNeeded = true;
}

/**
 * MediaRecorder stamps a frame with its capture time when it has one (a source frame sent on as it is)
 * and with the time it reaches the track otherwise (a painted frame). Sending one source picture twice
 * would repeat a timestamp; so would a source frame right after a painted one, since it was captured a
 * little before it arrived. Hence: each source frame at most once, and none within this long of a paint.
 */
const PAINT_TO_PASS_THROUGH_MS = 60;

function renderOutput(): VideoFrame | undefined {
  const now = performance.now();
  const timestamp = Math.round(now * 1000);
  // One source filling the frame at its size: sent on without drawing, which costs next to nothing.
  const whole = passThroughFrame(layout, frames, output);
  if (whole) {
    if (whole === lastWrapped || now - lastPaintedAt < PAINT_TO_PASS_THROUGH_MS) return undefined;
    lastWrapped = whole;
    return new VideoFrame(whole, { timestamp });
  }
  lastPaintedAt = now;
  if (!canvas || canvas.width !== output.width || canvas.height !== output.height) {
    canvas = new OffscreenCanvas(output.width, output.height);
    context = canvas.getContext('2d', { alpha: false }) ?? undefined;
    fullPaintNeeded = true;
  }
  if (!context) return undefined;
  const cameraOnly = !fullPaintNeeded && frames.cameraAspect === lastCameraAspect;
  paint(context, output, layout, frames, labels, cameraOnly);
  fullPaintNeeded = false;
  lastCameraAspect = frames.cameraAspect;
  return new VideoFrame(canvas, { timestamp });
}

function emit(): void {
  if (!writer || writesInFlight >= MAX_WRITES_IN_FLIGHT) return;
  let frame: VideoFrame | undefined;
  try {
    frame = renderOutput();
  } catch (error) {
    // Said once per kind of error: a painting error would otherwise repeat thirty times a second.
    const message = String(error);
    if (!reportedErrors.has(message)) scope.postMessage({ type: 'error', message });
    reportedErrors.add(message);
  }
  if (!frame) return;
  writesInFlight++;
  // The generator takes ownership of the frame and closes it once the track's sinks have it.
  writer.write(frame).then(
    () => writesInFlight--,
    () => {
      writesInFlight--;
      frame.close();
    },
  );
}

async function readSource(role: VideoRole, id: number, readable: ReadableStream<VideoFrame>): Promise<void> {
  const mine = ++generation[role];
  const reader = readable.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (mine !== generation[role]) {
        value?.close();
        break;
      }
      if (done) break;
      setLatest(role, value);
      if (pacer.onSourceFrame(performance.now())) emit();
    }
  } catch {
    // A reader error is a source that ended: handled below like the end of the stream.
  }
  if (mine !== generation[role]) {
    void reader.cancel().catch(() => undefined);
    return;
  }
  // The device went away (unplugged, window closed, track stopped): show the placeholder from now on.
  setLatest(role, undefined);
  scope.postMessage({ type: 'source-ended', role, id });
}

scope.onmessage = (event) => {
  const command = event.data;
  switch (command.type) {
    case 'init':
      output = command.output;
      layout = command.layout;
      labels = command.labels;
      writer = command.writable.getWriter();
      ticker = setInterval(() => {
        if (pacer.onTick(performance.now())) emit();
      }, FRAME_INTERVAL_MS);
      break;
    case 'source':
      void readSource(command.role, command.id, command.readable);
      break;
    case 'detach':
      generation[command.role]++;
      setLatest(command.role, undefined);
      break;
    case 'layout':
      layout = command.layout;
      fullPaintNeeded = true;
      break;
    case 'output':
      output = command.output;
      fullPaintNeeded = true;
      break;
    case 'close':
      clearInterval(ticker);
      generation.screen++;
      generation.camera++;
      setLatest('screen', undefined);
      setLatest('camera', undefined);
      void writer?.close().catch(() => undefined);
      writer = undefined;
      break;
  }
};
