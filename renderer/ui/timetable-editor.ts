import * as v from 'valibot';
import { minutesOf, overlappingPeriods, parsePeriods, TimetableShape, WEEKDAYS, type Period, type Weekday } from '../../common/timetable';
import { errorWords } from '../i18n/error-words';
import { currentLanguage, say, t, type Words } from '../i18n/i18n';
import type { SettingsClient } from '../settings/settings-client';
import { h } from './dom';

/** The most lessons a timetable holds (TimetableShape). */
const MAX_PERIODS = 100;

/** Monday … Sunday in the teacher's language (2026-11-30 was a Monday). */
function weekdayName(weekday: Weekday, width: 'long' | 'short' = 'long'): string {
  return new Date(2026, 10, 29 + weekday).toLocaleDateString(currentLanguage(), { weekday: width });
}

interface Row {
  id: string;
  element: HTMLTableRowElement;
  weekday: HTMLSelectElement;
  start: HTMLInputElement;
  end: HTMLInputElement;
  title: HTMLInputElement;
}

/**
 * The timetable in Settings: the week's lessons as rows (day, start, end, title; the time boxes are the
 * browser's, so they show the OS's time format), added one by one or typed and pasted as text. Each change
 * is checked as main will check it (common/timetable.ts) and saved at once; overlapping lessons are
 * refused with what overlaps.
 */
