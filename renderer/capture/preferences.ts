import { defaultSettings, MAX_GAIN, type CaptureSettings } from '../../common/settings';

/**
 * The teacher's choice of sources, devices and layout: one of main's settings (`capture`, declared in
 * common/settings.ts), which the page reads and changes through the SettingsClient.
 */
export type CapturePreferences = CaptureSettings;
export { MAX_GAIN };
export const DEFAULT_PREFERENCES: CapturePreferences = defaultSettings().capture;
