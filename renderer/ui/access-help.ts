import type { Platform } from '../../common/ipc-contract';
import type { MessageKey } from '../../common/i18n/messages';

/** What the welcome found out about one device. */
export type AccessStatus = 'checking' | 'ok' | 'blocked' | 'missing' | 'busy' | 'unchecked';
export type AccessRole = 'camera' | 'microphone' | 'screen';

/**
 * getUserMedia/getDisplayMedia's error, as the teacher needs to hear it: refused (by the OS, the browser or
 * the teacher), no such device, or a device another app holds. Names per the Media Capture spec
 * (https://w3c.github.io/mediacapture-main/#dom-mediadevices-getusermedia).
 */
export function accessStatusOf(error: unknown): AccessStatus {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  return 'blocked';
}

const OS_HELP: Record<AccessRole, Record<Platform, MessageKey>> = {
  camera: { win32: 'helpCameraWin', darwin: 'helpCameraMac', linux: 'helpCameraLinux' },
  microphone: { win32: 'helpMicrophoneWin', darwin: 'helpMicrophoneMac', linux: 'helpMicrophoneLinux' },
  screen: { win32: 'helpScreenWin', darwin: 'helpScreenMac', linux: 'helpScreenLinux' },
};

/**
 * What to tell the teacher about a device in this state on their OS: how to grant a blocked one, what to
 * do about a missing or busy one. macOS's screen permission takes effect only after a restart of the app,
 * which is said whatever the state, since the first check is what makes macOS ask.
 */
export function accessHelp(role: AccessRole, status: AccessStatus, platform: Platform, inBrowser: boolean): MessageKey[] {
  const help: MessageKey[] = [];
  if (status === 'blocked') help.push(OS_HELP[role][platform]);
  if (status === 'blocked' && inBrowser) help.push('helpBrowser');
  if (status === 'missing') help.push('helpMissing');
  if (status === 'busy') help.push('helpBusy');
  if (role === 'screen' && platform === 'darwin') help.push('macRestartNote');
  return help;
}
