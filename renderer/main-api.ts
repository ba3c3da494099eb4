import { API_GLOBAL, type IpcError, type RecorderApi, type Result } from '../common/ipc-contract';

/**
 * The renderer's one way to reach the main process (LosslessCut `mainApi.ts`): the preload's API in
 * Electron, the HTTP bridge in browser mode. Nothing else in the renderer touches `window.recorder`.
 */
export function getRecorderApi(): RecorderApi {
  const api = (window as unknown as Record<string, RecorderApi | undefined>)[API_GLOBAL];
  if (!api) throw new Error('The recorder service is not available (preload missing).');
  return api;
}

/** An IPC error as an exception, for code that prefers try/catch. */
export class RecorderError extends Error {
  constructor(readonly error: IpcError) {
    super(error.message);
    this.name = 'RecorderError';
  }
}

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new RecorderError(result.error);
  return result.value;
}
