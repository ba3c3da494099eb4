import {
  API_GLOBAL,
  BRIDGE_HEADER,
  BRIDGE_TOKEN_META,
  browserRoutes,
  eventMethods,
  invokeMethods,
  type AppendChunkRequest,
  type EventChannel,
  type RecorderApi,
  type Result,
} from '../../common/ipc-contract';

// Browser mode's stand-in for the Electron preload: the same RecorderApi, carried over HTTP to the same
// core (see browser-server.ts). Loaded as a classic script before the app, like a preload. The server
// hands this page the launch's secret in a <meta>; every call carries it.

const token = document.querySelector<HTMLMetaElement>(`meta[name="${BRIDGE_TOKEN_META}"]`)?.content ?? '';

async function post(url: string, body: BodyInit, contentType: string): Promise<Result<unknown>> {
  try {
    const response = await fetch(url, { method: 'POST', body, headers: { [BRIDGE_HEADER]: token, 'content-type': contentType } });
    return (await response.json()) as Result<unknown>;
  } catch (error) {
    return { ok: false, error: { code: 'internal', message: `The recorder service cannot be reached (${String(error)}).` } };
  }
}

function buildHttpApi(): RecorderApi {
  const api: Record<string, unknown> = {};
  for (const [method, channel] of Object.entries(invokeMethods)) {
    api[method] =
      channel === 'session:append-chunk'
        ? (request: AppendChunkRequest) =>
            post(
              browserRoutes.chunk(String(request?.sessionId), request?.recorder, request?.seq),
              request.data as Uint8Array<ArrayBuffer>,
              'application/octet-stream',
            )
        : (...args: unknown[]) => post(browserRoutes.invoke(channel), JSON.stringify(args), 'application/json');
  }

  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const source = new EventSource(browserRoutes.events(token));
  source.onmessage = (message: MessageEvent<string>) => {
    const { channel, payload } = JSON.parse(message.data) as { channel: EventChannel; payload: unknown };
    for (const listener of listeners.get(channel) ?? []) listener(payload);
  };
  for (const [method, channel] of Object.entries(eventMethods)) {
    api[method] = (listener: (payload: unknown) => void) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    };
  }
  return Object.freeze(api) as RecorderApi;
}

Object.defineProperty(window, API_GLOBAL, { value: buildHttpApi(), writable: false, configurable: false });
