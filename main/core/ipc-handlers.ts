import * as v from 'valibot';
import { HOTKEY_COMMANDS, SettingsChangeShape } from '../../common/settings';
import type {
  HotkeyCommand,
  InvokeChannel,
  InvokeContract,
  IpcError,
  NewRecorderCause,
  Result,
  SetHotkeyRequest,
  SettingsChange,
} from '../../common/ipc-contract';
import type { RecorderService } from './recorder-service';
import { ServiceError } from './recording/recording-session';

type Handler<C extends InvokeChannel> = (args: unknown[]) => Promise<Result<InvokeContract[C]['result']>>;

export type IpcHandlers = { [C in InvokeChannel]: Handler<C> };

/** Thrown by the validators below; becomes an `invalid-request` answer. */
class InvalidRequest extends Error {}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) {
    throw new InvalidRequest(`${what} must be an object`);
  }
  return value as Record<string, unknown>;
}

function exactKeys(value: Record<string, unknown>, allowed: string[], what: string): void {
  const extra = Object.keys(value).filter((key) => !allowed.includes(key));
  if (extra.length > 0) throw new InvalidRequest(`${what} has unexpected field(s): ${extra.slice(0, 3).join(', ')}`);
}

function text(value: unknown, what: string, maxLength: number): string {
  if (typeof value !== 'string') throw new InvalidRequest(`${what} must be text`);
  if (value.length > maxLength) throw new InvalidRequest(`${what} is longer than ${maxLength} characters`);
  return value;
}

/** Longest lesson title accepted (characters); the file name keeps at most 150 UTF-8 bytes of it. */
const MAX_TITLE_LENGTH = 500;

const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function id(value: unknown, what: string): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) throw new InvalidRequest(`${what} is not a valid id`);
  return value;
}

function args(raw: unknown[], count: number): unknown[] {
  if (!Array.isArray(raw) || raw.length !== count) {
    throw new InvalidRequest(`expected ${count} argument(s), got ${Array.isArray(raw) ? raw.length : 'none'}`);
  }
  return raw;
}

/** A positive whole number (a recorder's number in a lesson). */
function counter(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw new InvalidRequest(`${what} must be a whole number from 1`);
  return value;
}

const NEW_RECORDER_CAUSES: readonly NewRecorderCause[] = ['renderer-restarted', 'recorder-stalled'];

function sessionRequest(raw: unknown[]): string {
  const body = record(args(raw, 1)[0], 'request');
  exactKeys(body, ['sessionId'], 'request');
  return id(body.sessionId, 'sessionId');
}

/** A `settings:update` change: only the settings the page may change, each of its shape, at least one (common/settings.ts). */
function settingsChange(raw: unknown[]): SettingsChange {
  const checked = v.safeParse(SettingsChangeShape, args(raw, 1)[0]);
  if (!checked.success) throw new InvalidRequest(`change${describeIssue(checked.issues[0])}`);
  return checked.output as SettingsChange;
}

/** A valibot issue as the rest of this file words a refusal: where, then what. */
function describeIssue(issue: v.BaseIssue<unknown>): string {
  const where = (issue.path ?? []).map((item) => String(item.key)).join('.');
  return `${where ? `.${where}` : ''}: ${issue.message}`;
}

function hotkeyRequest(raw: unknown[]): SetHotkeyRequest {
  const body = record(args(raw, 1)[0], 'request');
  exactKeys(body, ['command', 'accelerator'], 'request');
  if (!HOTKEY_COMMANDS.includes(body.command as HotkeyCommand)) throw new InvalidRequest('command is not a hotkey command');
  if (!('accelerator' in body)) throw new InvalidRequest('accelerator is missing');
  const accelerator = body.accelerator === null ? null : text(body.accelerator, 'accelerator', 100);
  return { command: body.command as HotkeyCommand, accelerator };
}

/** Turns whatever a handler threw into an answer; only our own messages reach the renderer. */
function toError(error: unknown): IpcError {
  if (error instanceof InvalidRequest) return { code: 'invalid-request', message: `Invalid request: ${error.message}.` };
  if (error instanceof ServiceError) return { code: error.code, message: error.message, ...error.extra };
  console.error('[ipc] unexpected error', error);
  return { code: 'internal', message: 'Something went wrong inside the recorder. Your recording is kept.' };
}

/** A handler for a channel that takes no arguments: anything sent along is refused. */
function withoutArgs<T>(work: () => Promise<T>): (raw: unknown[]) => Promise<Result<T>> {
  return (raw) =>
    handle(() => {
      args(raw, 0);
      return work();
    });
}

function handle<T>(work: () => Promise<T>): Promise<Result<T>> {
  return Promise.resolve()
    .then(work)
    .then(
      (value): Result<T> => ({ ok: true, value }),
      (error: unknown): Result<T> => ({ ok: false, error: toError(error) }),
    );
}

