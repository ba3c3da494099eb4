import path from 'node:path';
import { makeRecording, makeTempDir, readChunks } from './media';
import { createHarness, H264_MIME } from './service';

/**
 * A lesson that could not be finished, as a first launch without ffmpeg leaves it: recorded through the
 * real core, Stop fails, the raw file and its journal entry stay in `stateDir`/`saveFolder`. Answers the
 * folders, for a browser-mode app (or recovery) started on them afterwards.
 */
export async function keepLessonRaw(title: string, seconds = 3): Promise<{ stateDir: string; saveFolder: string }> {
  const stateDir = await makeTempDir('state');
  const saveFolder = path.join(await makeTempDir('lessons'), 'Classroom Recorder');
  const withoutFfmpeg = await createHarness({ stateDir, saveFolder, ffmpeg: { available: false, problem: 'ffmpeg is missing.' } });
  const started = await withoutFfmpeg.handlers['session:start']([{ title, mimeType: H264_MIME, hasAudio: true }]);
  if (!started.ok) throw new Error(started.error.message);
  const chunks = await readChunks(await makeRecording(await makeTempDir('fixtures'), { seconds, codec: 'h264' }), 50_000);
  for (const [seq, data] of chunks.entries())
    await withoutFfmpeg.handlers['session:append-chunk']([{ sessionId: started.value.sessionId, recorder: 1, seq, data }]);
  const stopped = await withoutFfmpeg.handlers['session:stop']([{ sessionId: started.value.sessionId }]);
  if (stopped.ok) throw new Error('the lesson was finished although ffmpeg was missing');
  return { stateDir, saveFolder };
}
