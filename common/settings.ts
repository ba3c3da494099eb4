import * as v from 'valibot';
import { LANGUAGE_CHOICES } from './i18n/messages';
import { TimetableShape, usablePeriods } from './timetable';

/**
 * The teacher's settings: one model, owned by main (main/core/storage/settings-store.ts keeps it in
 * `<state>/settings.json`). Each setting is declared here once: its shape, its default, who may change it
 * and whether the page sees it. The types, the file's reading (a damaged value falls back to its
 * default), the check of `settings:update` and what the page is sent are all derived from this table.
 */

export const RECORDING_QUALITIES = ['720p', '1080p'] as const;
export type RecordingQuality = (typeof RECORDING_QUALITIES)[number];

/** What a lesson records. */
export const SOURCE_MODES = ['camera', 'screen', 'screen-camera'] as const;
export type SourceMode = (typeof SOURCE_MODES)[number];
/** Where the camera picture sits over the screen, or `off` for none. */
export const PIP_CORNERS = ['top-left', 'top-right', 'bottom-left', 'bottom-right', 'off'] as const;
export type PipCorner = (typeof PIP_CORNERS)[number];
export const PIP_SIZES = ['small', 'medium', 'large'] as const;
export type PipSize = (typeof PIP_SIZES)[number];
/** A volume: 1 = unchanged. */
export const MAX_GAIN = 2;

/** The commands a global hotkey can send. */
export const HOTKEY_COMMANDS = ['toggle-recording', 'toggle-pause', 'mark-part'] as const;
export type HotkeyCommand = (typeof HOTKEY_COMMANDS)[number];

/**
 * Who changes a setting: `page` through `settings:update`; `main` by its own means (its folder dialog, the
 * checks of `hotkeys:set`, its screen picker); `admin` only by editing the file (or a school's settings file).
 */
export type SettingOwner = 'page' | 'main' | 'admin';

interface SettingSpec<S extends v.GenericSchema = v.GenericSchema, O extends SettingOwner = SettingOwner, Shown extends boolean = boolean> {
  shape: S;
  fallback: v.InferOutput<S>;
  owner: O;
  /** Sent to the page (in AppState and `settings:changed`). */
  shown: Shown;
}

function setting<S extends v.GenericSchema, O extends SettingOwner, Shown extends boolean = true>(
  shape: S,
  fallback: v.InferOutput<S>,
  owner: O,
  shown: Shown = true as Shown,
): SettingSpec<S, O, Shown> {
  return { shape, fallback, owner, shown };
}

const flag = v.boolean();
const deviceId = v.pipe(v.string(), v.maxLength(512));
const gain = v.pipe(v.number(), v.minValue(0), v.maxValue(MAX_GAIN));

/** The sources, devices and layout the teacher chose, remembered between launches. */
export const CAPTURE_FIELDS = {
  mode: setting(v.picklist(SOURCE_MODES), 'camera', 'page'),
  corner: setting(v.picklist(PIP_CORNERS), 'bottom-right', 'page'),
  pipSize: setting(v.picklist(PIP_SIZES), 'medium', 'page'),
  /** Device ids from enumerateDevices; empty for the system default. */
  cameraId: setting(deviceId, '', 'page'),
  microphoneId: setting(deviceId, '', 'page'),
  microphoneGain: setting(gain, 1, 'page'),
  systemAudioGain: setting(gain, 1, 'page'),
};

const line = (max: number) =>
  v.pipe(
    v.string(),
    v.maxLength(max),
    v.check((text) => !/[\p{Cc}]/u.test(text), 'has a control character'),
  );
/** An http(s) address, or empty for none yet. */
const endpoint = v.pipe(
  line(500),
  v.check((text) => text === '' || /^https?:\/\/[^\s/]+(\/.*)?$/i.test(text), 'is not an http(s) address'),
);

/** The words a key prefix may hold, filled in when a lesson is uploaded (main/core/upload/object-key.ts). */
export const KEY_PREFIX_WORDS = ['{school}', '{teacher}', '{YYYY}', '{MM}', '{DD}'] as const;
export const DEFAULT_KEY_PREFIX = '{school}/{teacher}/{YYYY}/{MM}/';

/**
 * The school's storage (issue #13): an S3-compatible bucket every saved lesson is uploaded to, in the
 * background. Off by default. The secret key is not here: main keeps it apart, encrypted by the OS
 * (main/core/upload/secret-store.ts), and the page only sets it (`upload:set-secret`).
 */
