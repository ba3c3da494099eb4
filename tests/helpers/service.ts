import path from 'node:path';
import type { EventChannel, EventContract, FfmpegStatus, Result } from '../../common/ipc-contract';
import { createIpcHandlers } from '../../main/core/ipc-handlers';
import { RecorderService, type RecorderServiceDeps } from '../../main/core/recorder-service';
import { resolveFfmpegFromEnvironment } from '../../main/core/ffmpeg/resolve-ffmpeg';
import { SettingsStore } from '../../main/core/storage/settings-store';
import type { LanguageChoice } from '../../common/i18n/messages';
import { makeTempDir } from './media';

export interface ServiceHarness {
  service: RecorderService;
  handlers: ReturnType<typeof createIpcHandlers>;
  stateDir: string;
  saveFolder: string;
  events: Array<{ channel: EventChannel; payload: EventContract[EventChannel] }>;
  shown: string[];
  opened: string[];
}

/** A real RecorderService on temp folders, with the real ffmpeg unless told otherwise. */
export interface HarnessOptions {
  ffmpeg?: FfmpegStatus;
  saveFolder?: string;
  stateDir?: string;
  now?: () => number;
  diskReserveBytes?: number;
  diskCheckIntervalMs?: number;
  createChunkFile?: RecorderServiceDeps['createChunkFile'];
  /** The app's picker, or a maker of it that remembers its choice in the harness's own settings store. */
  captureSources?: RecorderServiceDeps['captureSources'] | ((settings: SettingsStore) => NonNullable<RecorderServiceDeps['captureSources']>);
  ffmpegPatience?: RecorderServiceDeps['ffmpegPatience'];
  /** The teacher's language setting (the store's; default `system`, which is English here). */
  language?: LanguageChoice;
  trashItem?: RecorderServiceDeps['trashItem'];
  /** The uploads' seams (main/core/upload/upload-center.ts). */
  uploads?: Pick<RecorderServiceDeps, 'secretCipher' | 'chooseSettingsFile' | 'uploadStorage' | 'uploadRetryDelaysMs' | 'uploadPartBytes'>;
}

export async function createHarness(options: HarnessOptions = {}): Promise<ServiceHarness> {
  const stateDir = options.stateDir ?? (await makeTempDir('state'));
  const saveFolder = options.saveFolder ?? path.join(await makeTempDir('lessons'), 'Classroom Recorder');
  const settings = await SettingsStore.open(stateDir, saveFolder);
  if (options.language) await settings.update({ language: options.language });
  const events: ServiceHarness['events'] = [];
  const shown: string[] = [];
  const opened: string[] = [];
  const service = new RecorderService({
    stateDir,
    settings,
    ffmpeg: options.ffmpeg ?? resolveFfmpegFromEnvironment(),
    chooseFolder: async () => undefined,
    showItemInFolder: (file) => shown.push(file),
    openFile: async (file) => {
      opened.push(file);
    },
    emit: (channel, payload) => events.push({ channel, payload }),
    now: options.now,
    diskReserveBytes: options.diskReserveBytes,
    diskCheckIntervalMs: options.diskCheckIntervalMs,
    createChunkFile: options.createChunkFile,
    captureSources: typeof options.captureSources === 'function' ? options.captureSources(settings) : options.captureSources,
    ffmpegPatience: options.ffmpegPatience,
    trashItem: options.trashItem,
    ...options.uploads,
  });
  return { service, handlers: createIpcHandlers(service), stateDir, saveFolder, events, shown, opened };
}

export const H264_MIME = 'video/webm;codecs=h264,opus';
export const VP8_MIME = 'video/webm;codecs=vp8,opus';

/** The value of an answer that must have succeeded; a failed one fails the test with its code and message. */
export function okValue<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}
