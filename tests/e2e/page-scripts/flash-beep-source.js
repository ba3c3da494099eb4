// Test-only init script (page.addInitScript, runs before the app): the camera, the microphone and the
// screen are replaced by tracks this script makes on one clock, so a test knows when each flash and beep
// happened (the fake devices start their files apart, by up to ±30 ms from run to run). The picture is
// white for the first 66 ms of every second of the clock, and a 1 kHz beep sounds for the first 60 ms;
// the screen flashes with the camera. Each track stamps its content as Chromium stamps a device's: sound
// on the page's clock (performance.now(), as a microphone's AudioData), pictures on the system's
// monotonic clock (as a camera's VideoFrames; MONO_OFFSET_MS, given by the test, is wall − monotonic).
// Beside the app, a bare MediaRecorder records the same tracks (`__flashBeep.reference()`): what Chromium
// itself makes of this source, so that what the app adds can be told apart. Nothing like this is in the app.
(() => {
  const MONO_OFFSET_MS = Number('MONO_OFFSET_MS_VALUE');
  // Pictures begin this long after the devices are asked for (a camera slow to start); sound at once.
  const PICTURES_LATE_MS = Number('PICTURES_LATE_MS_VALUE');
  const RATE = 48000;
  const FRAME_MS = 1000 / 30;
  const origin = performance.now();
  let video;
  let screen;
  let audio;
  let started = false;

  function start() {
    if (started) return;
    started = true;
    const picturesFrom = performance.now() + PICTURES_LATE_MS;
    const cameraGenerator = new MediaStreamTrackGenerator({ kind: 'video' });
    const screenGenerator = new MediaStreamTrackGenerator({ kind: 'video' });
    const audioGenerator = new MediaStreamTrackGenerator({ kind: 'audio' });
    const writers = [
      [cameraGenerator.writable.getWriter(), new OffscreenCanvas(640, 480)],
      [screenGenerator.writable.getWriter(), new OffscreenCanvas(1280, 720)],
    ];
    const sound = audioGenerator.writable.getWriter();
    let frames = 0;
    setInterval(() => {
      const now = performance.now();
      if (now < picturesFrom) return;
      const n = Math.floor((now - origin) / FRAME_MS);
      if (n < frames) return;
      frames = n + 1;
      const bright = (now - origin) % 1000 < 66;
      for (const [writer, canvas] of writers) {
        const context = canvas.getContext('2d');
        context.fillStyle = bright ? '#fff' : '#000';
        context.fillRect(0, 0, canvas.width, canvas.height);
        const frame = new VideoFrame(canvas, { timestamp: Math.round((performance.timeOrigin + now - MONO_OFFSET_MS) * 1000) });
        writer.write(frame).catch(() => frame.close());
      }
    }, 4);
    let written = 0;
    setInterval(() => {
      const due = Math.floor(((performance.now() - origin) / 1000) * RATE);
      while (due - written >= 480) {
        const data = new Float32Array(480);
        for (let i = 0; i < 480; i++) {
          const s = written + i;
          data[i] = s % RATE < 0.06 * RATE ? 0.5 * Math.sin((2 * Math.PI * 1000 * s) / RATE) : 0;
        }
        const timestamp = Math.round((origin + (written / RATE) * 1000) * 1000);
        sound.write(new AudioData({ format: 'f32-planar', sampleRate: RATE, numberOfFrames: 480, numberOfChannels: 1, timestamp, data }));
        written += 480;
      }
    }, 4);
    video = cameraGenerator;
    screen = screenGenerator;
    audio = audioGenerator;
    const recorder = new MediaRecorder(new MediaStream([video.clone(), audio.clone()]), { mimeType: 'video/x-matroska;codecs=avc1,opus' });
    const parts = [];
    recorder.ondataavailable = (event) => parts.push(event.data);
    recorder.start(1000);
    Object.defineProperty(window, '__flashBeep', {
      value: {
        /** The bare recording so far, as base64 Matroska. */
        async reference() {
          await new Promise((resolve) => {
            recorder.onstop = resolve;
            recorder.stop();
          });
          const bytes = new Uint8Array(await new Blob(parts).arrayBuffer());
          let text = '';
          for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          return btoa(text);
        },
      },
    });
  }

  /** A clone of `track` that says its size, as a device's track does (a generator's settings are empty). */
  function sized(track, width, height) {
    const clone = track.clone();
    clone.getSettings = () => ({ width, height, frameRate: 30, deviceId: 'flash-beep' });
    return clone;
  }

  const devices = navigator.mediaDevices;
  devices.getUserMedia = async (constraints) => {
    start();
    const tracks = [];
    if (constraints && constraints.video) tracks.push(sized(video, 640, 480));
    if (constraints && constraints.audio) tracks.push(audio.clone());
    return new MediaStream(tracks);
  };
  devices.getDisplayMedia = async () => {
    start();
    return new MediaStream([sized(screen, 1280, 720)]);
  };
  devices.enumerateDevices = async () => [
    { kind: 'videoinput', deviceId: 'flash-beep', label: 'Flash camera', groupId: 'flash-beep' },
    { kind: 'audioinput', deviceId: 'flash-beep', label: 'Beep microphone', groupId: 'flash-beep' },
  ];
})();
