import { eventMethods, invokeMethods, type RecorderApi } from '../common/ipc-contract';

/** The slice of `ipcRenderer` the API needs; a parameter so the API can be tested without Electron. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

/**
 * Builds the renderer's API from the contract: one named method per invoke channel and one `onX` per
 * event. Listeners get the payload only, never the IPC event (which would expose `sender`), and each
 * subscription returns its own unsubscribe. No raw send/invoke/on is exposed.
 */
export function buildRecorderApi(ipc: IpcRendererLike): RecorderApi {
  const api: Record<string, unknown> = {};
  for (const [method, channel] of Object.entries(invokeMethods)) {
    api[method] = (...args: unknown[]) => ipc.invoke(channel, ...args);
  }
  for (const [method, channel] of Object.entries(eventMethods)) {
    api[method] = (listener: (payload: unknown) => void) => {
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(channel, forward);
      return () => {
        ipc.removeListener(channel, forward);
      };
    };
  }
  return Object.freeze(api) as RecorderApi;
}
