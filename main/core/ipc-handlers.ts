import * as v from 'valibot';
import { invokeShapes, type InvokeChannel, type InvokeContract, type IpcError, type Result } from '../../common/ipc-contract';
import type { RecorderService } from './recorder-service';
import { ServiceError } from './service-error';

type Handler<C extends InvokeChannel> = (args: unknown[]) => Promise<Result<InvokeContract[C]['result']>>;

export type IpcHandlers = { [C in InvokeChannel]: Handler<C> };

/** What each channel does with its (already checked) arguments: one line per channel, nothing else. */
type Calls = { [C in InvokeChannel]: (service: RecorderService, ...args: InvokeContract[C]['args']) => Promise<InvokeContract[C]['result']> };

const calls: Calls = {
  'app:get-state': (service) => service.getState(),
  'settings:choose-folder': (service) => service.chooseFolder(),
  'session:start': (service, request) => service.startSession(request),
  'session:append-chunk': (service, { sessionId, recorder, seq, data }) => service.appendChunk(sessionId, recorder, seq, data),
  'session:continue': (service, request) => service.continueSession(request),
  'session:heartbeat': (service, request) => service.heartbeat(request),
  'session:mark': (service, { sessionId }) => service.markPart(sessionId),
  'session:name-part': (service, { sessionId, part, title }) => service.namePart(sessionId, part, title),
  'session:pause': (service, { sessionId }) => service.pauseSession(sessionId),
  'session:resume': (service, { sessionId }) => service.resumeSession(sessionId),
  'session:stop': (service, { sessionId }) => service.stopSession(sessionId),
  'session:retry-finish': (service, { sessionId }) => service.retryFinish(sessionId),
  'session:save-without-missing': (service, { sessionId }) => service.saveWithoutMissing(sessionId),
  'lesson:show-in-folder': (service, { lessonId }) => service.lessons.showInFolder(lessonId),
  'lessons:list': (service) => service.lessons.list(),
  'lesson:open': (service, { lessonId }) => service.lessons.open(lessonId),
  'lesson:media-url': async (service, { lessonId }) => service.lessons.mediaUrl(lessonId),
  // The same limit as a title at Record; what the title may contain is the core's rule.
  'lesson:rename': (service, { lessonId, title }) => service.lessons.rename(lessonId, title),
  'lesson:name-part': (service, { lessonId, part, title }) => service.lessons.renamePart(lessonId, part, title),
  'lesson:plan-trim': (service, { lessonId, fromSeconds, toSeconds }) => service.lessons.planTrim(lessonId, fromSeconds, toSeconds),
  'lesson:trim': (service, { lessonId, fromSeconds, toSeconds }) => service.lessons.trim(lessonId, fromSeconds, toSeconds),
  'capture-sources:list': (service) => service.captureSources().list(),
  'capture-sources:choose': (service, { sourceId }) => service.captureSources().choose(sourceId),
  'settings:update': (service, change) => service.appSettings.update(change),
  'hotkeys:get': (service) => service.appSettings.hotkeys(),
  'hotkeys:set': (service, request) => service.appSettings.setHotkey(request),
  'timetable:get': async (service) => service.timetable.status(),
  'timetable:cancel': async (service, { key }) => service.timetable.cancel(key),
  'timetable:extend': async (service, { sessionId }) => service.timetable.extend(sessionId),
  'uploads:get': async (service) => service.uploads.status(),
  'upload:set-secret': (service, { secret }) => service.uploads.setSecret(secret),
  'upload:test': (service) => service.uploads.test(),
  'upload:retry': (service, { lessonId }) => service.uploads.retry(lessonId),
  'upload:import-settings': (service) => service.uploads.importSettings(),
};

/** Thrown for arguments not of their channel's shape; becomes an `invalid-request` answer. */
class InvalidRequest extends Error {}

/** Where in the arguments a valibot issue is, and what: `request.seq: must be a whole number`. */
function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const [issue] = issues;
  const where = (issue?.path ?? []).map((item, index) => (index === 0 ? 'request' : String(item.key))).join('.');
  return `${where ? `${where}: ` : ''}${issue?.message ?? 'malformed'}`;
}

/** Turns whatever a handler threw into an answer; only our own codes and messages reach the renderer. */
function toError(error: unknown): IpcError {
  if (error instanceof InvalidRequest) return { code: 'invalid-request', message: `Invalid request: ${error.message}.` };
  if (error instanceof ServiceError) return { code: error.code, message: error.message, ...error.extra };
  console.error('[ipc] unexpected error', error);
  return { code: 'internal', message: 'Something went wrong inside the recorder. Your recording is kept.' };
}

function handler<C extends InvokeChannel>(channel: C, service: RecorderService): Handler<C> {
  const shape = invokeShapes[channel] as v.GenericSchema;
  const call = calls[channel] as (service: RecorderService, ...args: unknown[]) => Promise<InvokeContract[C]['result']>;
  return (raw) =>
    Promise.resolve()
      .then(() => {
        // The whole payload is checked against the contract's shape (arity, exact keys, types, sizes, ids)
        // before the service sees any of it.
        const checked = v.safeParse(shape, raw);
        if (!checked.success) throw new InvalidRequest(describeIssues(checked.issues));
        return call(service, ...(checked.output as unknown[]));
      })
      .then(
        (value): Result<InvokeContract[C]['result']> => ({ ok: true, value }),
        (error: unknown): Result<InvokeContract[C]['result']> => ({ ok: false, error: toError(error) }),
      );
}

/**
 * One handler per channel: checks everything the renderer sent against the channel's shape in the
 * contract (common/ipc-contract.ts), then calls the service. Every handler answers a Result and never
 * throws, so nothing a renderer sends can crash main. Both the Electron IPC glue and the browser-mode
 * server register exactly these.
 */
export function createIpcHandlers(service: RecorderService): IpcHandlers {
  return Object.fromEntries((Object.keys(invokeShapes) as InvokeChannel[]).map((channel) => [channel, handler(channel, service)])) as IpcHandlers;
}
