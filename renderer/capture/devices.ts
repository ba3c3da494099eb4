import { MAX_OUTPUT, OUTPUT_FRAME_RATE, type Size } from './layout';

/** A camera or microphone the teacher can choose. */
export interface DeviceChoice {
  deviceId: string;
  label: string;
}

export interface DeviceLists {
  cameras: DeviceChoice[];
  microphones: DeviceChoice[];
}

/** Cameras and microphones present now. Labels are empty until a device was allowed once. */
export async function listDevices(): Promise<DeviceLists> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  const of = (kind: MediaDeviceKind) => devices.filter((d) => d.kind === kind && d.deviceId !== '').map((d) => ({ deviceId: d.deviceId, label: d.label }));
  return { cameras: of('videoinput'), microphones: of('audioinput') };
}

/** The chosen camera (or any, if it is gone) at 720p/30. */
export function openCamera(deviceId: string): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    video: {
      ...(deviceId ? { deviceId: { ideal: deviceId } } : {}),
      width: { ideal: 1280 },
      height: { ideal: 720 },
      frameRate: { ideal: OUTPUT_FRAME_RATE },
    },
  });
}

/** The chosen microphone (or the default, if it is gone), with the voice processing a classroom needs. */
export function openMicrophone(deviceId: string): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    audio: {
      ...(deviceId ? { deviceId: { ideal: deviceId } } : {}),
      echoCancellation: true,
      noiseSuppression: true,
      autoGainControl: true,
    },
  });
}

/**
 * Asks for a screen or window, with its sound where the system offers it, at its own resolution capped at
 * `limit` (the browser scales larger screens down, keeping the aspect ratio). Must be called from a click.
 * In Electron, main's display-media handler answers this request.
 */
export function openScreen(limit: Size = MAX_OUTPUT): Promise<MediaStream> {
  return navigator.mediaDevices.getDisplayMedia({
    video: { width: { max: limit.width }, height: { max: limit.height }, frameRate: { ideal: OUTPUT_FRAME_RATE, max: OUTPUT_FRAME_RATE } },
    // Echo cancellation would remove the very sound we want from a video the teacher plays.
    audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
  });
}

/** Stops every track of a stream (releases the device). */
export function stopStream(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** A track that is still delivering: present and not ended. */
export function isLive(track: MediaStreamTrack | undefined): track is MediaStreamTrack {
  return track !== undefined && track.readyState === 'live';
}
