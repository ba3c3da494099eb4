import type { HotkeyCommand, HotkeyRefusal, HotkeyState, SetHotkeyReply, SetHotkeyRequest, Settings, SettingsChange } from '../../common/ipc-contract';
import { type DesktopPlatform, globalHotkeyProblem, parseAccelerator } from './desktop/accelerator';
import { findHotkeyConflicts, HOTKEY_COMMANDS, resolveHotkeys, type HotkeyBindings } from './desktop/hotkeys';
import { ServiceError } from './service-error';
import type { SettingsStore } from './storage/settings-store';

/** What only the desktop app can do with the teacher's settings; browser mode has none of it. */
export interface DesktopControls {
  /** Registers these global hotkeys in place of the current ones; answers the commands the OS refused. */
  applyHotkeys: (bindings: Partial<Record<HotkeyCommand, string>>) => HotkeyCommand[];
  /** Starts (or no longer starts) the app at login, e.g. Electron's `app.setLoginItemSettings`. */
  applyLaunch: (launch: { openAtLogin: boolean }) => void;
}

export interface AppSettingsDeps {
  settings: SettingsStore;
  platform: DesktopPlatform;
  desktop?: DesktopControls;
}

/**
 * The settings screen's side of main: the choices the page may change (`settings:update`), and the global
 * hotkeys (`hotkeys:get`, `hotkeys:set`), each checked by the same rules as at start-up (accelerator.ts,
 * hotkeys.ts) before it is stored and registered. All of it lives in the one settings store.
 */
export class AppSettings {
  constructor(private readonly deps: AppSettingsDeps) {}

  /** Stores a change (the caller validated its shape); launch changes go to the OS at once. */
  async update(change: SettingsChange): Promise<Settings> {
    const before = this.deps.settings.get();
    await this.deps.settings.update(change);
    const after = this.deps.settings.get();
    if (after.openAtLogin !== before.openAtLogin) this.deps.desktop?.applyLaunch({ openAtLogin: after.openAtLogin });
    return this.deps.settings.forRenderer();
  }

  /** The hotkeys in force: the settings', with defaults and fallbacks applied as at start-up. */
  async hotkeys(): Promise<HotkeyState> {
    return this.stateOf(await this.resolved());
  }

  /** Changes one hotkey, or answers why not (the hotkeys then stay as they were). */
  async setHotkey(request: SetHotkeyRequest): Promise<SetHotkeyReply> {
    const desktop = this.deps.desktop;
    if (!desktop) throw new ServiceError('unsupported', 'Global hotkeys can be changed only in the desktop app.');
    const current = await this.resolved();
    const stored = this.deps.settings.get();
    let text: string | null = null;
    if (request.accelerator !== null) {
      const checked = this.check(request.command, request.accelerator, current);
      if ('refusal' in checked) return { state: this.stateOf(current), refusal: checked.refusal };
      text = checked.text;
    }
    const next = resolveHotkeys({ ...stored.hotkeys, [request.command]: text }, this.deps.platform).bindings;
    const refused = desktop.applyHotkeys(next);
    if (text !== null && refused.includes(request.command)) {
      desktop.applyHotkeys(current);
      return {
        state: this.stateOf(current),
        refusal: { kind: 'os-refused', message: `${text} could not be registered: another app holds it, or this desktop has no global hotkeys.` },
      };
    }
    await this.deps.settings.update({ hotkeys: { ...stored.hotkeys, [request.command]: text } });
    return { state: this.stateOf(next) };
  }

  private async resolved(): Promise<Partial<Record<HotkeyCommand, string>>> {
    return resolveHotkeys(this.deps.settings.get().hotkeys, this.deps.platform).bindings;
  }

  private stateOf(bindings: Partial<Record<HotkeyCommand, string>>): HotkeyState {
    const all = Object.fromEntries(HOTKEY_COMMANDS.map((command) => [command, bindings[command] ?? null])) as HotkeyBindings;
    return { bindings: all, editable: this.deps.desktop !== undefined };
  }

  /** The canonical text of an accelerator fit to be this command's hotkey, or why it is not. */
  private check(command: HotkeyCommand, accelerator: string, current: Partial<Record<HotkeyCommand, string>>): { text: string } | { refusal: HotkeyRefusal } {
    const parsed = parseAccelerator(accelerator);
    if (!parsed.ok) return { refusal: { kind: 'invalid', message: parsed.problem } };
    const unfit = globalHotkeyProblem(parsed.accelerator, this.deps.platform);
    if (unfit) return { refusal: { kind: 'unfit', message: unfit } };
    const bindings = Object.fromEntries(HOTKEY_COMMANDS.map((c) => [c, c === command ? parsed.text : (current[c] ?? null)])) as HotkeyBindings;
    // findHotkeyConflicts reports a duplicate on the later command; either way ours is the one refused.
    const conflict = findHotkeyConflicts(bindings, this.deps.platform).find((c) => c.command === command || c.kind === 'duplicate');
    if (conflict) {
      return { refusal: { kind: conflict.kind, with: conflict.with, message: `${parsed.text} is used by ${conflict.with}.` } };
    }
    return { text: parsed.text };
  }
}
