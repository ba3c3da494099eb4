import { HOTKEY_COMMANDS, type HotkeyCommand } from '../../../common/settings';
import { type DesktopPlatform, globalHotkeyProblem, parseAccelerator, physicalKeys } from './accelerator';

/** The commands a global hotkey can send (the close dialog's `stop-recording` has no hotkey): declared in common/settings.ts. */
export { HOTKEY_COMMANDS, type HotkeyCommand };

/** Accelerator per command; `null` turns that hotkey off. */
export type HotkeyBindings = Record<HotkeyCommand, string | null>;

/**
 * Defaults chosen not to collide with what teachers run beside us (see KNOWN_SHORTCUTS): Zoom records on
 * Alt+R / Alt+P (Cmd+Shift+R / Cmd+Shift+P on macOS), PowerPoint presents on F5 / Shift+F5, Camtasia
 * records on bare F9/F10, Snagit on Shift+F9/Shift+F10, ShadowPlay on Alt+F9, Game Bar on Win+Alt+R; OBS
 * ships without recording hotkeys. Control+Shift+F9/F10 are used by none of these. (Visual Studio's
 * "delete all breakpoints" is Ctrl+Shift+F9, a tool teachers rarely run while teaching; it can be rebound.)
 */
export const DEFAULT_HOTKEYS: Readonly<HotkeyBindings> = Object.freeze({
  'toggle-recording': 'CommandOrControl+Shift+F9',
  'toggle-pause': 'CommandOrControl+Shift+F10',
  // Beside the other two, so a teacher finds all three on one stretch of the keyboard.
  'mark-part': 'CommandOrControl+Shift+F11',
});

export interface KnownShortcut {
  /** Accelerator as that app documents it. */
  accelerator: string;
  /** Where it is used, for a message such as "Zoom: start/stop recording". */
  usedBy: string;
  platforms: readonly DesktopPlatform[];
  /** `reserved`: the OS keeps it (registering fails or breaks the OS); `app`: another app loses it. */
  kind: 'reserved' | 'app';
}

const WIN_LINUX: readonly DesktopPlatform[] = ['win32', 'linux'];
const MAC: readonly DesktopPlatform[] = ['darwin'];
const WIN: readonly DesktopPlatform[] = ['win32'];

