import { accessStatusOf, type AccessRole, type AccessStatus } from './access-help';

/** Opens the device once and lets go of it at once: answers whether this app may use it. */
export async function checkAccess(role: AccessRole): Promise<AccessStatus> {
  try {
    const stream =
      role === 'screen'
        ? await navigator.mediaDevices.getDisplayMedia({ video: true })
        : await navigator.mediaDevices.getUserMedia(role === 'camera' ? { video: true } : { audio: true });
    for (const track of stream.getTracks()) track.stop();
    return 'ok';
  } catch (error) {
    return accessStatusOf(error);
  }
}
