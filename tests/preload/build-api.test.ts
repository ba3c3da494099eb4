import { describe, expect, it } from 'vitest';
import { eventMethods, invokeMethods } from '../../common/ipc-contract';
import { buildRecorderApi, type IpcRendererLike } from '../../preload/build-api';

/** A stand-in for ipcRenderer that records what the API does with it (Electron cannot run here). */
function fakeIpc() {
  const invoked: Array<{ channel: string; args: unknown[] }> = [];
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const ipc: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      invoked.push({ channel, args });
      return { ok: true, value: channel };
    },
    on: (channel, listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const emit = (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: 'secret' }, payload);
  };
  return { ipc, invoked, listeners, emit };
}

describe('the preload exposes exactly the contract, nothing raw', () => {
  it('has one method per invoke channel and one subscription per event, and no send/invoke/on', () => {
    const api = buildRecorderApi(fakeIpc().ipc);
    expect(Object.keys(api).sort()).toEqual([...Object.keys(invokeMethods), ...Object.keys(eventMethods)].sort());
    for (const raw of ['send', 'invoke', 'on', 'removeListener', 'ipcRenderer']) expect(raw in api).toBe(false);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends each method on its own channel with its arguments', async () => {
    const { ipc, invoked } = fakeIpc();
    const api = buildRecorderApi(ipc);
    await api.stopSession({ sessionId: 'abc' });
    await api.getState();
    expect(invoked).toEqual([
      { channel: 'session:stop', args: [{ sessionId: 'abc' }] },
      { channel: 'app:get-state', args: [] },
    ]);
  });

  it('hands listeners the payload only, never the IPC event, and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpc();
    const api = buildRecorderApi(ipc);
    const received: unknown[][] = [];
    const unsubscribe = api.onNotice((...args: unknown[]) => received.push(args));
    emit('app:notice', { level: 'info', code: 'lesson-recovered', message: 'hi' });
    expect(received).toEqual([[{ level: 'info', code: 'lesson-recovered', message: 'hi' }]]);
    unsubscribe();
    emit('app:notice', { level: 'info', code: 'lesson-recovered', message: 'again' });
    expect(received).toHaveLength(1);
    expect(listeners.get('app:notice')?.size).toBe(0);
  });

  it('delivers hotkey and tray commands on app:command through onCommand', () => {
    const { ipc, emit } = fakeIpc();
    const api = buildRecorderApi(ipc);
    const commands: unknown[] = [];
    api.onCommand((payload) => commands.push(payload.command));
    emit('app:command', { command: 'toggle-recording' });
    emit('app:command', { command: 'toggle-pause' });
    expect(commands).toEqual(['toggle-recording', 'toggle-pause']);
  });
});