/** Shortcuts of the OS and of apps used in lessons that a hotkey of ours must not take. */
export const KNOWN_SHORTCUTS: readonly KnownShortcut[] = [
  // Operating systems.
  { accelerator: 'Control+Alt+Delete', usedBy: 'Windows: security screen', platforms: WIN_LINUX, kind: 'reserved' },
  { accelerator: 'Control+Shift+Escape', usedBy: 'Windows: Task Manager', platforms: WIN, kind: 'reserved' },
  { accelerator: 'Alt+F4', usedBy: 'Windows/Linux: close window', platforms: WIN_LINUX, kind: 'reserved' },
  { accelerator: 'Alt+Tab', usedBy: 'switch windows', platforms: WIN_LINUX, kind: 'reserved' },
  { accelerator: 'Super+L', usedBy: 'Windows/GNOME: lock screen', platforms: WIN_LINUX, kind: 'reserved' },
  { accelerator: 'Super+Alt+R', usedBy: 'Xbox Game Bar: start/stop recording', platforms: WIN, kind: 'app' },
  { accelerator: 'Super+Shift+S', usedBy: 'Windows: Snipping Tool', platforms: WIN, kind: 'reserved' },
  { accelerator: 'Super+Shift+R', usedBy: 'Windows: Snipping Tool screen recording', platforms: WIN, kind: 'reserved' },
  { accelerator: 'Control+Alt+Shift+R', usedBy: 'GNOME: screen recording', platforms: ['linux'], kind: 'reserved' },
  { accelerator: 'Control+Alt+T', usedBy: 'Ubuntu: open a terminal', platforms: ['linux'], kind: 'app' },
  { accelerator: 'Command+Tab', usedBy: 'macOS: switch apps', platforms: MAC, kind: 'reserved' },
  { accelerator: 'Command+Space', usedBy: 'macOS: Spotlight', platforms: MAC, kind: 'reserved' },
  { accelerator: 'Command+Q', usedBy: 'macOS: quit the app in front', platforms: MAC, kind: 'reserved' },
  { accelerator: 'Command+Shift+3', usedBy: 'macOS: screenshot', platforms: MAC, kind: 'reserved' },
  { accelerator: 'Command+Shift+4', usedBy: 'macOS: screenshot of an area', platforms: MAC, kind: 'reserved' },
  { accelerator: 'Command+Shift+5', usedBy: 'macOS: screenshot and screen recording', platforms: MAC, kind: 'reserved' },
  { accelerator: 'Command+Control+Q', usedBy: 'macOS: lock screen', platforms: MAC, kind: 'reserved' },
  { accelerator: 'Command+Alt+Escape', usedBy: 'macOS: force quit', platforms: MAC, kind: 'reserved' },
  { accelerator: 'Command+Control+Escape', usedBy: 'QuickTime: stop screen recording', platforms: MAC, kind: 'app' },
  // Video meetings.
  { accelerator: 'Alt+R', usedBy: 'Zoom: start/stop local recording', platforms: WIN_LINUX, kind: 'app' },
  { accelerator: 'Alt+P', usedBy: 'Zoom: pause/resume recording', platforms: WIN_LINUX, kind: 'app' },
  { accelerator: 'Alt+C', usedBy: 'Zoom: start/stop cloud recording', platforms: WIN_LINUX, kind: 'app' },
  { accelerator: 'Alt+A', usedBy: 'Zoom: mute/unmute', platforms: WIN_LINUX, kind: 'app' },
  { accelerator: 'Command+Shift+R', usedBy: 'Zoom: start local recording', platforms: MAC, kind: 'app' },
  { accelerator: 'Command+Shift+P', usedBy: 'Zoom: pause/resume recording', platforms: MAC, kind: 'app' },
  { accelerator: 'Command+Shift+C', usedBy: 'Zoom: start cloud recording', platforms: MAC, kind: 'app' },
  { accelerator: 'Command+Shift+A', usedBy: 'Zoom: mute/unmute', platforms: MAC, kind: 'app' },
  { accelerator: 'Control+Shift+M', usedBy: 'Microsoft Teams: mute/unmute', platforms: WIN_LINUX, kind: 'app' },
  { accelerator: 'Command+Shift+M', usedBy: 'Microsoft Teams: mute/unmute', platforms: MAC, kind: 'app' },
  // Presenting.
  { accelerator: 'F5', usedBy: 'PowerPoint: start slide show', platforms: WIN_LINUX, kind: 'app' },
  { accelerator: 'Shift+F5', usedBy: 'PowerPoint: present from this slide', platforms: WIN_LINUX, kind: 'app' },
  { accelerator: 'Alt+F5', usedBy: 'PowerPoint: presenter view', platforms: WIN, kind: 'app' },
  { accelerator: 'Command+Shift+Return', usedBy: 'PowerPoint: start slide show', platforms: MAC, kind: 'app' },
  { accelerator: 'Command+Return', usedBy: 'PowerPoint: present from this slide', platforms: MAC, kind: 'app' },
  { accelerator: 'Command+Alt+P', usedBy: 'Keynote: play slideshow', platforms: MAC, kind: 'app' },
  // Other recorders.
  { accelerator: 'F9', usedBy: 'Camtasia Recorder: record/pause', platforms: WIN, kind: 'app' },
  { accelerator: 'F10', usedBy: 'Camtasia Recorder: stop', platforms: WIN, kind: 'app' },
  { accelerator: 'Shift+F9', usedBy: 'Snagit: start/pause video capture', platforms: WIN, kind: 'app' },
  { accelerator: 'Shift+F10', usedBy: 'Snagit: stop video capture; Windows: context menu', platforms: WIN_LINUX, kind: 'app' },
  { accelerator: 'Alt+F9', usedBy: 'NVIDIA ShadowPlay: start/stop recording', platforms: WIN, kind: 'app' },
  { accelerator: 'Alt+F10', usedBy: 'NVIDIA ShadowPlay: save instant replay', platforms: WIN, kind: 'app' },
  { accelerator: 'Control+Shift+E', usedBy: 'AMD Radeon: start/stop recording', platforms: WIN, kind: 'app' },
];

export interface HotkeyConflict {
  command: HotkeyCommand;
  accelerator: string;
  /** `duplicate`: two of our commands share keys; `reserved`/`app`: see KnownShortcut; `typing`: Ctrl/Cmd+letter. */
  kind: 'duplicate' | 'reserved' | 'app' | 'typing';
  /** Who else uses it, in words. */
  with: string;
}

/**
 * Conflicts of our bindings with each other and with KNOWN_SHORTCUTS on this platform. A plain
 * Control/Command + letter or digit is reported as `typing`: every editor, browser and office app uses them.
 */