export class TimetableEditor {
  private rows: Row[] = [];
  private readonly body = h('tbody', {});
  private readonly empty = h('p', { class: 'setting-note' }, t('timetableEmpty'));
  private readonly addButton = h('button', { type: 'button', class: 'secondary' }, t('timetableAdd'));
  private readonly pasteBox = h('textarea', { id: 'timetable-paste', rows: 4, 'aria-describedby': 'timetable-paste-hint' });
  private readonly pasteButton = h('button', { type: 'button', class: 'secondary' }, t('timetablePasteAdd'));
  private readonly message = h('p', { class: 'setting-message', role: 'status' });
  private readonly table = h(
    'table',
    { class: 'timetable' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...(['timetableDay', 'timetableStart', 'timetableEnd', 'timetableTitle'] as const).map((key) => h('th', { scope: 'col' }, t(key))),
        h('th', {}),
      ),
    ),
    this.body,
  );
  readonly element = h(
    'fieldset',
    { class: 'setting-group timetable-setting' },
    h('legend', {}, t('timetableSetting')),
    h('p', { class: 'setting-note' }, t('timetableHint')),
    this.empty,
    this.table,
    h('p', {}, this.addButton),
    h('label', { for: 'timetable-paste' }, t('timetablePaste')),
    h('p', { class: 'setting-note', id: 'timetable-paste-hint' }, t('timetablePasteHint')),
    this.pasteBox,
    h('p', {}, this.pasteButton),
    this.message,
  );

  constructor(private readonly settings: SettingsClient) {
    this.showPeriods(settings.value.timetable);
    // Another window changed it: shown here too, unless the teacher is typing in it.
    settings.onChange((changed) => {
      if (JSON.stringify(changed.timetable) !== JSON.stringify(this.periods()) && !this.element.contains(document.activeElement))
        this.showPeriods(changed.timetable);
    });
    this.addButton.addEventListener('click', () => void this.addRow());
    this.pasteButton.addEventListener('click', () => void this.addPasted());
  }

  private showPeriods(periods: readonly Period[]): void {
    this.rows = periods.map((period) => this.row(period));
    this.body.replaceChildren(...this.rows.map((row) => row.element));
    this.showEmpty();
  }

  private showEmpty(): void {
    this.empty.hidden = this.rows.length > 0;
    this.table.hidden = this.rows.length === 0;
  }

  private row(period: Period): Row {
    const label = (key: 'timetableDay' | 'timetableStart' | 'timetableEnd' | 'timetableTitle') => t(key);
    const weekday = h('select', { 'aria-label': label('timetableDay') }, ...WEEKDAYS.map((day) => h('option', { value: String(day) }, weekdayName(day))));
    weekday.value = String(period.weekday);
    const start = h('input', { type: 'time', required: true, value: period.start, 'aria-label': label('timetableStart') });
    const end = h('input', { type: 'time', required: true, value: period.end, 'aria-label': label('timetableEnd') });
    const title = h('input', { type: 'text', maxlength: 120, value: period.title, 'aria-label': label('timetableTitle') });
    const remove = h('button', { type: 'button', class: 'secondary' }, '×');
    const element = h('tr', {}, h('td', {}, weekday), h('td', {}, start), h('td', {}, end), h('td', {}, title), h('td', {}, remove)) as HTMLTableRowElement;
    const row: Row = { id: period.id, element, weekday, start, end, title };
    const named = () => remove.setAttribute('aria-label', t('timetableRemove', { title: title.value || weekdayName(Number(weekday.value) as Weekday) }));
    named();
    for (const input of [weekday, start, end, title]) input.addEventListener('change', () => void this.save());
    title.addEventListener('input', named);
    remove.addEventListener('click', () => {
      const index = this.rows.indexOf(row);
      this.rows.splice(index, 1);
      element.remove();
      this.showEmpty();
      // The keyboard stays in the table: on the next row's Remove, or on Add.
      const next = this.rows[index] ?? this.rows[index - 1];
      (next?.element.querySelector('button') ?? this.addButton).focus();
      void this.save();
    });
    return row;
  }

  /** A new lesson: today, at the next full hour, 45 minutes long; its day box gets the keyboard. */
  private async addRow(): Promise<void> {
    if (this.rows.length >= MAX_PERIODS) return this.say({ key: 'timetableFull' });
    const now = new Date();
    const hour = Math.min(22, now.getHours() + 1);
    const period: Period = { id: newId(), weekday: (((now.getDay() + 6) % 7) + 1) as Weekday, start: `${pad(hour)}:00`, end: `${pad(hour)}:45`, title: '' };
    const row = this.row(period);
    this.rows.push(row);
    this.body.append(row.element);
    this.showEmpty();
    row.weekday.focus();
    await this.save();
  }

  private async addPasted(): Promise<void> {
    const pasted = parsePeriods(this.pasteBox.value);
    if (this.rows.length + pasted.periods.length > MAX_PERIODS) return this.say({ key: 'timetableFull' });
    const added = pasted.periods.map((period) => this.row({ ...period, id: newId() }));
    this.rows.push(...added);
    this.body.append(...added.map((row) => row.element));
    this.showEmpty();
    // Only the lines that could not be read stay in the box, for the teacher to mend.
    const lines = this.pasteBox.value.split(/\r?\n/);
    this.pasteBox.value = pasted.unreadable.map((line) => lines[line - 1]).join('\n');
    const saved = await this.save();
    if (saved && pasted.unreadable.length > 0) this.say({ key: 'timetablePasteUnreadable', params: { lines: pasted.unreadable.join(', ') } });
  }

  private periods(): Period[] {
    return this.rows.map((row) => ({
      id: row.id,
      weekday: Number(row.weekday.value) as Weekday,
      start: row.start.value,
      end: row.end.value,
      title: row.title.value.trim(),
    }));
  }

  /** Checks the whole timetable as main will, and saves it when it passes. */
  private async save(): Promise<boolean> {
    const periods = this.periods();
    const problem = this.problemOf(periods);
    if (problem) {
      this.say(problem);
      return false;
    }
    const result = await this.settings.update({ timetable: periods });
    this.say(result.ok ? { key: 'timetableSaved' } : { key: 'settingFailed', params: { reason: errorWords(result.error) } });
    return result.ok;
  }

  private problemOf(periods: Period[]): Words | undefined {
    if (v.safeParse(TimetableShape, periods).success) return undefined;
    const backwards = periods.find(
      (period) => !/^\d\d:\d\d$/.test(period.start) || !/^\d\d:\d\d$/.test(period.end) || minutesOf(period.end) <= minutesOf(period.start),
    );
    if (backwards) return { key: 'timetableEndsFirst', params: { day: weekdayName(backwards.weekday) } };
    const [pair] = overlappingPeriods(periods);
    if (pair) {
      const [first, second] = pair.map((period) => period.title || `${period.start}–${period.end}`);
      return { key: 'timetableOverlap', params: { first: first!, second: second!, day: weekdayName(pair[0].weekday) } };
    }
    return { key: 'timetableFull' };
  }

  private say(words: Words): void {
    this.message.textContent = say(words);
  }
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function newId(): string {
  return crypto.randomUUID();
}
