/**
 * What this tab remembers of the lesson it records: its id and the token main gave it, in sessionStorage,
 * which a reload (or a crashed renderer reloaded) of the same tab keeps and a new tab or window does not.
 * So only the page that lost its own lesson continues it by itself (AppState.activeSessions).
 */
const KEY = 'classroom-recorder.lesson';

export interface RememberedLesson {
  sessionId: string;
  resumeToken: string;
}

/** The part of `Storage` used here (tested with a Map). */
export type SessionStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function rememberLesson(store: SessionStore, lesson: RememberedLesson): void {
  store.setItem(KEY, JSON.stringify(lesson));
}

export function forgetLesson(store: SessionStore, sessionId: string): void {
  if (recalledToken(store, sessionId) !== null) store.removeItem(KEY);
}

/** The token this tab holds for `sessionId`, or null when it is not this tab's lesson. */
export function recalledToken(store: SessionStore, sessionId: string): string | null {
  try {
    const value = JSON.parse(store.getItem(KEY) ?? 'null') as Partial<RememberedLesson> | null;
    return value?.sessionId === sessionId && typeof value.resumeToken === 'string' ? value.resumeToken : null;
  } catch {
    return null;
  }
}
