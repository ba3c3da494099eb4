import type { CompositorCommand, CompositorLayout, CompositorReport, PlaceholderLabels, VideoRole } from './compositor-protocol';
import type { Size } from './layout';

/** The worker's file, bundled next to app.js (scripts/build.mjs); the CSP allows it as `worker-src 'self'`. */
export const COMPOSITOR_WORKER_URL = './compositor-worker.js';

/** True where the compositor can run (Chromium ≥ 94, so Electron always). */
export function compositorSupported(): boolean {
  return typeof MediaStreamTrackProcessor === 'function' && typeof MediaStreamTrackGenerator === 'function' && typeof OffscreenCanvas === 'function';
}

/** What the compositor tells its owner. */
export interface CompositorEvents {
  /** An attached source stopped delivering (device gone, track ended). */
  onSourceEnded(role: VideoRole): void;
  /** The worker failed (could not load, or threw while painting): the picture may stand still. */
  onFailure(message: string): void;
}

/**
 * The recorded video track, owned by the renderer: a MediaStreamTrackGenerator fed by the compositor
 * worker from whatever sources are attached. Sources may come, go and be replaced; this track stays
 * the same for the whole lesson, so MediaRecorder never loses its video.
 */
export class VideoCompositor {
  readonly track: MediaStreamTrack;
  /** The same picture for the preview, at most `setPreviewRate` frames a second. */
  readonly previewTrack: MediaStreamTrack;
  private readonly worker: Worker;
  private readonly sourceIds: Record<VideoRole, number | undefined> = { screen: undefined, camera: undefined };
  private nextId = 1;
  private size: Size;
  /** Frames handed to the recorded track, as of the worker's last report (at most a second old). */
  private written = 0;

  constructor(
    output: Size,
    layout: CompositorLayout,
    labels: PlaceholderLabels,
    private readonly events: CompositorEvents,
  ) {
    const generator = new MediaStreamTrackGenerator<VideoFrame>({ kind: 'video' });
    const previewGenerator = new MediaStreamTrackGenerator<VideoFrame>({ kind: 'video' });
    this.track = generator;
    this.previewTrack = previewGenerator;
    this.size = output;
    this.worker = new Worker(COMPOSITOR_WORKER_URL);
    this.worker.onmessage = (event: MessageEvent<CompositorReport>) => this.onReport(event.data);
    this.worker.onerror = (event) => {
      console.error('[compositor]', event.message);
      this.events.onFailure(event.message || 'the compositor could not start');
    };
    this.post({ type: 'init', output, layout, labels, writable: generator.writable, previewWritable: previewGenerator.writable }, [
      generator.writable,
      previewGenerator.writable,
    ]);
  }

  get outputSize(): Size {
    return this.size;
  }

  /** Frames handed to the recorded track since the compositor started. */
  get framesWritten(): number {
    return this.written;
  }

  /** Feeds `track`'s frames to the compositor as `role`, replacing the previous one; undefined detaches. */
  setSource(role: VideoRole, track: MediaStreamTrack | undefined): void {
    if (!track) {
      this.sourceIds[role] = undefined;
      this.post({ type: 'detach', role });
      return;
    }
    const id = this.nextId++;
    this.sourceIds[role] = id;
    // Few frames buffered: a late frame is worth less than the next one.
    const processor = new MediaStreamTrackProcessor<VideoFrame>({ track, maxBufferSize: 2 });
    this.post({ type: 'source', role, id, readable: processor.readable }, [processor.readable]);
  }

  setLayout(layout: CompositorLayout): void {
    this.post({ type: 'layout', layout });
  }

  /** At most this many preview frames a second (the recorded track always gets every frame). */
  setPreviewRate(framesPerSecond: number): void {
    this.post({ type: 'preview-rate', framesPerSecond });
  }

  setOutputSize(output: Size): void {
    this.size = output;
    this.post({ type: 'output', output });
  }

  close(): void {
    this.post({ type: 'close' });
    this.track.stop();
    this.previewTrack.stop();
    // Let the worker close its frames before it goes.
    setTimeout(() => this.worker.terminate(), 500);
  }

  private post(command: CompositorCommand, transfer: Transferable[] = []): void {
    this.worker.postMessage(command, transfer);
  }

  private onReport(report: CompositorReport): void {
    if (report.type === 'frames') {
      this.written = report.written;
      return;
    }
    if (report.type === 'composition') {
      // For whoever reads the log: how much each frame costs depends on it (docs/PERFORMANCE.md §4).
      console.info(`[compositor] ${report.how}: ${report.detail}`);
      return;
    }
    if (report.type === 'error') {
      console.error('[compositor]', report.message);
      this.events.onFailure(report.message);
      return;
    }
    // Reports about a source since replaced or detached on purpose are old news.
    if (this.sourceIds[report.role] !== report.id) return;
    this.sourceIds[report.role] = undefined;
    this.events.onSourceEnded(report.role);
  }
}
