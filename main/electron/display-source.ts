// Which screen or window answers the renderer's getDisplayMedia, as plain data and functions: this
// module imports nothing from Electron, so it is tested without the Electron binary
// (tests/main/electron/display-source.test.ts). display-media.ts applies it.

/** What `desktopCapturer.getSources` gives, as far as the choice needs it. */
export interface CaptureSource {
  id: string;
  name: string;
  /** The display a screen source shows; empty for windows. */
  display_id: string;
}

/** Whether a source id names a whole screen (`screen:…`) rather than a window (`window:…`). */
export function isScreenSource(source: Pick<CaptureSource, 'id'>): boolean {
  return source.id.startsWith('screen:');
}

/**
 * The source to record when the teacher has not chosen one in the app's picker: the primary display's
 * screen, else the first screen, else the first window. Undefined when there is nothing to capture (the
 * request is denied).
 */
export function chooseDisplaySource<S extends CaptureSource>(sources: readonly S[], primaryDisplayId?: string): S | undefined {
  const screens = sources.filter(isScreenSource);
  return screens.find((s) => primaryDisplayId !== undefined && s.display_id === primaryDisplayId) ?? screens[0] ?? sources[0];
}

/**
 * System sound ("loopback") can be captured along with a screen on Windows and macOS; Linux has no
 * loopback in Electron, so the lesson records the microphone only.
 */
export function loopbackAudioSupported(platform: string): boolean {
  return platform === 'win32' || platform === 'darwin';
}

/**
 * The answer to one display-media request: the teacher's `chosen` source (from the app's picker), else the
 * automatic choice; and system sound when asked and possible.
 */
export function displayMediaAnswer<S extends CaptureSource>(
  sources: readonly S[],
  audioRequested: boolean,
  platform: string,
  primaryDisplayId?: string,
  chosen?: S,
): { video?: S; audio?: 'loopback' } {
  const video = chosen ?? chooseDisplaySource(sources, primaryDisplayId);
  if (!video) return {};
  return audioRequested && loopbackAudioSupported(platform) ? { video, audio: 'loopback' } : { video };
}
