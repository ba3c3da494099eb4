// Test-only init script (page.addInitScript, runs before the app): the camera's track passes through a
// MediaStreamTrackGenerator, so a test can make it go still (`__stillCamera.still = true`): the track
// stays live and sends no frames, as a hung camera does and as a screen capturer does while the screen
// does not change. Nothing like this is in the app itself.
(() => {
  const control = { still: false, framesDropped: 0 };
  Object.defineProperty(window, '__stillCamera', { value: control });
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    const [camera] = stream.getVideoTracks();
    if (!camera) return stream;
    const generator = new MediaStreamTrackGenerator({ kind: 'video' });
    const frames = new MediaStreamTrackProcessor({ track: camera }).readable;
    void frames
      .pipeThrough(
        new TransformStream({
          transform(frame, controller) {
            if (control.still) {
              control.framesDropped++;
              frame.close();
            } else controller.enqueue(frame);
          },
        }),
      )
      .pipeTo(generator.writable)
      .catch(() => undefined);
    // The app reads the camera's size from its settings; the generator has none of its own.
    generator.getSettings = () => camera.getSettings();
    const stop = generator.stop.bind(generator);
    generator.stop = () => {
      camera.stop();
      stop();
    };
    return new MediaStream([generator, ...stream.getAudioTracks()]);
  };
})();
