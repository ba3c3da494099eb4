import type { RecorderApi, Result, Settings, SettingsChange } from '../../common/ipc-contract';

/**
 * The page's view of main's settings (common/settings.ts): the latest it was sent, kept current by
 * `settings:changed` (another window, main's own dialog), and changed only through `settings:update`.
 * The page keeps no settings of its own.
 */
export class SettingsClient {
  private current: Settings;
  private readonly listeners = new Set<(settings: Settings) => void>();

  constructor(
    private readonly api: RecorderApi,
    initial: Settings,
  ) {
    this.current = initial;
    api.onSettingsChanged((settings) => {
      this.current = settings;
      for (const listener of this.listeners) listener(settings);
    });
  }

  get value(): Settings {
    return this.current;
  }

  /** Hears of every change, whoever made it; answers a function that stops listening. */
  onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async update(change: SettingsChange): Promise<Result<Settings>> {
    const result = await this.api.updateSettings(change);
    if (result.ok) this.current = result.value;
    return result;
  }
}
