import type { RecorderApi } from '../../common/ipc-contract';
import { t } from '../i18n/i18n';
import { h } from './dom';

/**
 * The saved lesson played in the page (the card's parts: clicking one plays from where it begins). The
 * computer's own player cannot be told where to start (`shell.openPath`), so this one is ours: a
 * `<video>` reading the MP4 at the address main gives for the lesson's id (main serves it in byte ranges,
 * main/core/lessons/lesson-media.ts), never a path.
 */
export class LessonPlayer {
  private readonly video = h('video', { controls: true, preload: 'metadata', class: 'lesson-video', 'aria-label': t('lessonPlayer') });
  private readonly close = h('button', { type: 'button', class: 'secondary' }, t('closePlayer'));
  private readonly problem = h('p', { class: 'player-problem', role: 'alert' });
  private lessonId: string | undefined;
  readonly element = h('div', { class: 'lesson-player', hidden: true }, this.video, h('div', { class: 'buttons' }, this.close), this.problem);

  constructor(private readonly api: RecorderApi) {
    this.close.addEventListener('click', () => this.stop());
    this.video.addEventListener('error', () => {
      this.problem.textContent = t('playerFailed');
    });
  }

  /** Plays `lessonId` from `seconds` (a part's start); the keyboard moves to the player. */
  async playFrom(lessonId: string, seconds: number): Promise<void> {
    this.problem.textContent = '';
    if (this.lessonId !== lessonId || !this.video.src) {
      const url = await this.api.lessonMediaUrl({ lessonId });
      if (!url.ok) {
        this.problem.textContent = t('playerFailed');
        this.element.hidden = false;
        return;
      }
      this.lessonId = lessonId;
      this.video.src = url.value;
    }
    this.element.hidden = false;
    if (this.video.readyState < HTMLMediaElement.HAVE_METADATA) {
      await new Promise<void>((resolve) => this.video.addEventListener('loadedmetadata', () => resolve(), { once: true }));
    }
    this.video.currentTime = seconds;
    this.video.focus();
    // A click started this, so the browser lets it play with sound; if it does not, the controls are there.
    await this.video.play().catch(() => undefined);
  }

  /** Stops and forgets the file (after a trim or a rename the same id is a different file). */
  stop(): void {
    this.video.pause();
    this.video.removeAttribute('src');
    this.video.load();
    this.lessonId = undefined;
    this.element.hidden = true;
  }
}
