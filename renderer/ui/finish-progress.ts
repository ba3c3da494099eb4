import type { FinishProgress, FinishStage } from '../../common/ipc-contract';
import { currentLanguage, t } from '../i18n/i18n';
import type { MessageKey } from '../../common/i18n/messages';
import { h } from './dom';

const STAGE_TEXT: Record<Exclude<FinishStage, 'done'>, MessageKey> = {
  closing: 'finishClosing',
  verifying: 'finishVerifying',
  remuxing: 'finishRemuxing',
  saving: 'finishSaving',
};

/**
 * What the teacher sees between Stop and the lesson card: the stage main reports (`finish:progress`) and,
 * while ffmpeg converts the recording, a bar with the percent from ffmpeg's own `time=` output. Stages are
 * announced; the percent every quarter, so a screen reader is not flooded.
 */
export class FinishProgressView {
  private readonly stage = h('p', { class: 'finish-stage' }, t('finishing'));
  private readonly bar = h('progress', { 'aria-label': t('finishingProgress'), max: 1 });
  private readonly percent = h('span', { class: 'finish-percent', 'aria-hidden': 'true' });
  readonly element = h('div', { class: 'finishing', hidden: true }, this.stage, h('div', { class: 'finish-bar' }, this.bar, this.percent));
  private lastStage: FinishStage | undefined;
  private lastQuarter = 0;

  constructor(private readonly announce: (message: string) => void) {}

  /** Stop was pressed: an indeterminate bar until main says more. */
  reset(): void {
    this.lastStage = undefined;
    this.lastQuarter = 0;
    this.stage.textContent = t('finishing');
    this.bar.removeAttribute('value');
    this.bar.removeAttribute('aria-valuetext');
    this.percent.textContent = '';
  }

  update(progress: FinishProgress): void {
    if (progress.stage === 'done') return;
    const stageText = t(STAGE_TEXT[progress.stage]);
    if (progress.stage !== this.lastStage) {
      this.lastStage = progress.stage;
      this.stage.textContent = stageText;
      this.announce(stageText);
    }
    // Only the conversion has a length to measure against; the other stages take a moment each.
    if (progress.fraction === undefined || progress.stage !== 'remuxing') {
      this.bar.removeAttribute('value');
      this.bar.removeAttribute('aria-valuetext');
      this.percent.textContent = '';
      return;
    }
    const text = new Intl.NumberFormat(currentLanguage(), { style: 'percent' }).format(Math.floor(progress.fraction * 100) / 100);
    this.bar.value = progress.fraction;
    this.bar.setAttribute('aria-valuetext', text);
    this.percent.textContent = text;
    const quarter = Math.floor(progress.fraction * 4);
    if (quarter > this.lastQuarter && quarter < 4) {
      this.lastQuarter = quarter;
      this.announce(`${stageText} ${text}`);
    }
  }
}
