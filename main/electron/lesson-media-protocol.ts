import { Readable } from 'node:stream';
import { protocol } from 'electron';
import { LESSON_MEDIA_SCHEME } from '../../common/ipc-contract';
import { answerMediaRequest } from '../core/lessons/lesson-media';

/**
 * `classroom-media://lesson/<lessonId>`: a saved lesson for the page's player, in byte ranges (seeking;
 * Electron's file:// fetch ignores Range, see core/lessons/lesson-media.ts). Only ids main gave out map to
 * a file; anything else is 404.
 */

/** Must run before the app is ready (Electron's rule for privileged schemes). */
export function registerLessonMediaScheme(): void {
  // `stream` lets <video> read ranges as it plays; `standard`+`secure` give it an origin the CSP can name.
  protocol.registerSchemesAsPrivileged([{ scheme: LESSON_MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } }]);
}

export function handleLessonMedia(fileOf: (lessonId: string) => string | undefined): void {
  protocol.handle(LESSON_MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url);
    const lessonId = url.hostname === 'lesson' ? decodeURIComponent(url.pathname.slice(1)) : '';
    const answer = await answerMediaRequest(lessonId ? fileOf(lessonId) : undefined, request.headers.get('range') ?? undefined, request.method);
    const body = answer.body ? (Readable.toWeb(answer.body) as ReadableStream<Uint8Array>) : null;
    return new Response(body, { status: answer.status, headers: answer.headers });
  });
}
