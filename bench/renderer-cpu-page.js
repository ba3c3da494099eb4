// Page side of bench/renderer-cpu.ts, bundled by it with esbuild (plain JS: the bench tsconfig has no DOM).
// Records the same devices two ways: "bare" = MediaRecorder straight on the device tracks, as the app
// did before the compositor; "app" = the app's pipeline (compositor worker + Web Audio mixer). Both show a
// preview <video>, as the app does. `keep: false` discards each chunk as it comes (bench/teaching-cpu.ts);
// otherwise chunks are pushed into an array and made into one Blob at Stop, as the tutorials do.
import { AudioMixer } from '../renderer/capture/audio-mixer';
import { VideoCompositor } from '../renderer/capture/video-compositor';

const labels = { camera: 'Camera unavailable', screen: 'Choose a screen or window' };

window.benchStart = async ({ mode, height, pipeline, keep = true }) => {
  const size = height >= 1080 ? { width: 1920, height: 1080 } : { width: 1280, height: 720 };
  const cameraSize = mode === 'camera' ? size : { width: 1280, height: 720 };
  const camera =
    mode === 'screen' ? undefined : await navigator.mediaDevices.getUserMedia({ video: { width: cameraSize.width, height: cameraSize.height, frameRate: 30 } });
  const screen =
    mode === 'camera'
      ? undefined
      : await navigator.mediaDevices.getDisplayMedia({ video: { width: { max: size.width }, height: { max: size.height }, frameRate: 30 } });
  const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
  const devices = [camera, screen, mic].filter(Boolean);
  let video;
  let audio;
  let cleanup = () => undefined;
  if (pipeline === 'bare') {
    // PiP has no bare equivalent (MediaRecorder records one video track): the screen alone is the baseline.
    video = (screen ?? camera).getVideoTracks()[0];
    audio = mic.getAudioTracks()[0];
  } else {
    const mixer = new AudioMixer();
    mixer.setInput('microphone', mic);
    const compositor = new VideoCompositor(size, { mode, corner: 'bottom-right', pipSize: 'medium' }, labels, {
      onSourceEnded: () => undefined,
      onFailure: (message) => console.error(message),
    });
    if (camera) compositor.setSource('camera', camera.getVideoTracks()[0]);
    if (screen) compositor.setSource('screen', screen.getVideoTracks()[0]);
    video = compositor.track;
    audio = mixer.track;
    cleanup = () => {
      compositor.close();
      mixer.close();
    };
  }
  const preview = document.createElement('video');
  preview.muted = true;
  preview.style.width = '640px';
  preview.srcObject = new MediaStream([video]);
  document.body.append(preview);
  await preview.play();
  const recorder = new MediaRecorder(new MediaStream([video, audio]), {
    mimeType: 'video/webm;codecs=h264,opus',
    videoBitsPerSecond: size.height > 720 ? 4_000_000 : 2_500_000,
    audioBitsPerSecond: 128_000,
    videoKeyFrameIntervalDuration: 1000,
  });
  const chunks = [];
  let discardedBytes = 0;
  recorder.ondataavailable = (event) => {
    if (keep) chunks.push(event.data);
    else discardedBytes += event.data.size;
  };
  recorder.start(1000);
  // Answers the recording's bytes, or (wantBytes false) only how many there were.
  window.benchStop = async (wantBytes = true) => {
    await new Promise((resolve) => {
      recorder.onstop = resolve;
      recorder.stop();
    });
    preview.remove();
    cleanup();
    for (const stream of devices) for (const track of stream.getTracks()) track.stop();
    const blob = new Blob(chunks);
    if (!wantBytes) return keep ? blob.size : discardedBytes;
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  };
};