export const UPLOAD_FIELDS = {
  enabled: setting(flag, false, 'page'),
  /** e.g. `https://s3.eu-west-1.amazonaws.com`, `https://oss-cn-hangzhou.aliyuncs.com`, `http://nas.school.lan:7480`. */
  endpoint: setting(endpoint, '', 'page'),
  region: setting(line(64), 'us-east-1', 'page'),
  bucket: setting(line(63), '', 'page'),
  /** Where in the bucket a lesson goes; the words of KEY_PREFIX_WORDS are filled in. */
  keyPrefix: setting(line(300), DEFAULT_KEY_PREFIX, 'page'),
  school: setting(line(100), '', 'page'),
  teacher: setting(line(100), '', 'page'),
  /** `https://host/bucket/key` (self-hosted servers: Ceph, MinIO) instead of `https://bucket.host/key` (AWS, OSS, COS). */
  pathStyle: setting(flag, true, 'page'),
  accessKeyId: setting(line(128), '', 'page'),
  /** Upload while a lesson records (it shares the network and a little CPU with the lesson). */
  whileRecording: setting(flag, false, 'page'),
  /** The most the uploads may use, in megabits per second; 0 for no cap. */
  maxMbps: setting(v.pipe(v.number(), v.minValue(0), v.maxValue(10_000)), 0, 'page'),
  /** Move lessons uploaded and verified, recorded this many days ago or more, to the trash; 0 never does. */
  trashAfterDays: setting(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3650)), 0, 'page'),
};

/** The screen or window the teacher last chose in the app's picker: a screen by its display, a window by its title. */
export const SourceKeyShape = v.variant('kind', [
  v.object({ kind: v.literal('screen'), displayId: v.pipe(v.string(), v.maxLength(100)), name: v.pipe(v.string(), v.maxLength(100)) }),
  v.object({ kind: v.literal('window'), name: v.pipe(v.string(), v.maxLength(100)) }),
]);
export type SourceKey = v.InferOutput<typeof SourceKeyShape>;

export const SETTINGS = {
  /** Absolute folder where finished lessons are saved. Chosen by main (dialog), never by the page. */
  saveFolder: setting(v.pipe(v.string(), v.minLength(1), v.maxLength(4096)), '', 'main'),
  /** The lesson length the teacher plans for, used by the disk-space estimate. */
  plannedLessonMinutes: setting(v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(24 * 60)), 120, 'admin'),
  /** Largest picture recorded, and the bitrate that goes with it (renderer/recording/quality.ts). 1080p: what a projected slide needs. */
  quality: setting(v.picklist(RECORDING_QUALITIES), '1080p', 'page'),
  /** The first-launch welcome (save folder, permissions) was completed. */
  welcomeDone: setting(flag, false, 'page'),
  /** Start the desktop app when the teacher logs in to the computer. */
  openAtLogin: setting(flag, false, 'page'),
  /** At launch, stay in the tray (menu bar) instead of showing the window. */
  startMinimized: setting(flag, false, 'page'),
  /** The language of the window, the tray, the dialogs and the file names; `system` follows the computer. */
  language: setting(v.picklist(LANGUAGE_CHOICES), 'system', 'page'),
  /** Count 3-2-1 before a lesson starts recording, so the teacher can get ready. */
  countdown: setting(flag, true, 'page'),
  capture: setting(v.strictObject(shapesOf(CAPTURE_FIELDS)), fallbacksOf(CAPTURE_FIELDS), 'page'),
  /** The week's lessons, recorded by themselves (main/core/timetable/); empty: only Record starts a lesson. */
  timetable: setting(TimetableShape, [], 'page'),
  /** Global hotkeys chosen by the teacher, checked by `hotkeys:set`; a command not named takes its default, null = none. */
  hotkeys: setting(v.partial(v.strictObject(mapFields(byCommand(), () => v.nullable(v.pipe(v.string(), v.maxLength(100)))))), {}, 'main', false),
  upload: setting(v.strictObject(shapesOf(UPLOAD_FIELDS)), fallbacksOf(UPLOAD_FIELDS), 'page'),
  /** The screen or window last chosen in the app's picker (desktop app). */
  captureSource: setting(v.nullable(SourceKeyShape), null, 'main', false),
  /** An administrator may point at a specific ffmpeg. */
  ffmpegPath: setting(v.pipe(v.string(), v.maxLength(4096)), '', 'admin', false),
};

type Specs = typeof SETTINGS;
export type SettingKey = keyof Specs;
/** Every setting as main holds it. */
export type StoredSettings = { -readonly [K in SettingKey]: v.InferOutput<Specs[K]['shape']> };
export type CaptureSettings = StoredSettings['capture'];
export type UploadSettings = StoredSettings['upload'];

