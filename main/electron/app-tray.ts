import { Menu, nativeImage, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { TimetableStatus, UploadStatus } from '../../common/ipc-contract';
import type { DesktopPlatform } from '../core/desktop/accelerator';
import type { HotkeyCommand } from '../core/desktop/hotkeys';
import type { MainStrings } from '../core/desktop/main-strings';
import { trayIconFor } from '../core/desktop/tray-icon';
import { buildTrayMenu, trayTooltip, uploadsLine, type RecordingState, type TrayAction, type TrayMenuItem } from '../core/desktop/tray-menu';

export interface AppTrayOptions {
  platform: DesktopPlatform;
  strings: MainStrings;
  /** Hotkeys that actually registered, shown beside their menu items. */
  hotkeys: Partial<Record<HotkeyCommand, string>>;
  onAction: (action: TrayAction) => void;
}

/**
 * The tray icon (menu bar item on macOS): its picture and tooltip follow the recording state, and its
 * menu is rebuilt from buildTrayMenu() on every change (Linux AppIndicator only shows a menu set anew).
 */
export class AppTray {
  private readonly tray: Tray;
  private state: RecordingState = 'idle';
  private timetable: TimetableStatus = {};
  private uploads: UploadStatus | undefined;

  constructor(private options: AppTrayOptions) {
    this.tray = new Tray(trayImage('idle', options.platform));
    // Windows convention: a left click opens the app; the menu is on the right click. (On macOS a click
    // opens the menu; on Linux only the menu is reliable.)
    if (options.platform === 'win32') this.tray.on('click', () => options.onAction({ kind: 'open' }));
    this.render();
  }

  setState(state: RecordingState): void {
    if (state === this.state) return;
    this.state = state;
    this.render();
  }

  /** The timetable's countdown or ending lesson: the menu offers to skip or extend it. */
  setTimetable(timetable: TimetableStatus): void {
    this.timetable = timetable;
    this.render();
  }

  /** The uploads' queue (`uploads:changed`); the menu is rebuilt only when its line would read differently. */
  setUploads(uploads: UploadStatus): void {
    const line = (status: UploadStatus | undefined) => status && uploadsLine(status, this.options.strings);
    const before = line(this.uploads);
    this.uploads = uploads;
    if (line(uploads) !== before) this.render();
  }

  /** The teacher chose another language in Settings: the menu and tooltip speak it at once. */
  setStrings(strings: MainStrings): void {
    this.options = { ...this.options, strings };
    this.render();
  }

  /** New hotkeys (changed in Settings) shown beside the menu items. */
  setHotkeys(hotkeys: AppTrayOptions['hotkeys']): void {
    this.options = { ...this.options, hotkeys };
    this.render();
  }

  destroy(): void {
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }

  private render(): void {
    if (this.tray.isDestroyed()) return;
    const { platform, strings, hotkeys, onAction } = this.options;
    this.tray.setImage(trayImage(this.state, platform));
    this.tray.setToolTip(trayTooltip(this.state, strings));
    const items = buildTrayMenu(this.state, strings, hotkeys, this.timetable, this.uploads);
    this.tray.setContextMenu(Menu.buildFromTemplate(items.map((item) => menuItem(item, onAction))));
  }
}

function menuItem(item: TrayMenuItem, onAction: (action: TrayAction) => void): MenuItemConstructorOptions {
  if (item.type === 'separator') return { type: 'separator' };
  return {
    id: item.id,
    label: item.label,
    enabled: item.enabled,
    // Display only: the global hotkey is registered by global-hotkeys.ts, not by the menu.
    ...(item.accelerator ? { accelerator: item.accelerator, registerAccelerator: false } : {}),
    click: () => onAction(item.action),
  };
}

function trayImage(state: RecordingState, platform: DesktopPlatform): NativeImage {
  const icon = trayIconFor(state, platform);
  const image = nativeImage.createEmpty();
  for (const { scaleFactor, png } of icon.representations) image.addRepresentation({ scaleFactor, buffer: png });
  image.setTemplateImage(icon.template);
  return image;
}
