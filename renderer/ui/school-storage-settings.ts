import * as v from 'valibot';
import { UploadSecretShape, type IpcError, type RecorderApi, type UploadStatus } from '../../common/ipc-contract';
import type { MessageKey } from '../../common/i18n/messages';
import { KEY_PREFIX_WORDS, type UploadSettings } from '../../common/settings';
import { errorWords } from '../i18n/error-words';
import { say, t, type Words } from '../i18n/i18n';
import type { SettingsClient } from '../settings/settings-client';
import {
  isFlagField,
  maxLengthOf,
  readUploadForm,
  UPLOAD_FIELD_LABELS,
  uploadFormValues,
  type TypedField,
  type UploadField,
  type UploadFormValues,
} from '../settings/upload-form';
import { h } from './dom';
import { secretWords, uploadTestWords } from './upload-words';

/** The typed fields in the order they are shown, each with its hint (if any) and the keyboard it wants. */
const TEXT_FIELDS: ReadonlyArray<{ field: TypedField; hint?: MessageKey; inputmode?: string }> = [
  { field: 'endpoint', hint: 'storageEndpointHint', inputmode: 'url' },
  { field: 'region' },
  { field: 'bucket' },
  { field: 'keyPrefix', hint: 'storageKeyPrefixHint' },
  { field: 'school' },
  { field: 'teacher' },
];
const SPEED_FIELDS: ReadonlyArray<{ field: TypedField; hint: MessageKey; inputmode: string }> = [
  { field: 'maxMbps', hint: 'storageMaxMbpsHint', inputmode: 'decimal' },
  { field: 'trashAfterDays', hint: 'storageTrashAfterDaysHint', inputmode: 'numeric' },
];

/**
 * "School storage" in Settings (issue #13): where saved lessons are uploaded by themselves. The fields are
 * main's `upload` setting, saved whole at each change; a field that does not read well is said beside it
 * and keeps what the teacher typed, while the others are saved. The secret key is only ever sent
 * (`upload:set-secret`), never shown back: the section says whether one is stored, and warns when this
 * computer cannot keep it secret.
 */
export class SchoolStorageSettings {
  private readonly inputs = new Map<UploadField, HTMLInputElement>();
  private readonly problems = new Map<UploadField, HTMLElement>();
  private readonly secret = h('input', {
    type: 'password',
    id: 'storage-secret',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'storage-secret-state',
  });
  private readonly saveSecret = h('button', { type: 'button', class: 'secondary', 'aria-label': t('storageSecretSaveLabel') }, t('save'));
  private readonly removeSecret = h('button', { type: 'button', class: 'secondary', hidden: true }, t('storageSecretRemove'));
  private readonly secretState = h('p', { class: 'setting-note', id: 'storage-secret-state' });
  private readonly secretWarning = h('p', { class: 'storage-warning', hidden: true });
  private readonly testButton = h('button', { type: 'button', class: 'secondary' }, t('storageTest'));
  private readonly importButton = h('button', { type: 'button', class: 'secondary' }, t('storageImport'));
  private readonly message = h('p', { class: 'setting-message', role: 'status' });
  /** The save in flight, so Test connection tries what the teacher just typed. */
  private saving: Promise<unknown> = Promise.resolve();
  readonly element: HTMLFieldSetElement;

