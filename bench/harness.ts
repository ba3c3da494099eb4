/**
 * A real RecorderService on temp folders, driven exactly as the Electron glue drives it (through the IPC
 * handlers), without Electron. Copied from tests/helpers/service.ts so the benchmarks do not depend on the
 * test helpers; the one addition is an injectable clock (see `createHarness`).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EventChannel, EventContract, FfmpegStatus } from '../common/ipc-contract';
import { resolveFfmpegFromEnvironment } from '../main/core/ffmpeg/resolve-ffmpeg';
import { createIpcHandlers } from '../main/core/ipc-handlers';
import { RecorderService } from '../main/core/recorder-service';
import { SettingsStore } from '../main/core/storage/settings-store';

export const H264_MIME = 'video/webm;codecs=h264,opus';

export interface ServiceHarness {
  service: RecorderService;
  handlers: ReturnType<typeof createIpcHandlers>;
  /** Parent of the state and save folders: delete it to clean up everything the service wrote. */
  root: string;
  stateDir: string;
  saveFolder: string;
  /** Every event the service emitted, with `performance.now()` at emission (to split Stop into stages). */
  events: Array<{ channel: EventChannel; payload: EventContract[EventChannel]; at: number }>;
}

export interface HarnessOptions {
  ffmpeg?: FfmpegStatus;
  /**
   * The service's clock. A benchmark feeds two hours of lesson in a minute; with the wall clock the
   * service would expect a one-minute MP4 and its duration check would pass vacuously. A clock that
   * advances with the media fed keeps that check as strict as in a real lesson.
   */
  now?: () => number;
  /** The OS trash (a trimmed lesson's original goes there); absent: no trash. */
  trashItem?: (file: string) => Promise<void>;
}

export async function createHarness(options: HarnessOptions = {}): Promise<ServiceHarness> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-bench-service-'));
  const stateDir = path.join(root, 'state');
  const saveFolder = path.join(root, 'lessons', 'Classroom Recorder');
  await fs.mkdir(stateDir, { recursive: true });
  const settings = await SettingsStore.open(stateDir, saveFolder);
  const events: ServiceHarness['events'] = [];
  const service = new RecorderService({
    stateDir,
    settings,
    ffmpeg: options.ffmpeg ?? resolveFfmpegFromEnvironment(),
    chooseFolder: async () => undefined,
    showItemInFolder: () => undefined,
    emit: (channel, payload) => events.push({ channel, payload, at: performance.now() }),
    now: options.now,
    trashItem: options.trashItem,
  });
  return { service, handlers: createIpcHandlers(service), root, stateDir, saveFolder, events };
}

/** The finish stages the service reported for one session, each with the time it began. */
export function finishStages(harness: ServiceHarness, sessionId: string): Array<{ stage: string; at: number }> {
  const stages: Array<{ stage: string; at: number }> = [];
  for (const event of harness.events) {
    if (event.channel !== 'finish:progress') continue;
    const payload = event.payload as EventContract['finish:progress'];
    // Progress events repeat a stage with new fractions; only its first appearance marks a boundary.
    if (payload.sessionId === sessionId && stages.at(-1)?.stage !== payload.stage) {
      stages.push({ stage: payload.stage, at: event.at });
    }
  }
  return stages;
}
