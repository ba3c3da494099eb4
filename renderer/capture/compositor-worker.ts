import type { CompositionHow, CompositorCommand, CompositorLayout, CompositorReport, PlaceholderLabels, VideoRole } from './compositor-protocol';
import { paint, passThroughFrame, type SourceFrames } from './compositor-painter';
import { FramePacer } from './frame-pacer';
import { PaintStamps } from './paint-stamps';
import { OUTPUT_FRAME_RATE, pipRect, type Size } from './layout';
import { PlaneCompositor } from './plane-compositor';

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
let counter: ReturnType<typeof setInterval> | undefined;
/** Frames handed to the recorded track (told to the page each second, for the recorder's log). */
let framesWritten = 0;
let framesTold = 0;
const frames: SourceFrames = { screen: undefined, camera: undefined, cameraAspect: 16 / 9 };
/** Bumped when a source is replaced, so the old reader's loop knows to stop. */
const generation: Record<VideoRole, number> = { screen: 0, camera: 0 };
const pacer = new FramePacer(FRAME_INTERVAL_MS, KEEP_ALIVE_MS);
const paintStamps = new PaintStamps();
const reportedErrors = new Set<string>();
const planes = new PlaneCompositor();
/** Why composing in the frames' bytes failed, once: from then on the canvas paints. */
let planesFailed: string | undefined;
/** How the last output frame was made, told to the page when it changes. */
let lastTold = '';
/** An output frame is being made (copies are awaited): a frame due meanwhile is skipped, the next source frame brings one. */
let composing = false;

/**
 * The preview gets the recorded frames too, on a track of its own so that it can get fewer of them:
 * without a GPU, showing a video costs about as much as encoding it (docs/PERFORMANCE.md §5).
 */
let previewWriter: WritableStreamDefaultWriter<VideoFrame> | undefined;
let previewIntervalMs = 0;
let previewShownAt = Number.NEGATIVE_INFINITY;
let previewBusy = false;

function feedPreview(frame: VideoFrame, now: number): void {
  // A quarter frame of slack: frames that arrive a little early still count for their slot.
  if (!previewWriter || previewBusy || now - previewShownAt < previewIntervalMs - FRAME_INTERVAL_MS / 4) return;
  previewShownAt = now;
  previewBusy = true;
  const copy = frame.clone();
  previewWriter.write(copy).then(
    () => (previewBusy = false),
    () => {
      previewBusy = false;
      copy.close();
    },
  );
}

function reportOnce(message: string): void {
  // Said once per kind of error: a painting error would otherwise repeat thirty times a second.
  if (!reportedErrors.has(message)) scope.postMessage({ type: 'error', message });
  reportedErrors.add(message);
}

function told(how: CompositionHow, detail: string): void {
  const said = `${how}: ${detail}`;
  if (said === lastTold) return;
  lastTold = said;
  scope.postMessage({ type: 'composition', how, detail });
}

/**
 * Picture-in-picture over a screen frame that fills the output, when the frames' formats allow it: the
 * camera is written into the screen's bytes (plane-compositor.ts), a few times cheaper than painting.
 * Answers the frame, or why the canvas must paint this one.
 */
async function composeInPlanes(timestamp: number): Promise<VideoFrame | string> {
  const { screen, camera } = frames;
  if (layout.mode !== 'screen-camera' || layout.corner === 'off') return 'one source does not fill the frame';
  if (!screen || !camera) return `a placeholder for the ${screen ? 'camera' : 'screen'}`;
  if (planesFailed) return planesFailed;
  const slot = pipRect(output, camera.displayWidth / camera.displayHeight, layout.corner, layout.pipSize);
  const whyNot = PlaneCompositor.whyNot(screen, camera, output);
  if (whyNot || !slot) return whyNot ?? 'no camera slot';
  // Read now: the frames may be closed (replaced) while the copies are awaited.
  const formats = `${screen.format} screen, ${camera.format} camera`;
  try {
    const frame = await planes.compose(screen, camera, slot, timestamp);
    told('planes', formats);
    return frame;
  } catch (error) {
    // Not a failure the teacher needs to hear of: the canvas paints the same picture, at a higher cost.
    planesFailed = `composing in the frames' bytes failed: ${String(error)}`;
    return planesFailed;
  }
}