  constructor(
    private readonly settings: SettingsClient,
    private readonly api: RecorderApi,
    { uploads, desktopApp }: { uploads: UploadStatus; desktopApp: boolean },
  ) {
    this.element = h(
      'fieldset',
      { class: 'setting-group storage-setting' },
      h('legend', {}, t('storageSetting')),
      h('p', { class: 'setting-note' }, t('storageIntro')),
      this.check('enabled'),
      ...TEXT_FIELDS.map((spec) => this.textField(spec)),
      this.check('pathStyle', 'storagePathStyleHint'),
      this.textField({ field: 'accessKeyId' }),
      h(
        'div',
        { class: 'storage-field' },
        h('label', { for: this.secret.id }, t('storageSecret')),
        h('span', { class: 'storage-secret' }, this.secret, this.saveSecret, this.removeSecret),
        this.secretState,
        this.secretWarning,
      ),
      this.check('whileRecording'),
      ...SPEED_FIELDS.map((spec) => this.textField(spec)),
      h('p', { class: 'storage-buttons' }, this.testButton, desktopApp ? this.importButton : ''),
      this.message,
    );
    this.show(settings.value.upload, true);
    this.showStatus(uploads);
    settings.onChange((changed) => this.show(changed.upload, false));
    api.onUploadsChanged((status) => this.showStatus(status));
    this.saveSecret.addEventListener('click', () => void this.storeSecret(this.secret.value.trim()));
    this.secret.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        void this.storeSecret(this.secret.value.trim());
      }
    });
    this.removeSecret.addEventListener('click', () => void this.sendSecret('', 'storageSecretRemoved'));
    this.testButton.addEventListener('click', () => void this.test());
    this.importButton.addEventListener('click', () => void this.importFile());
  }

  private check(field: UploadField, hint?: MessageKey): HTMLElement {
    const id = `storage-${field}`;
    const input = h('input', { type: 'checkbox', id, 'aria-describedby': hint ? `${id}-hint` : undefined });
    this.inputs.set(field, input);
    input.addEventListener('change', () => void this.save());
    return h(
      'div',
      { class: 'storage-check' },
      h('div', { class: 'check' }, input, h('label', { for: id }, t(UPLOAD_FIELD_LABELS[field]))),
      hint ? h('p', { class: 'setting-note', id: `${id}-hint` }, t(hint)) : '',
    );
  }

  private textField({ field, hint, inputmode }: { field: TypedField; hint?: MessageKey; inputmode?: string }): HTMLElement {
    const id = `storage-${field}`;
    const problem = h('p', { class: 'field-problem', id: `${id}-problem`, hidden: true });
    const input = h('input', {
      type: 'text',
      id,
      inputmode,
      maxlength: maxLengthOf(field),
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-describedby': [hint ? `${id}-hint` : '', problem.id].join(' ').trim(),
    });
    this.inputs.set(field, input);
    this.problems.set(field, problem);
    input.addEventListener('change', () => void this.save());
    const hintText = hint === 'storageKeyPrefixHint' ? t(hint, { words: KEY_PREFIX_WORDS.join(' ') }) : hint ? t(hint) : '';
    return h(
      'div',
      { class: 'storage-field' },
      h('label', { for: id }, t(UPLOAD_FIELD_LABELS[field])),
      input,
      hint ? h('p', { class: 'setting-note', id: `${id}-hint` }, hintText) : '',
      problem,
    );
  }

  /** Shows saved settings; `all` also replaces a field the teacher is in or one whose typing was refused. */
  private show(upload: UploadSettings, all: boolean): void {
    const values = uploadFormValues(upload);
    for (const [field, input] of this.inputs) {
      const refused = !this.problems.get(field)?.hidden;
      if (!all && (refused || input === document.activeElement)) continue;
      if (isFlagField(field)) input.checked = values[field] as boolean;
      else input.value = values[field] as string;
      if (all) this.showProblem(field, undefined);
    }
  }

  private showStatus(status: UploadStatus): void {
    const { stored, warning } = secretWords(status.secret);
    this.secretState.textContent = say(stored);
    this.secretWarning.hidden = warning === undefined;
    this.secretWarning.textContent = warning ? say(warning) : '';
    this.removeSecret.hidden = status.secret === 'none';
  }

  private formValues(): UploadFormValues {
    const values = {} as Record<UploadField, string | boolean>;
    for (const [field, input] of this.inputs) values[field] = isFlagField(field) ? input.checked : input.value;
    return values as UploadFormValues;
  }

  private showProblem(field: UploadField, words: Words | undefined): void {
    const element = this.problems.get(field);
    const input = this.inputs.get(field);
    if (!element || !input) return;
    element.hidden = words === undefined;
    element.textContent = words ? say(words) : '';
    if (words) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  /** Saves every field that reads well; the one that does not is said beside it and in the message. */
  private save(): Promise<void> {
    const run = async () => {
      const saved = this.settings.value.upload;
      const { settings, problems } = readUploadForm(this.formValues(), saved);
      for (const field of this.inputs.keys()) this.showProblem(field, problems[field]);
      const first = Object.values(problems)[0];
      if (JSON.stringify(settings) !== JSON.stringify(saved)) {
        const result = await this.settings.update({ upload: settings });
        if (!result.ok) return this.say({ key: 'settingFailed', params: { reason: errorWords(result.error) } });
      }
      this.say(first ? { key: 'storageNotSaved', params: { problem: first } } : { key: 'storageSaved' });
    };
    const next = this.saving.then(run, run);
    this.saving = next;
    return next;
  }

  /** Save: the key typed or pasted (spaces around it dropped); an empty box stores nothing. */
  private async storeSecret(secret: string): Promise<void> {
    if (secret === '') return this.say({ key: 'storageSecretEmpty' });
    if (!v.safeParse(UploadSecretShape, { secret }).success) return this.say({ key: 'storageSecretInvalid' });
    await this.sendSecret(secret, 'storageSecretSaved');
  }

  /** An empty secret removes the stored one. */
  private async sendSecret(secret: string, done: MessageKey): Promise<void> {
    const result = await this.api.setUploadSecret({ secret });
    if (!result.ok) return this.say({ key: 'settingFailed', params: { reason: errorWords(result.error) } });
    this.secret.value = '';
    this.showStatus(result.value);
    this.say({ key: done });
    // Remove hides itself: the keyboard goes on in the box.
    if (secret === '') this.secret.focus();
  }

  private async test(): Promise<void> {
    this.testButton.disabled = true;
    this.say({ key: 'storageTesting' });
    try {
      await this.saving;
      const result = await this.api.testUpload();
      if (!result.ok) return this.say({ key: 'storageTestFailed', params: { reason: errorWords(result.error) } });
      if (!result.value.ok) console.info(`[uploads] test connection: ${result.value.problem}: ${result.value.message}`);
      this.say(uploadTestWords(result.value));
    } finally {
      this.testButton.disabled = false;
    }
  }

  private async importFile(): Promise<void> {
    const result = await this.api.importUploadSettings();
    if (!result.ok) return this.say({ key: 'storageImportFailed', params: { reason: importErrorWords(result.error) } });
    if (result.value === null) return; // cancelled in the dialog
    this.show(result.value.upload, true);
    const status = await this.api.getUploads();
    if (status.ok) this.showStatus(status.value);
    this.say({ key: 'storageImported' });
  }

  private say(words: Words): void {
    this.message.textContent = say(words);
  }
}

/** A school's file main could not take: `invalid-request` is the file itself (unreadable, or a field it refused). */
function importErrorWords(error: IpcError): Words {
  return error.code === 'invalid-request' ? { key: 'storageImportInvalid' } : errorWords(error);
}
