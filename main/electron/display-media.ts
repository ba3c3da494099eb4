import { BrowserWindow, desktopCapturer, screen, type DesktopCapturerSource, type Session } from 'electron';
import { CaptureSourcePicker } from '../core/capture-sources/source-picker';
import type { SettingsStore } from '../core/storage/settings-store';
import { THUMBNAIL_SIZE, type RawCaptureSource } from '../core/capture-sources/source-model';
import { displayMediaAnswer } from './display-source';
import { isOurPage } from './window-policy';

/** A desktopCapturer source as the core's picker takes it: images as PNG data URLs. */
function toRawSource(source: DesktopCapturerSource): RawCaptureSource {
  return {
    id: source.id,
    name: source.name,
    display_id: source.display_id,
    thumbnail: source.thumbnail.isEmpty() ? undefined : source.thumbnail.toDataURL(),
    appIcon: source.appIcon && !source.appIcon.isEmpty() ? source.appIcon.toDataURL() : undefined,
  };
}

/**
 * The app's own screen/window picker (main/core/capture-sources) fed by Electron: thumbnails of
 * THUMBNAIL_SIZE and window icons from `desktopCapturer`, the app's own windows by `getMediaSourceId()`.
 */
export function createCaptureSourcePicker(settings: SettingsStore): CaptureSourcePicker {
  return new CaptureSourcePicker({
    remembered: { get: () => settings.get().captureSource, set: (captureSource) => settings.update({ captureSource }) },
    getSources: async () =>
      (await desktopCapturer.getSources({ types: ['screen', 'window'], thumbnailSize: THUMBNAIL_SIZE, fetchWindowIcons: true })).map(toRawSource),
    ownWindowIds: () => BrowserWindow.getAllWindows().map((window) => window.getMediaSourceId()),
  });
}

/**
 * Answers the renderer's `navigator.mediaDevices.getDisplayMedia` (screen and screen + camera modes):
 * only for our own page, with the source the teacher chose in the app's picker (`picker.resolve`), else the
 * primary screen, and system sound where Electron can capture it (display-source.ts).
 * Without the app's picker, macOS 15+ offers the system's own (`useSystemPicker`); with it, that option is
 * off, since Electron then never calls this handler and the teacher's choice would be ignored.
 */
export function handleDisplayMediaRequests(target: Session, allowedUrl: string, picker?: CaptureSourcePicker): void {
  target.setDisplayMediaRequestHandler(
    (request, callback) => {
      if (!isOurPage(request.frame?.url, allowedUrl)) {
        callback({});
        return;
      }
      // No thumbnails here: only the ids are needed, and drawing them costs time on every request.
      desktopCapturer
        .getSources({ types: ['screen', 'window'], thumbnailSize: { width: 0, height: 0 } })
        .then(async (sources) => {
          const chosen = await picker?.resolve(sources);
          callback(displayMediaAnswer(sources, request.audioRequested, process.platform, String(screen.getPrimaryDisplay().id), chosen));
        })
        .catch((error: unknown) => {
          console.error('[display-media]', error);
          callback({});
        });
    },
    { useSystemPicker: picker === undefined },
  );
}
