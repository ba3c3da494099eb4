import type { IpcError, LessonListItem, RecorderApi } from '../../common/ipc-contract';
import { errorWords } from '../i18n/error-words';
import { say, t } from '../i18n/i18n';
import { h } from './dom';

/** The teacher's words for a refused rename. */
function renameProblem(error: IpcError): string {
  if (error.code === 'invalid-title') return t('renameInvalid');
  if (error.code === 'lesson-missing') return t('renameMissing');
  if (error.code === 'busy') return t('renameBusy');
  return say(errorWords(error));
}

/**
 * An inline "New title [Save] [Cancel]" form, used by the lesson card and each row of the lessons list.
 * Main does the renaming (`lesson:rename`); the form only sends the id and the typed title. Escape and
 * Cancel close it, and focus goes back to whatever opened it.
 */
export class RenameForm {
  private static count = 0;
  private lessonId = '';
  private opener: HTMLElement | undefined;
  private readonly input: HTMLInputElement;
  private readonly save = h('button', { type: 'submit' }, t('save'));
  private readonly problem = h('p', { class: 'rename-problem', role: 'alert' });
  readonly element: HTMLFormElement;

  constructor(
    private readonly api: RecorderApi,
    private readonly onRenamed: (lesson: LessonListItem) => void,
  ) {
    const inputId = `rename-title-${++RenameForm.count}`;
    this.input = h('input', { type: 'text', id: inputId, maxlength: 120, autocomplete: 'off' });
    const cancel = h('button', { type: 'button', class: 'secondary' }, t('cancelForm'));
    this.element = h('form', { class: 'rename-form', hidden: true }, h('label', { for: inputId }, t('newTitle')), this.input, this.save, cancel, this.problem);
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    cancel.addEventListener('click', () => this.close());
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.close();
      }
    });
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  /**
   * Opens the form for a lesson, with its current title selected: the part of its name the teacher typed
   * (`LessonListItem.lessonTitle`, read by main); main keeps the date and marks on a rename.
   */
  open(lessonId: string, lessonTitle: string, opener: HTMLElement): void {
    this.lessonId = lessonId;
    this.opener = opener;
    this.input.value = lessonTitle;
    this.problem.textContent = '';
    this.element.hidden = false;
    this.input.focus();
    this.input.select();
  }

  close(): void {
    this.element.hidden = true;
    this.opener?.focus();
  }

  private async submit(): Promise<void> {
    this.save.disabled = true;
    const result = await this.api.renameLesson({ lessonId: this.lessonId, title: this.input.value });
    this.save.disabled = false;
    if (!result.ok) {
      this.problem.textContent = renameProblem(result.error);
      this.input.focus();
      return;
    }
    this.element.hidden = true;
    this.opener?.focus();
    this.onRenamed(result.value);
  }
}
