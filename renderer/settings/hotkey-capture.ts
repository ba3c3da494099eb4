import type { Platform } from '../../common/ipc-contract';

/** The parts of a KeyboardEvent a hotkey is made of. */
export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/** `event.code` names of keys that are not letters, digits or F-keys, in Electron's accelerator spelling. */
const NAMED_CODES: Record<string, string> = {
  Space: 'Space',
  Enter: 'Return',
  Tab: 'Tab',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Insert: 'Insert',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  PrintScreen: 'PrintScreen',
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Semicolon: ';',
  Quote: "'",
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backquote: '`',
  NumpadAdd: 'numadd',
  NumpadSubtract: 'numsub',
  NumpadMultiply: 'nummult',
  NumpadDivide: 'numdiv',
  NumpadDecimal: 'numdec',
};

/** The accelerator key of a press, from the physical key (`code`), so the keyboard layout does not matter. */
function keyOf(code: string): string | undefined {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return letter[1];
  const digit = /^Digit([0-9])$/.exec(code);
  if (digit) return digit[1];
  const numpad = /^Numpad([0-9])$/.exec(code);
  if (numpad) return `num${numpad[1]}`;
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(code)) return code;
  return NAMED_CODES[code];
}

/**
 * Turns a key press in the hotkey box into an Electron accelerator, or undefined while only modifiers are
 * held (or for a key Electron cannot name). Ctrl (Cmd on macOS) becomes CommandOrControl, the spelling
 * the defaults use; main checks the result (accelerator.ts, hotkeys.ts) before it is registered.
 */
export function acceleratorFromKeyPress(press: KeyPress, platform: Platform): string | undefined {
  const key = keyOf(press.code);
  if (!key) return undefined;
  const commandKey = platform === 'darwin' ? press.metaKey : press.ctrlKey;
  const otherControl = platform === 'darwin' ? press.ctrlKey : false;
  const modifiers = [
    commandKey && 'CommandOrControl',
    otherControl && 'Control',
    press.altKey && 'Alt',
    press.shiftKey && 'Shift',
    platform !== 'darwin' && press.metaKey && 'Super',
  ].filter((m): m is string => typeof m === 'string');
  return [...modifiers, key].join('+');
}

/** An accelerator as the teacher's keyboard labels it: `CommandOrControl+Shift+F9` → `Ctrl+Shift+F9` (`⌘` on macOS). */
export function displayAccelerator(accelerator: string, platform: Platform): string {
  const mac = platform === 'darwin';
  const names: Record<string, string> = {
    CommandOrControl: mac ? '⌘' : 'Ctrl',
    Command: '⌘',
    Control: 'Ctrl',
    Alt: mac ? '⌥' : 'Alt',
    Super: platform === 'win32' ? 'Win' : mac ? '⌘' : 'Super',
    Shift: mac ? '⇧' : 'Shift',
  };
  return accelerator
    .split('+')
    .map((part) => names[part] ?? part)
    .join(mac ? '' : '+');
}
