import * as v from 'valibot';
import type { MessageKey } from '../../common/i18n/messages';
import { KEY_PREFIX_WORDS, UPLOAD_FIELDS, type UploadSettings } from '../../common/settings';
import type { Words } from '../i18n/i18n';

export type UploadField = keyof UploadSettings;
type FlagField = { [K in UploadField]: UploadSettings[K] extends boolean ? K : never }[UploadField];
type NumberField = { [K in UploadField]: UploadSettings[K] extends number ? K : never }[UploadField];
/** The fields typed in a box: words, and numbers (read from their digits). */
export type TypedField = Exclude<UploadField, FlagField>;

/** What the School storage section's boxes hold: ticks as they are, everything else as typed. */
export type UploadFormValues = { [K in UploadField]: K extends FlagField ? boolean : string };

/** Each field's label, which its problems name. Complete by type: a new field does not compile without one. */
export const UPLOAD_FIELD_LABELS: Record<UploadField, MessageKey> = {
  enabled: 'storageEnabled',
  endpoint: 'storageEndpoint',
  region: 'storageRegion',
  bucket: 'storageBucket',
  keyPrefix: 'storageKeyPrefix',
  school: 'storageSchool',
  teacher: 'storageTeacher',
  pathStyle: 'storagePathStyle',
  accessKeyId: 'storageAccessKey',
  whileRecording: 'storageWhileRecording',
  maxMbps: 'storageMaxMbps',
  trashAfterDays: 'storageTrashAfterDays',
};

const FIELDS = Object.keys(UPLOAD_FIELD_LABELS) as UploadField[];
const FLAG_FIELDS = FIELDS.filter((field) => typeof UPLOAD_FIELDS[field].fallback === 'boolean') as FlagField[];
const NUMBER_FIELDS = FIELDS.filter((field) => typeof UPLOAD_FIELDS[field].fallback === 'number') as NumberField[];

export interface UploadFormReading {
  /** What to save: every field that reads well, and for one that does not, what was saved before. */
  settings: UploadSettings;
  /** Why a field was not taken, by field; empty when all read well. */
  problems: Partial<Record<UploadField, Words>>;
}

/** The boxes' contents for some settings (a number as its digits). */
export function uploadFormValues(settings: UploadSettings): UploadFormValues {
  const values = {} as Record<UploadField, string | boolean>;
  for (const field of FIELDS) values[field] = typeof settings[field] === 'boolean' ? settings[field] : String(settings[field]);
  return values as UploadFormValues;
}

/**
 * Reads the section's boxes as main will check them (common/settings.ts, one shape per field): spaces
 * around a value dropped, numbers typed with full-width digits (a Chinese input method) or a decimal
 * comma taken. A field that does not read well keeps its last saved value, so the others still save.
 */
export function readUploadForm(values: UploadFormValues, saved: UploadSettings): UploadFormReading {
  const settings = { ...saved } as Record<UploadField, unknown>;
  const problems: Partial<Record<UploadField, Words>> = {};
  for (const field of FIELDS) {
    const raw = values[field];
    let value: unknown = typeof raw === 'string' ? raw.trim() : raw;
    if ((NUMBER_FIELDS as UploadField[]).includes(field)) value = readNumber(String(value));
    const problem = problemOf(field, value);
    if (problem) problems[field] = problem;
    else settings[field] = value;
  }
  return { settings: settings as UploadSettings, problems };
}

/** Whether a field is a tick box (the rest are typed in). */
export function isFlagField(field: UploadField): field is FlagField {
  return (FLAG_FIELDS as UploadField[]).includes(field);
}

/** The most characters a typed field takes (its `maxlength`), from the same shape main checks. */
export function maxLengthOf(field: TypedField): number | undefined {
  const limit = requirementOf(field, 'max_length');
  return typeof limit === 'number' ? limit : undefined;
}

interface PipeItem {
  type: string;
  requirement?: unknown;
  pipe?: readonly PipeItem[];
}

/** What a check of a field's shape requires (`max_length` → 63), looking into the pipes it is made of. */
function requirementOf(field: UploadField, type: string): unknown {
  const search = (items: readonly PipeItem[]): unknown => {
    for (const item of items) {
      if (item.type === type && 'requirement' in item) return item.requirement;
      const inner = item.pipe && item.pipe !== items ? search(item.pipe.slice(1)) : undefined;
      if (inner !== undefined) return inner;
    }
    return undefined;
  };
  return search((UPLOAD_FIELDS[field].shape as PipeItem).pipe ?? []);
}

/** `" 12,5 "`, `"１２"` → 12.5, 12; NaN for anything that is not a plain number (empty included). */
function readNumber(text: string): number {
  const halfWidth = text.replace(/[\uFF10-\uFF19\uFF0E]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0)).replace(',', '.');
  return /^\d+(\.\d+)?$/.test(halfWidth) ? Number(halfWidth) : Number.NaN;
}

function problemOf(field: UploadField, value: unknown): Words | undefined {
  const label: Words = { key: UPLOAD_FIELD_LABELS[field] };
  const parsed = v.safeParse(UPLOAD_FIELDS[field].shape as v.GenericSchema, value);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    if (typeof value === 'number') {
      const whole = field === 'trashAfterDays';
      const range = rangeOf(field);
      return { key: whole ? 'storageInvalidWholeNumber' : 'storageInvalidNumber', params: { field: label, min: range.min, max: range.max } };
    }
    if (issue.type === 'max_length') return { key: 'storageInvalidTooLong', params: { field: label, max: Number(issue.requirement) } };
    if (field === 'endpoint' && ![...String(value)].some((char) => char.charCodeAt(0) < 0x20)) return { key: 'storageInvalidEndpoint' };
    return { key: 'storageInvalidCharacter', params: { field: label } };
  }
  if (field === 'keyPrefix') {
    const unknown = [...String(value).matchAll(/\{[^{}]*\}/g)].map((match) => match[0]).find((word) => !(KEY_PREFIX_WORDS as readonly string[]).includes(word));
    if (unknown) return { key: 'storageInvalidPrefixWord', params: { word: unknown, words: KEY_PREFIX_WORDS.join(' ') } };
  }
  return undefined;
}

/** The smallest and largest value a number field takes, from its shape. */
function rangeOf(field: UploadField): { min: number; max: number } {
  return { min: Number(requirementOf(field, 'min_value') ?? 0), max: Number(requirementOf(field, 'max_value') ?? 0) };
}