/** The settings made of fields, each field read on its own from a file (one bad field takes its default alone). */
const GROUPS: Partial<Record<SettingKey, Record<string, SettingSpec>>> = { capture: CAPTURE_FIELDS, upload: UPLOAD_FIELDS };

/** The settings the page sees, and those it may change with `settings:update`. */
export type ShownSettingKey = { [K in SettingKey]: Specs[K]['shown'] extends true ? K : never }[SettingKey];
export type PageSettingKey = { [K in SettingKey]: Specs[K]['owner'] extends 'page' ? K : never }[SettingKey];
export type Settings = Pick<StoredSettings, ShownSettingKey>;
export type SettingsChange = Partial<Pick<StoredSettings, PageSettingKey>>;
export const SHOWN_SETTINGS = keysOf((spec) => spec.shown) as readonly ShownSettingKey[];
export const PAGE_SETTINGS = keysOf((spec) => spec.owner === 'page') as readonly PageSettingKey[];

/** The check of a `settings:update` change: only settings the page may change, each of its shape, at least one. */
export const SettingsChangeShape = v.pipe(
  v.strictObject(
    Object.fromEntries(PAGE_SETTINGS.map((key) => [key, v.optional(SETTINGS[key].shape)])) as {
      [K in PageSettingKey]: v.OptionalSchema<Specs[K]['shape'], undefined>;
    },
  ),
  v.check((change) => Object.keys(change).length > 0, 'the change is empty'),
);

const lenient = v.object(
  Object.fromEntries(
    Object.entries(SETTINGS).map(([key, spec]) => [
      key,
      GROUPS[key as SettingKey]
        ? v.fallback(
            v.object(mapFields(GROUPS[key as SettingKey]!, (field) => v.fallback(field.shape as v.GenericSchema, field.fallback))),
            structuredClone(spec.fallback) as never,
          )
        : key === 'timetable'
          ? v.pipe(
              v.fallback(v.array(v.unknown()), []),
              v.transform((items: unknown[]) => usablePeriods(items)),
            )
          : key === 'hotkeys'
            ? v.fallback(v.object(mapFields(byCommand(), () => v.fallback(v.optional(v.nullable(v.pipe(v.string(), v.maxLength(100)))), undefined))), {})
            : v.fallback(spec.shape as v.GenericSchema, spec.fallback),
    ]),
  ) as v.ObjectEntries,
);

/**
 * Reads a settings file leniently: each setting (and each of the capture choices) that is missing or not
 * of its shape takes its default, and unknown keys are dropped, so a hand-edited or damaged file can never
 * keep the app from starting.
 */
export function settingsFromFile(raw: unknown): StoredSettings {
  const value = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {};
  const settings = structuredClone(v.parse(lenient, value)) as StoredSettings;
  for (const command of HOTKEY_COMMANDS) if (settings.hotkeys[command] === undefined) delete settings.hotkeys[command];
  return settings;
}

export function defaultSettings(): StoredSettings {
  return Object.fromEntries(Object.entries(SETTINGS).map(([key, spec]) => [key, structuredClone(spec.fallback)])) as StoredSettings;
}

/** The part of the settings the page sees. */
export function shownSettings(settings: StoredSettings): Settings {
  return Object.fromEntries(SHOWN_SETTINGS.map((key) => [key, settings[key]])) as Settings;
}

function keysOf(predicate: (spec: Specs[SettingKey]) => boolean): SettingKey[] {
  return (Object.keys(SETTINGS) as SettingKey[]).filter((key) => predicate(SETTINGS[key]));
}

function mapFields<T extends Record<string, unknown>, R>(fields: T, map: (value: T[keyof T]) => R): { [K in keyof T]: R } {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, map(value as T[keyof T])])) as { [K in keyof T]: R };
}

function shapesOf<T extends Record<string, SettingSpec>>(fields: T): { [K in keyof T]: T[K]['shape'] } {
  return mapFields(fields, (spec) => spec.shape) as { [K in keyof T]: T[K]['shape'] };
}

function fallbacksOf<T extends Record<string, SettingSpec>>(fields: T): { [K in keyof T]: v.InferOutput<T[K]['shape']> } {
  return mapFields(fields, (spec) => spec.fallback) as { [K in keyof T]: v.InferOutput<T[K]['shape']> };
}

function byCommand(): Record<HotkeyCommand, true> {
  return Object.fromEntries(HOTKEY_COMMANDS.map((command) => [command, true])) as Record<HotkeyCommand, true>;
}
