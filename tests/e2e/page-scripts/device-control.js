// Test-only init script (page.addInitScript, runs before the app): wraps getUserMedia so a test can
// find the device tracks the app opened and make a device "unplugged" (requests for it fail) and
// "plugged in" again, as a real camera or microphone does; `blocked.screen` makes the screen picker
// answer as if the teacher cancelled it. Nothing like this is in the app itself.
(() => {
  const control = { blocked: { video: false, audio: false, screen: false }, tracks: [] };
  Object.defineProperty(window, '__deviceControl', { value: control });
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    if ((constraints && constraints.video && control.blocked.video) || (constraints && constraints.audio && control.blocked.audio)) {
      throw new DOMException('Requested device not found', 'NotFoundError');
    }
    const stream = await original(constraints);
    control.tracks.push(...stream.getTracks());
    return stream;
  };
  const originalDisplay = devices.getDisplayMedia.bind(devices);
  devices.getDisplayMedia = async (constraints) => {
    if (control.blocked.screen) throw new DOMException('Permission denied by user', 'NotAllowedError');
    return originalDisplay(constraints);
  };
})();
