import { desktopCapturer, screen, type Session } from 'electron';
import { displayMediaAnswer } from './display-source';
import { isOurPage } from './window-policy';

/**
 * Answers the renderer's `navigator.mediaDevices.getDisplayMedia` (screen and screen + camera modes):
 * only for our own page, with the primary screen and system sound where Electron can capture it
 * (display-source.ts). On macOS 15+ the system's own picker is offered instead (`useSystemPicker`).
 * An app picker with thumbnails would replace the automatic choice; it needs its own IPC channel.
 */
export function handleDisplayMediaRequests(target: Session, allowedUrl: string): void {
  target.setDisplayMediaRequestHandler(
    (request, callback) => {
      if (!isOurPage(request.frame?.url, allowedUrl)) {
        callback({});
        return;
      }
      desktopCapturer
        .getSources({ types: ['screen', 'window'], thumbnailSize: { width: 0, height: 0 } })
        .then((sources) => callback(displayMediaAnswer(sources, request.audioRequested, process.platform, String(screen.getPrimaryDisplay().id))))
        .catch((error: unknown) => {
          console.error('[display-media]', error);
          callback({});
        });
    },
    { useSystemPicker: true },
  );
}
