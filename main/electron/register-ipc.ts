import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { invokeChannels, type EventChannel, type EventContract, type Result } from '../../common/ipc-contract';
import type { IpcHandlers } from '../core/ipc-handlers';

/**
 * The only place that touches `ipcMain`: registers exactly the contract's channels, each behind a check
 * that the sender is one of our own windows showing our own page (GitHub Desktop `trusted-ipc-sender.ts`).
 */
export function registerIpcHandlers(handlers: IpcHandlers, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): void {
  for (const channel of invokeChannels) {
    const handler = handlers[channel] as (args: unknown[]) => Promise<Result<unknown>>;
    ipcMain.handle(channel, (event, ...args: unknown[]): Promise<Result<unknown>> => {
      if (!isTrustedSender(event)) {
        return Promise.resolve({ ok: false, error: { code: 'invalid-request', message: 'Refused: unknown sender.' } });
      }
      return handler(args);
    });
  }
}

/** Sends an event to every live window, skipping destroyed ones (a crashed renderer is being replaced). */
export function sendToAll<E extends EventChannel>(targets: () => WebContents[], channel: E, payload: EventContract[E]): void {
  for (const contents of targets()) {
    if (!contents.isDestroyed()) contents.send(channel, payload);
  }
}