/**
 * One handler per channel: validates everything the renderer sent (shape, types, sizes, ids), then calls
 * the service. Every handler answers a Result and never throws, so nothing a renderer sends can crash main.
 * Both the Electron IPC glue and the browser-mode server register exactly these.
 */
export function createIpcHandlers(service: RecorderService): IpcHandlers {
  return {
    'app:get-state': withoutArgs(() => service.getState()),
    'settings:choose-folder': withoutArgs(() => service.chooseFolder()),
    'session:start': (raw) =>
      handle(() => {
        const body = record(args(raw, 1)[0], 'request');
        exactKeys(body, ['title', 'mimeType', 'hasAudio'], 'request');
        if (typeof body.hasAudio !== 'boolean') throw new InvalidRequest('hasAudio must be true or false');
        return service.startSession({
          title: text(body.title, 'title', MAX_TITLE_LENGTH),
          mimeType: text(body.mimeType, 'mimeType', 100),
          hasAudio: body.hasAudio,
        });
      }),
    'session:append-chunk': (raw) =>
      handle(() => {
        const body = record(args(raw, 1)[0], 'request');
        exactKeys(body, ['sessionId', 'recorder', 'seq', 'data'], 'request');
        const seq = body.seq;
        if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
          throw new InvalidRequest('seq must be a whole number from 0');
        }
        if (!(body.data instanceof Uint8Array)) throw new InvalidRequest('data must be bytes');
        if (body.data.byteLength === 0) throw new InvalidRequest('data is empty');
        return service.appendChunk(id(body.sessionId, 'sessionId'), counter(body.recorder, 'recorder'), seq, body.data);
      }),
    'session:continue': (raw) =>
      handle(() => {
        const body = record(args(raw, 1)[0], 'request');
        exactKeys(body, ['sessionId', 'resumeToken', 'mimeType', 'hasAudio', 'cause'], 'request');
        if (typeof body.hasAudio !== 'boolean') throw new InvalidRequest('hasAudio must be true or false');
        if (!NEW_RECORDER_CAUSES.includes(body.cause as NewRecorderCause)) throw new InvalidRequest('cause is not a reason for a new recorder');
        return service.continueSession({
          sessionId: id(body.sessionId, 'sessionId'),
          resumeToken: body.resumeToken === null ? null : id(body.resumeToken, 'resumeToken'),
          mimeType: text(body.mimeType, 'mimeType', 100),
          hasAudio: body.hasAudio,
          cause: body.cause as NewRecorderCause,
        });
      }),
    'session:heartbeat': (raw) =>
      handle(() => {
        const body = record(args(raw, 1)[0], 'request');
        exactKeys(body, ['sessionId', 'resumeToken'], 'request');
        return service.heartbeat({ sessionId: id(body.sessionId, 'sessionId'), resumeToken: id(body.resumeToken, 'resumeToken') });
      }),
    'session:pause': (raw) => handle(() => service.pauseSession(sessionRequest(raw))),
    'session:resume': (raw) => handle(() => service.resumeSession(sessionRequest(raw))),
    'session:stop': (raw) => handle(() => service.stopSession(sessionRequest(raw))),
    'session:retry-finish': (raw) => handle(() => service.retryFinish(sessionRequest(raw))),
    'session:save-without-missing': (raw) => handle(() => service.saveWithoutMissing(sessionRequest(raw))),
    'lesson:show-in-folder': (raw) =>
      handle(() => {
        const body = record(args(raw, 1)[0], 'request');
        exactKeys(body, ['lessonId'], 'request');
        return service.showInFolder(id(body.lessonId, 'lessonId'));
      }),
    'lesson:open': (raw) =>
      handle(() => {
        const body = record(args(raw, 1)[0], 'request');
        exactKeys(body, ['lessonId'], 'request');
        return service.openLesson(id(body.lessonId, 'lessonId'));
      }),
    'capture-sources:list': withoutArgs(() => service.listCaptureSources()),
    'capture-sources:choose': (raw) =>
      handle(() => {
        const body = record(args(raw, 1)[0], 'request');
        exactKeys(body, ['sourceId'], 'request');
        // Only an opaque id from the latest listing gets further (CaptureSourcePicker.choose).
        return service.chooseCaptureSource(id(body.sourceId, 'sourceId'));
      }),
    'settings:update': (raw) => handle(() => service.appSettings.update(settingsChange(raw))),
    'hotkeys:get': withoutArgs(() => service.appSettings.hotkeys()),
    'hotkeys:set': (raw) => handle(() => service.appSettings.setHotkey(hotkeyRequest(raw))),
    'lesson:rename': (raw) =>
      handle(() => {
        const body = record(args(raw, 1)[0], 'request');
        exactKeys(body, ['lessonId', 'title'], 'request');
        // The same limit as a title at Record; what the title may contain is the core's rule.
        return service.renameLesson(id(body.lessonId, 'lessonId'), text(body.title, 'title', MAX_TITLE_LENGTH));
      }),
    'lessons:list': withoutArgs(() => service.listLessons()),
  };
}