function setLatest(role: VideoRole, frame: VideoFrame | undefined): void {
  frames[role]?.close();
  frames[role] = frame;
  if (role === 'camera' && frame) frames.cameraAspect = frame.displayWidth / frame.displayHeight;
  if (role === 'screen' || !frame) fullPaintNeeded = true;
}

/**
 * A source frame sent on as it is keeps its capture time (Chromium keeps the frame's capture metadata,
 * whatever its new timestamp). Sending one source picture twice would repeat that time; so could a source
 * frame right after a painted one, whose stamp moved on with the clock past the frame's capture (it was
 * captured a little before it arrived). Hence: each source frame at most once, and none within this long
 * of a paint.
 */
const PAINT_TO_PASS_THROUGH_MS = 60;

/**
 * A source that sent nothing for this long is still: a screen capturer sends no frame while the screen
 * does not change (a slide shown for a minute), and a camera can hang. Its last picture is then painted
 * again at the keep-alive rate: with no video, MediaRecorder holds the sound back too and gives no data
 * at all (Chromium's muxer waits for both tracks), and the recorder would be taken for stalled.
 */
const SOURCE_STILL_MS = 500;
/** When each source last sent a frame (worker clock, ms). */
const frameArrivedAt: Record<VideoRole, number> = { screen: Number.NEGATIVE_INFINITY, camera: Number.NEGATIVE_INFINITY };

async function renderOutput(): Promise<VideoFrame | undefined> {
  const now = performance.now();
  if (!paintStamps.ready(now)) return undefined;
  // One source filling the frame at its size: sent on without drawing, which costs next to nothing.
  const whole = passThroughFrame(layout, frames, output);
  const role: VideoRole = whole === frames.camera ? 'camera' : 'screen';
  if (whole) {
    const repeat = whole === lastWrapped;
    if (!repeat && now - lastPaintedAt >= PAINT_TO_PASS_THROUGH_MS) {
      lastWrapped = whole;
      told('pass-through', `${whole.format} frames sent on as they are`);
      return new VideoFrame(whole, { timestamp: paintStamps.stamp(now, role) });
    }
    // Sent again as it is, the frame would repeat its capture time: a still source's picture is painted.
    if (!repeat || now - frameArrivedAt[role] < SOURCE_STILL_MS) return undefined;
  }
  lastPaintedAt = now;
  const painted = paintStamps.stamp(now);
  const composed = whole ? `the ${role} is still: its last picture again` : await composeInPlanes(painted);
  if (typeof composed !== 'string') {
    // The canvas was not painted: it no longer holds the last picture.
    fullPaintNeeded = true;
    return composed;
  }
  planes.reset();
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
  told('canvas', composed);
  return new VideoFrame(canvas, { timestamp: painted });
}

async function emit(): Promise<void> {
  if (!writer || composing || writesInFlight >= MAX_WRITES_IN_FLIGHT) return;
  composing = true;
  let frame: VideoFrame | undefined;
  try {
    frame = await renderOutput();
  } catch (error) {
    reportOnce(String(error));
  } finally {
    composing = false;
  }
  if (!frame) return;
  // The lesson may have been closed while the frame was being made.
  if (!writer) {
    frame.close();
    return;
  }
  feedPreview(frame, performance.now());
  writesInFlight++;
  framesWritten++;
  // The generator takes ownership of the frame and closes it once the track's sinks have it.
  writer.write(frame).then(
    () => writesInFlight--,
    () => {
      writesInFlight--;
      frame.close();
    },
  );
}

function tellCounts(): void {
  if (framesWritten === framesTold) return;
  framesTold = framesWritten;
  scope.postMessage({ type: 'frames', written: framesWritten });
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
      paintStamps.sourceFrame(role, value.timestamp);
      frameArrivedAt[role] = performance.now();
      if (pacer.onSourceFrame(performance.now())) void emit();
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
      previewWriter = command.previewWritable.getWriter();
      ticker = setInterval(() => {
        if (pacer.onTick(performance.now())) void emit();
      }, FRAME_INTERVAL_MS);
      counter = setInterval(tellCounts, 1000);
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
    case 'preview-rate':
      previewIntervalMs = 1000 / command.framesPerSecond;
      break;
    case 'close':
      clearInterval(ticker);
      clearInterval(counter);
      generation.screen++;
      generation.camera++;
      setLatest('screen', undefined);
      setLatest('camera', undefined);
      void writer?.close().catch(() => undefined);
      writer = undefined;
      void previewWriter?.close().catch(() => undefined);
      previewWriter = undefined;
      break;
  }
};
