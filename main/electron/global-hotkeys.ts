import { globalShortcut } from 'electron';
import type { HotkeyCommand } from '../core/desktop/hotkeys';

export interface HotkeyRegistration {
  /** The hotkeys that work, by command (canonical accelerators). */
  registered: Partial<Record<HotkeyCommand, string>>;
  /** Hotkeys the OS refused: another app holds them, or (Linux/Wayland) global hotkeys are unavailable. */
  refused: Array<{ command: HotkeyCommand; accelerator: string }>;
}

/**
 * Registers the resolved hotkeys system-wide (they work while the window is minimized or hidden). The
 * OS answers false, without an error, when another app holds a combination; those are reported, not
 * retried. Call after `app` is ready; `globalShortcut.unregisterAll()` on will-quit.
 */
export function registerGlobalHotkeys(bindings: Partial<Record<HotkeyCommand, string>>, onHotkey: (command: HotkeyCommand) => void): HotkeyRegistration {
  const result: HotkeyRegistration = { registered: {}, refused: [] };
  for (const [command, accelerator] of Object.entries(bindings) as Array<[HotkeyCommand, string]>) {
    let ok: boolean;
    try {
      ok = globalShortcut.register(accelerator, () => onHotkey(command));
    } catch {
      // Electron throws on an accelerator it cannot parse; resolveHotkeys should have caught that.
      ok = false;
    }
    if (ok) result.registered[command] = accelerator;
    else result.refused.push({ command, accelerator });
  }
  return result;
}
