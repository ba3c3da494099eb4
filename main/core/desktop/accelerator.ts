import type { Platform } from '../../../common/ipc-contract';
/**
 * Electron accelerator strings ("CommandOrControl+Shift+F9"), parsed and written back in one canonical
 * form, without Electron: settings files are hand-edited, and a typo must become a clear message, not a
 * silently dead hotkey. Grammar: https://www.electronjs.org/docs/latest/api/accelerator
 */

/** Modifiers in the order the canonical form writes them. */
export const MODIFIERS = ['CommandOrControl', 'Command', 'Control', 'Alt', 'AltGr', 'Shift', 'Super'] as const;
export type Modifier = (typeof MODIFIERS)[number];

/** Platforms that decide what CommandOrControl means. */
export type DesktopPlatform = Platform;

/** Node's platform as one of ours: every Unix that is not macOS behaves like Linux here. */
export function toDesktopPlatform(platform: NodeJS.Platform): DesktopPlatform {
  return platform === 'darwin' || platform === 'win32' ? platform : 'linux';
}

export interface Accelerator {
  /** Distinct modifiers, in canonical order. */
  modifiers: Modifier[];
  /** The one non-modifier key, in Electron's spelling (e.g. "F9", "A", "Plus", "num5"). */
  key: string;
}

export type ParseResult = { ok: true; accelerator: Accelerator; text: string } | { ok: false; problem: string };

const MODIFIER_ALIASES: Record<string, Modifier> = {
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  command: 'Command',
  cmd: 'Command',
  control: 'Control',
  ctrl: 'Control',
  alt: 'Alt',
  option: 'Alt',
  altgr: 'AltGr',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super',
};

const NAMED_KEYS = [
  'Plus',
  'Space',
  'Tab',
  'Capslock',
  'Numlock',
  'Scrolllock',
  'Backspace',
  'Delete',
  'Insert',
  'Return',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Escape',
  'PrintScreen',
  'VolumeUp',
  'VolumeDown',
  'VolumeMute',
  'MediaNextTrack',
  'MediaPreviousTrack',
  'MediaStop',
  'MediaPlayPause',
  'num0',
  'num1',
  'num2',
  'num3',
  'num4',
  'num5',
  'num6',
  'num7',
  'num8',
  'num9',
  'numdec',
  'numadd',
  'numsub',
  'nummult',
  'numdiv',
];
const KEY_ALIASES: Record<string, string> = { enter: 'Return', esc: 'Escape' };
const NAMED_KEY_BY_LOWER = new Map(NAMED_KEYS.map((name) => [name.toLowerCase(), name]));
/** Punctuation Electron accepts as a key ("+" itself must be written "Plus"). */
const PUNCTUATION = new Set([...')!@#$%^&*(:;=<,_->.?/~`{][|\\}"\'']);

/** Media keys: stealing them system-wide breaks music players, and macOS needs accessibility access. */
export const MEDIA_KEYS = new Set(['VolumeUp', 'VolumeDown', 'VolumeMute', 'MediaNextTrack', 'MediaPreviousTrack', 'MediaStop', 'MediaPlayPause']);

function canonicalKey(token: string): string | undefined {
  const lower = token.toLowerCase();
  if (KEY_ALIASES[lower]) return KEY_ALIASES[lower];
  if (NAMED_KEY_BY_LOWER.has(lower)) return NAMED_KEY_BY_LOWER.get(lower);
  if (/^[a-z0-9]$/.test(lower)) return lower.toUpperCase();
  const fKey = /^f([1-9]|1[0-9]|2[0-4])$/.exec(lower);
  if (fKey) return `F${fKey[1]}`;
  if (token.length === 1 && PUNCTUATION.has(token)) return token;
  return undefined;
}

/**
 * Parses an accelerator, accepting Electron's aliases and any letter case, and answers the canonical text
 * (aliases resolved, modifiers in a fixed order) or a sentence saying what is wrong.
 */
export function parseAccelerator(text: string): ParseResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problem: 'The shortcut is empty.' };
  const tokens = trimmed.split('+').map((token) => token.trim());
  if (tokens.some((token) => token === '')) {
    return { ok: false, problem: `"${trimmed}" has an empty part; write the plus key as "Plus".` };
  }
  const modifiers = new Set<Modifier>();
  let key: string | undefined;
  for (const token of tokens) {
    const modifier = MODIFIER_ALIASES[token.toLowerCase()];
    if (modifier) {
      if (modifiers.has(modifier)) return { ok: false, problem: `"${trimmed}" names ${modifier} twice.` };
      modifiers.add(modifier);
      continue;
    }
    const canonical = canonicalKey(token);
    if (!canonical) return { ok: false, problem: `"${token}" is not a key Electron knows.` };
    if (key) return { ok: false, problem: `"${trimmed}" has two keys (${key} and ${canonical}); a shortcut has one.` };
    key = canonical;
  }
  if (!key) return { ok: false, problem: `"${trimmed}" has only modifiers; add a key such as F9.` };
  const accelerator: Accelerator = { modifiers: MODIFIERS.filter((m) => modifiers.has(m)), key };
  return { ok: true, accelerator, text: formatAccelerator(accelerator) };
}

/** Writes an accelerator in canonical form, e.g. "CommandOrControl+Shift+F9". */
export function formatAccelerator(accelerator: Accelerator): string {
  return [...accelerator.modifiers, accelerator.key].join('+');
}

/**
 * The physical keys an accelerator means on one platform, as a comparable string: CommandOrControl is
 * Command on macOS and Control elsewhere, so "CommandOrControl+Q" and "Command+Q" collide on a Mac only.
 */
export function physicalKeys(accelerator: Accelerator, platform: DesktopPlatform): string {
  const physical = new Set<string>();
  for (const modifier of accelerator.modifiers) {
    if (modifier === 'CommandOrControl') physical.add(platform === 'darwin' ? 'Command' : 'Control');
    // Electron maps Super to Command on macOS.
    else if (modifier === 'Super' && platform === 'darwin') physical.add('Command');
    else physical.add(modifier);
  }
  return [...MODIFIERS.filter((m) => physical.has(m)), accelerator.key].join('+');
}

const TYPING_MODIFIERS: ReadonlySet<Modifier> = new Set(['Shift']);

/**
 * Why an accelerator is unfit to be a *global* hotkey on this platform, or undefined if it is fit. A
 * global hotkey is taken from every other app, so it must not be something people type.
 */
export function globalHotkeyProblem(accelerator: Accelerator, platform: DesktopPlatform): string | undefined {
  const text = formatAccelerator(accelerator);
  if (platform !== 'darwin' && accelerator.modifiers.includes('Command')) {
    return `${text}: the Command key exists only on macOS; use CommandOrControl.`;
  }
  if (MEDIA_KEYS.has(accelerator.key)) {
    return `${text}: media keys belong to music and video players.`;
  }
  const hasChordModifier = accelerator.modifiers.some((m) => !TYPING_MODIFIERS.has(m));
  // F13–F24 exist on presenter remotes and foot pedals but on no ordinary keyboard: safe alone.
  const rareKey = /^F(1[3-9]|2[0-4])$/.test(accelerator.key);
  if (!hasChordModifier && !rareKey) {
    return `${text}: add Control/Command, Alt or Super, or every app loses this key while Classroom Recorder runs.`;
  }
  return undefined;
}
