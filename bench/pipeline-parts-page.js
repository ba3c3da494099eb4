// Page side of bench/pipeline-parts.ts (plain JS, bundled with esbuild). Records the fake camera and
// microphone (and in 'screen-camera' mode the fake screen, the camera in its corner) with each part of the
// app's pipeline switched on or off, to see what each part costs:
//   mode:    'camera' | 'screen-camera'; height: 720 | 1080 (the output picture)
//   video:   'device' (the camera track itself) | 'compositor' (through the compositor worker)
//   audio:   'device' (the microphone track itself) | 'mixer' (through the Web Audio mixer)
//   preview: 'none' | 'device' (a <video> of the camera) | 'recorded' (a <video> of the recorded track)
//   meters:  true: read both mixer levels ten times a second, as the app's meters do
//   audioContext: no longer used (the mix left Web Audio: renderer/capture/audio-mixer.ts)
import { AudioMixer } from '../renderer/capture/audio-mixer';
import { VideoCompositor } from '../renderer/capture/video-compositor';

const labels = { camera: 'Camera unavailable', screen: 'Choose a screen or window' };

window.partsStart = async ({ mode = 'camera', height = 720, video: videoPart, audio: audioPart, preview: previewPart, meters, audioContext }) => {
  const size = height >= 1080 ? { width: 1920, height: 1080 } : { width: 1280, height: 720 };
  const camera = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720, frameRate: 30 } });
  const screen =
    mode === 'camera'
      ? undefined
      : await navigator.mediaDevices.getDisplayMedia({ video: { width: { max: size.width }, height: { max: size.height }, frameRate: 30 } });
  const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
  const cleanups = [];
  // Bare: MediaRecorder records one video track, so in PiP the screen alone is the baseline.
  let video = (screen ?? camera).getVideoTracks()[0];
  let audio = mic.getAudioTracks()[0];
  if (videoPart === 'compositor') {
    const compositor = new VideoCompositor(size, { mode, corner: 'bottom-right', pipSize: 'medium' }, labels, {
      onSourceEnded: () => undefined,
      onFailure: (m) => console.error(m),
    });
    compositor.setSource('camera', camera.getVideoTracks()[0]);
    if (screen) compositor.setSource('screen', screen.getVideoTracks()[0]);
    video = compositor.track;
    cleanups.push(() => compositor.close());
  }
  let mixer;
  if (audioPart === 'mixer') {
    // The mix no longer uses Web Audio (renderer/capture/audio-mixer.ts): `audioContext` options have no effect on it.
    void audioContext;
    const own = new AudioMixer();
    mixer = own;
    own.setInput('microphone', mic);
    audio = own.track;
    cleanups.push(() => own.close());
  }
  if (meters && mixer) {
    const timer = setInterval(() => {
      window.levels = [mixer.level('microphone'), mixer.inputLevel('microphone'), mixer.level('system')];
    }, 100);
    cleanups.push(() => clearInterval(timer));
  }
  if (previewPart !== 'none') {
    const preview = document.createElement('video');
    preview.muted = true;
    preview.style.width = '640px';
    preview.srcObject = new MediaStream([previewPart === 'device' ? (screen ?? camera).getVideoTracks()[0] : video]);
    document.body.append(preview);
    await preview.play();
    cleanups.push(() => preview.remove());
  }
  const recorder = new MediaRecorder(new MediaStream([video, audio]), {
    mimeType: 'video/webm;codecs=h264,opus',
    videoBitsPerSecond: size.height > 720 ? 4_000_000 : 2_500_000,
    audioBitsPerSecond: 128_000,
    videoKeyFrameIntervalDuration: 1000,
  });
  let bytes = 0;
  recorder.ondataavailable = (event) => (bytes += event.data.size);
  recorder.start(1000);
  window.partsStop = async () => {
    await new Promise((resolve) => {
      recorder.onstop = resolve;
      recorder.stop();
    });
    for (const cleanup of cleanups) cleanup();
    for (const stream of [camera, screen, mic].filter(Boolean)) for (const track of stream.getTracks()) track.stop();
    return bytes;
  };
};
