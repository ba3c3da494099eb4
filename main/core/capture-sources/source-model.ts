// The app's screen/window picker as plain data: what `desktopCapturer.getSources` gives becomes the list the
// teacher sees, and the teacher's choice becomes a key that still finds the same screen or window after a
// relaunch. No Electron, no IO: tested in tests/main/core/capture-sources/source-model.test.ts.

import * as v from 'valibot';
import { SourceKeyShape, type SourceKey } from '../../../common/settings';
import type { CaptureSourceKind } from '../../../common/ipc-contract';

/** What `desktopCapturer.getSources` gives, with its images already turned into data URLs by the glue. */
export interface RawCaptureSource {
  /** Electron's id, `screen:<n>:<m>` or `window:<n>:<m>`. Never shown, never sent to the renderer. */
  id: string;
  name: string;
  /** The display a screen shows; empty for windows, and may be empty for screens on Linux (electron#12417). */
  display_id: string;
  /** `thumbnail.toDataURL()`: a PNG data URL; empty when the system gave no picture. */
  thumbnail?: string;
  /** `appIcon?.toDataURL()` for windows when `fetchWindowIcons` is set. */
  appIcon?: string;
}

/** What identifies a source, without its images (a display-media request lists sources without thumbnails). */
export type SourceIdentity = Pick<RawCaptureSource, 'id' | 'name' | 'display_id'>;

/** How big the thumbnails are asked for: enough to recognise a screen, small enough for one IPC answer. */
export const THUMBNAIL_SIZE = { width: 320, height: 180 } as const;
/** A data URL longer than this is left out (a 320x180 PNG of a busy screen is ~150 kB of base64). */
export const MAX_IMAGE_CHARS = 400_000;
/** At most this many sources are offered (a desktop with hundreds of windows must not flood the IPC). */
export const MAX_SOURCES = 60;
/** Names are cut to this many characters (window titles can be whole URLs or documents' first lines). */
export const MAX_NAME_CHARS = 100;

/** The teacher's choice, remembered across launches: a screen by its display, a window by its title. */
export type { SourceKey } from '../../../common/settings';

/** A source as the picker offers it: the raw source with its kind and a cleaned name. */
export interface PickerEntry<S extends RawCaptureSource = RawCaptureSource> {
  source: S;
  kind: CaptureSourceKind;
  name: string;
  thumbnail?: string;
  appIcon?: string;
}

export interface PickerOptions {
  /** `BrowserWindow.getMediaSourceId()` of the app's own windows. */
  ownWindowIds?: readonly string[];
  /** Leave the app's own window out of the list (default true: a teacher records what they teach from). */
  leaveOwnWindowOut?: boolean;
}

/** `screen` or `window` from Electron's id; undefined for anything else (never offered). */
export function sourceKind(id: string): CaptureSourceKind | undefined {
  if (id.startsWith('screen:')) return 'screen';
  if (id.startsWith('window:')) return 'window';
  return undefined;
}

/**
 * Whether `id` is one of `ownIds`. Compared on `window:<native window id>` only, so that a difference in
 * the trailing index of the two APIs' ids cannot let the app's own window through.
 */
export function isOwnWindow(id: string, ownIds: readonly string[]): boolean {
  const head = (value: string) => value.split(':').slice(0, 2).join(':');
  return sourceKind(id) === 'window' && ownIds.some((own) => head(own) === head(id));
}

// Control characters, and the bidi controls a window title could use to show a different text than it holds.
// eslint-disable-next-line no-control-regex -- matching them is the point
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** A name fit to show: no control or bidi characters, whitespace collapsed, at most MAX_NAME_CHARS. */
export function cleanSourceName(name: string): string {
  const clean = name.replace(UNSAFE_CHARS, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > MAX_NAME_CHARS ? `${clean.slice(0, MAX_NAME_CHARS - 1).trimEnd()}…` : clean;
}

/** A PNG data URL with a picture in it and of bounded size, else undefined (the renderer shows none). */
export function boundedImage(dataUrl: string | undefined): string | undefined {
  const prefix = 'data:image/png;base64,';
  if (!dataUrl?.startsWith(prefix) || dataUrl.length === prefix.length || dataUrl.length > MAX_IMAGE_CHARS) return undefined;
  return /^[A-Za-z0-9+/]+=*$/.test(dataUrl.slice(prefix.length)) ? dataUrl : undefined;
}

/** The list the picker shows: screens first, then windows, each in the system's order; the app's own window left out. */
export function pickerEntries<S extends RawCaptureSource>(sources: readonly S[], options: PickerOptions = {}): Array<PickerEntry<S>> {
  const ownIds = options.leaveOwnWindowOut === false ? [] : (options.ownWindowIds ?? []);
  const entries: Array<PickerEntry<S>> = [];
  for (const source of sources) {
    const kind = sourceKind(source.id);
    if (!kind || isOwnWindow(source.id, ownIds)) continue;
    entries.push({ source, kind, name: cleanSourceName(source.name), thumbnail: boundedImage(source.thumbnail), appIcon: boundedImage(source.appIcon) });
  }
  const rank = (entry: PickerEntry<S>) => (entry.kind === 'screen' ? 0 : 1);
  // Array.prototype.sort is stable: the system's order stays within screens and within windows.
  return entries.sort((a, b) => rank(a) - rank(b)).slice(0, MAX_SOURCES);
}

/** The key that finds this source again after a relaunch (window ids change with every launch). */
export function sourceKey(source: SourceIdentity): SourceKey | undefined {
  const kind = sourceKind(source.id);
  if (kind === 'screen') return { kind, displayId: source.display_id, name: cleanSourceName(source.name) };
  if (kind === 'window') return { kind, name: cleanSourceName(source.name) };
  return undefined;
}

/** The source a remembered key stands for: a screen by its display (by name where none is given), a window by its title. */
export function findByKey<S extends SourceIdentity>(sources: readonly S[], key: SourceKey): S | undefined {
  return sources.find((source) => {
    if (sourceKind(source.id) !== key.kind) return false;
    if (key.kind === 'screen' && key.displayId !== '' && source.display_id !== '') return source.display_id === key.displayId;
    return cleanSourceName(source.name) === key.name;
  });
}

/** A key read back from disk (its shape is the setting's, common/settings.ts), or undefined when it is anything else. */
export function parseSourceKey(value: unknown): SourceKey | undefined {
  const parsed = v.safeParse(SourceKeyShape, value);
  return parsed.success ? parsed.output : undefined;
}
