import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Open at login on Linux, where Electron's `app.setLoginItemSettings` does nothing (macOS and Windows
 * only): an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/<name>.desktop`, which GNOME, KDE, Xfce and
 * the other freedesktop.org desktops start at login (https://specifications.freedesktop.org/autostart-spec/).
 */
export const AUTOSTART_FILE_NAME = 'classroom-recorder.desktop';

/** `Exec` quoting per the Desktop Entry spec: double quotes, with `"`, `` ` ``, `$` and `\` escaped. */
function quoteExec(argument: string): string {
  return /^[A-Za-z0-9_\-./]+$/.test(argument) ? argument : `"${argument.replace(/(["`$\\])/g, '\\$1')}"`;
}

/**
 * The autostart entry. `executable` is what to run: inside an AppImage, `process.execPath` is a mount
 * that disappears when the app quits, so the caller passes `$APPIMAGE` (the file itself) there.
 */
export function autostartEntry(executable: string, appName: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${appName.replace(/[\r\n]/g, ' ')}`,
    `Exec=${quoteExec(executable)}`,
    'X-GNOME-Autostart-enabled=true',
    'Terminal=false',
    '',
  ].join('\n');
}

/** Writes or removes the autostart entry under `configHome` (`$XDG_CONFIG_HOME`, default `~/.config`). */
export async function setLinuxAutostart(configHome: string, openAtLogin: boolean, executable: string, appName: string): Promise<void> {
  const file = path.join(configHome, 'autostart', AUTOSTART_FILE_NAME);
  if (!openAtLogin) {
    await fs.rm(file, { force: true });
    return;
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, autostartEntry(executable, appName));
}