export function findHotkeyConflicts(bindings: Partial<HotkeyBindings>, platform: DesktopPlatform): HotkeyConflict[] {
  const conflicts: HotkeyConflict[] = [];
  const ours = new Map<string, HotkeyCommand>();
  const known = new Map<string, KnownShortcut>();
  for (const shortcut of KNOWN_SHORTCUTS) {
    const parsed = parseAccelerator(shortcut.accelerator);
    if (parsed.ok && shortcut.platforms.includes(platform)) known.set(physicalKeys(parsed.accelerator, platform), shortcut);
  }
  for (const command of HOTKEY_COMMANDS) {
    const text = bindings[command];
    if (text === null || text === undefined) continue;
    const parsed = parseAccelerator(text);
    if (!parsed.ok) continue;
    const physical = physicalKeys(parsed.accelerator, platform);
    const other = ours.get(physical);
    if (other) conflicts.push({ command, accelerator: parsed.text, kind: 'duplicate', with: `Classroom Recorder: ${other}` });
    else ours.set(physical, command);
    const shortcut = known.get(physical);
    if (shortcut) conflicts.push({ command, accelerator: parsed.text, kind: shortcut.kind, with: shortcut.usedBy });
    const [modifier, ...more] = physical.split('+').slice(0, -1);
    if (more.length === 0 && (modifier === 'Control' || modifier === 'Command') && /^[A-Z0-9]$/.test(parsed.accelerator.key)) {
      conflicts.push({ command, accelerator: parsed.text, kind: 'typing', with: 'most apps (copy, paste, save, …)' });
    }
  }
  return conflicts;
}

export interface ResolvedHotkeys {
  /** What to register: canonical accelerators; commands left out have no hotkey. */
  bindings: Partial<Record<HotkeyCommand, string>>;
  /** One sentence per binding that was refused or replaced, for the log (and one day the settings screen). */
  warnings: string[];
}

/**
 * Turns what the settings file asks for into what to register. Missing entries take the default; `null`
 * turns a hotkey off; an unparsable, unfit or clashing entry falls back to the default if that is free,
 * else the hotkey stays off. Never throws: a bad settings file must not stop the recorder from starting.
 */
export function resolveHotkeys(requested: Partial<Record<HotkeyCommand, string | null>>, platform: DesktopPlatform): ResolvedHotkeys {
  const bindings: Partial<Record<HotkeyCommand, string>> = {};
  const warnings: string[] = [];
  const taken = new Set<string>();
  const tryBind = (command: HotkeyCommand, text: string): string | undefined => {
    const parsed = parseAccelerator(text);
    if (!parsed.ok) return parsed.problem;
    const unfit = globalHotkeyProblem(parsed.accelerator, platform);
    if (unfit) return unfit;
    const physical = physicalKeys(parsed.accelerator, platform);
    if (taken.has(physical)) return `${parsed.text} is already used by another Classroom Recorder command.`;
    const clash = findHotkeyConflicts({ ...nullBindings(), [command]: parsed.text }, platform).find((c) => c.kind !== 'duplicate');
    if (clash) return `${parsed.text} is used by ${clash.with}.`;
    taken.add(physical);
    bindings[command] = parsed.text;
    return undefined;
  };
  for (const command of HOTKEY_COMMANDS) {
    const wanted = command in requested ? requested[command] : DEFAULT_HOTKEYS[command];
    if (wanted === null || wanted === undefined) continue;
    const problem = tryBind(command, wanted);
    if (!problem) continue;
    const fallback = DEFAULT_HOTKEYS[command];
    if (fallback && fallback !== wanted && !tryBind(command, fallback)) {
      warnings.push(`Hotkey for ${command} not used: ${problem} Using ${bindings[command]} instead.`);
    } else {
      warnings.push(`Hotkey for ${command} not used: ${problem} It has no hotkey now.`);
    }
  }
  return { bindings, warnings };
}

function nullBindings(): HotkeyBindings {
  return { 'toggle-recording': null, 'toggle-pause': null, 'mark-part': null };
}

/**
 * Drops a command that repeats within `windowMs`: a held key can auto-repeat, and a toggle that fires
 * twice would start and at once stop a lesson.
 */
export class CommandDebouncer {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True if the command should run now (and remembers it). */
  accept(command: string): boolean {
    const time = this.now();
    const previous = this.last.get(command);
    if (previous !== undefined && time - previous < this.windowMs) return false;
    this.last.set(command, time);
    return true;
  }
}
