import { beforeAll, describe, expect, it } from 'vitest';
import { receiptOf } from '../../../../main/core/recording/recording-receipt';
import type { JournalEntry } from '../../../../main/core/recording/session-journal';
import { makeRecording, makeTempDir, readChunks } from '../../../helpers/media';
import { createHarness, H264_MIME, okValue } from '../../../helpers/service';

let fourSeconds: Uint8Array[];
let threeSeconds: Uint8Array[];
beforeAll(async () => {
  const fixtures = await makeTempDir('fixtures');
  fourSeconds = await readChunks(await makeRecording(fixtures, { seconds: 4, codec: 'h264' }), 40_000);
  threeSeconds = await readChunks(await makeRecording(fixtures, { seconds: 3, codec: 'h264' }), 40_000);
});

describe('the receipt at Stop: how the recording went', () => {
  it('counts the pauses, the stalls healed and the page restarts, and the seconds the MP4 lacks, through the real service', async () => {
    let clock = 1_000_000;
    const harness = await createHarness({ now: () => clock });
    const started = okValue(await harness.handlers['session:start']([{ title: 'Receipt', mimeType: H264_MIME, hasAudio: true }]));
    const { sessionId, resumeToken } = started;
    /** A recorder's chunks, spread over the seconds they hold (the clock moves as a real lesson's does). */
    const feed = async (recorder: number, chunks: Uint8Array[], seconds: number, firstSeq = 0) => {
      for (const [index, data] of chunks.entries()) {
        clock += (seconds * 1000) / chunks.length;
        okValue(await harness.handlers['session:append-chunk']([{ sessionId, recorder, seq: firstSeq + index, data }]));
      }
    };
    const takeOver = async (cause: string) =>
      okValue(await harness.handlers['session:continue']([{ sessionId, resumeToken, mimeType: H264_MIME, hasAudio: true, cause }])).recorder;

    await feed(1, fourSeconds.slice(0, 2), 2);
    okValue(await harness.handlers['session:pause']([{ sessionId }]));
    okValue(await harness.handlers['session:pause']([{ sessionId }]));
    clock += 10_000;
    okValue(await harness.handlers['session:resume']([{ sessionId }]));
    await feed(1, fourSeconds.slice(2), 2, 2);
    // The page's silence count as its heartbeats carry it (it only grows; a late, smaller one changes nothing).
    // The same for its count of frames the picture lost to a busy machine.
    okValue(await harness.handlers['session:heartbeat']([{ sessionId, resumeToken, silentSeconds: 12.5, framesDropped: 140 }]));
    okValue(await harness.handlers['session:heartbeat']([{ sessionId, resumeToken, silentSeconds: 3, framesDropped: 20 }]));
    // The recorder gives nothing for 5 s: the page starts a new one.
    clock += 5000;
    await feed(await takeOver('recorder-stalled'), threeSeconds, 3);
    // The page reloads (0.7 s away) and goes on with a recorder of its own.
    clock += 700;
    await feed(await takeOver('renderer-restarted'), threeSeconds, 3);
    // The reloaded page counts from 0 again: main adds what the page before had counted.
    okValue(await harness.handlers['session:heartbeat']([{ sessionId, resumeToken, silentSeconds: 10, framesDropped: 7 }]));
    const lesson = okValue(await harness.handlers['session:stop']([{ sessionId }]));

    expect(lesson.receipt).toMatchObject({ pauses: 1, pausedSeconds: 10, stallsHealed: 1, pageRestarts: 1, silentSeconds: 22.5, framesDropped: 147 });
    // A page's figure is checked like everything else it sends.
    expect(await harness.handlers['session:heartbeat']([{ sessionId, resumeToken, silentSeconds: -1 }])).toMatchObject({ ok: false });
    expect(await harness.handlers['session:heartbeat']([{ sessionId, resumeToken, framesDropped: 2.5 }])).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    // 25.7 s from Record to Stop, 10 of them paused, against a 10 s MP4: the stall and the reload, 5.7 s.
    expect(lesson.durationSeconds).toBeGreaterThan(9.8);
    expect(Math.abs(lesson.receipt!.secondsMissing - (15.7 - lesson.durationSeconds))).toBeLessThan(0.2);
  });

  it('has nothing to say of a lesson whose end is not known (recovered after a crash), and never a negative loss', () => {
    const entry = (segments: JournalEntry['segments']): JournalEntry => ({
      version: 1,
      sessionId: 's',
      title: 't',
      startedAt: '2026-12-02T08:00:00.000Z',
      mimeType: H264_MIME,
      codec: 'h264',
      hasAudio: true,
      saveFolder: '/x',
      workDir: '/x',
      segments,
      state: 'finishing',
    });
    expect(receiptOf(entry([{ rawPath: '/x/segment-01.mkv', startedAt: '2026-12-02T08:00:00.000Z' }]), 60)).toBeUndefined();
    const closed = entry([{ rawPath: '/x/segment-01.mkv', startedAt: '2026-12-02T08:00:00.000Z', closedAt: '2026-12-02T08:01:00.000Z', cause: 'start' }]);
    expect(receiptOf(closed, 60.4)).toEqual({
      pauses: 0,
      pausedSeconds: 0,
      stallsHealed: 0,
      pageRestarts: 0,
      secondsMissing: 0,
      silentSeconds: 0,
      framesDropped: 0,
    });
    expect(receiptOf(closed, 58.5)?.secondsMissing).toBe(1.5);
  });
});
