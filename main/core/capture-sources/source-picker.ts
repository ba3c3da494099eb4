import { randomUUID } from 'node:crypto';
import type { CaptureSourceItem, CaptureSourceList } from '../../../common/ipc-contract';
import { ServiceError } from '../service-error';
import { findByKey, pickerEntries, sourceKey, type RawCaptureSource, type SourceIdentity, type SourceKey } from './source-model';

export interface CaptureSourcePickerDeps {
  /** The screens and windows with thumbnails (Electron: `desktopCapturer.getSources`, images as data URLs). */
  getSources: () => Promise<RawCaptureSource[]>;
  /** The media source ids of the app's own windows (`BrowserWindow.getMediaSourceId()`). */
  ownWindowIds?: () => string[];
  /** Leave the app's own window out of the list. Default true. */
  leaveOwnWindowOut?: boolean;
  /** Where the teacher's last choice is remembered (the settings store's `captureSource`). */
  remembered: { get: () => SourceKey | null; set: (key: SourceKey) => Promise<unknown> };
}

/**
 * The app's own screen/window picker behind `capture-sources:list` and `capture-sources:choose`. Each
 * listing hands the renderer fresh opaque ids; only an id from the latest listing can be chosen, so the
 * renderer can never name a source main did not offer. The display-media request handler then asks
 * `resolve` which of the sources it got is the chosen one. Never imports Electron.
 */
export class CaptureSourcePicker {
  private latest = new Map<string, RawCaptureSource>();
  private chosen: { id?: string; key: SourceKey } | undefined;
  private loaded = false;
  constructor(private readonly deps: CaptureSourcePickerDeps) {}

  /** Every screen, then every window, with fresh ids; `chosenId` marks the remembered choice if it is there. */
  async list(): Promise<CaptureSourceList> {
    this.load();
    const entries = pickerEntries(await this.deps.getSources(), {
      ownWindowIds: this.deps.ownWindowIds?.() ?? [],
      leaveOwnWindowOut: this.deps.leaveOwnWindowOut,
    });
    const chosen = this.find(entries.map((entry) => entry.source));
    this.latest = new Map();
    const list: CaptureSourceList = { sources: [] };
    for (const entry of entries) {
      const sourceId = randomUUID();
      this.latest.set(sourceId, entry.source);
      if (entry.source === chosen) list.chosenId = sourceId;
      const item: CaptureSourceItem = { sourceId, name: entry.name, kind: entry.kind };
      if (entry.thumbnail) item.thumbnail = entry.thumbnail;
      if (entry.appIcon) item.appIcon = entry.appIcon;
      list.sources.push(item);
    }
    return list;
  }

  /** Records `sourceId` (from the latest listing only) as what the next getDisplayMedia answers, and remembers it. */
  async choose(sourceId: string): Promise<null> {
    const source = this.latest.get(sourceId);
    const key = source && sourceKey(source);
    if (!source || !key) throw new ServiceError('unknown-source', 'That screen or window is not in the list any more. Open the list again.');
    this.load();
    this.chosen = { id: source.id, key };
    await this.deps.remembered.set(key);
    return null;
  }

  /**
   * Which of `sources` (a fresh `getSources` at a display-media request) the teacher chose: the same source
   * if it is still there, else the screen or window the remembered key names; undefined when none (the
   * caller falls back to the primary screen).
   */
  async resolve<S extends SourceIdentity>(sources: readonly S[]): Promise<S | undefined> {
    this.load();
    return this.find(sources);
  }

  private find<S extends SourceIdentity>(sources: readonly S[]): S | undefined {
    if (!this.chosen) return undefined;
    const { id, key } = this.chosen;
    return sources.find((source) => source.id === id) ?? findByKey(sources, key);
  }

  /** Takes the remembered choice once, unless one was made since. */
  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    const key = this.deps.remembered.get();
    if (key && !this.chosen) this.chosen = { key };
  }
}
