import { PIP_CORNERS, PIP_SIZES, SOURCE_MODES, type PipCorner, type PipSize, type SourceMode } from './layout';

/** The teacher's choice of sources, devices and layout, remembered between launches. */
export interface CapturePreferences {
  mode: SourceMode;
  corner: PipCorner;
  pipSize: PipSize;
  /** Device ids from enumerateDevices; empty for the system default. */
  cameraId: string;
  microphoneId: string;
  /** 0..2, 1 = unchanged. */
  microphoneGain: number;
  systemAudioGain: number;
}

export const DEFAULT_PREFERENCES: CapturePreferences = {
  mode: 'camera',
  corner: 'bottom-right',
  pipSize: 'medium',
  cameraId: '',
  microphoneId: '',
  microphoneGain: 1,
  systemAudioGain: 1,
};

export const PREFERENCES_KEY = 'classroom-recorder.capture';
export const MAX_GAIN = 2;

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function gain(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(MAX_GAIN, Math.max(0, value)) : fallback;
}

function deviceId(value: unknown): string {
  return typeof value === 'string' && value.length <= 512 ? value : '';
}

/**
 * Reads stored preferences, keeping each valid field and defaulting the rest: a stored value from an
 * older version or a hand-edited one must never stop the app from starting.
 */
export function parsePreferences(stored: string | null): CapturePreferences {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = stored ? JSON.parse(stored) : {};
    if (parsed && typeof parsed === 'object') raw = parsed as Record<string, unknown>;
  } catch {
    // Unreadable: defaults.
  }
  const d = DEFAULT_PREFERENCES;
  return {
    mode: pick(raw.mode, SOURCE_MODES, d.mode),
    corner: pick(raw.corner, PIP_CORNERS, d.corner),
    pipSize: pick(raw.pipSize, PIP_SIZES, d.pipSize),
    cameraId: deviceId(raw.cameraId),
    microphoneId: deviceId(raw.microphoneId),
    microphoneGain: gain(raw.microphoneGain, d.microphoneGain),
    systemAudioGain: gain(raw.systemAudioGain, d.systemAudioGain),
  };
}

/** The part of `localStorage` used here (a fake in tests). */
export interface PreferenceStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Loads preferences from `storage` (the renderer's localStorage). */
export function loadPreferences(storage: Pick<PreferenceStorage, 'getItem'>): CapturePreferences {
  try {
    return parsePreferences(storage.getItem(PREFERENCES_KEY));
  } catch {
    return { ...DEFAULT_PREFERENCES };
  }
}

/** Saves preferences; a full or disabled storage only loses the memory, never the lesson. */
export function savePreferences(storage: Pick<PreferenceStorage, 'setItem'>, preferences: CapturePreferences): void {
  try {
    storage.setItem(PREFERENCES_KEY, JSON.stringify(preferences));
  } catch {
    // Ignored on purpose: see above.
  }
}
