import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TimetableCommand, TimetableStatus } from '../../../../common/ipc-contract';
import type { Period } from '../../../../common/timetable';
import { isoWeekday } from '../../../../main/core/timetable/schedule-plan';
import { createHarness, H264_MIME, okValue, type ServiceHarness } from '../../../helpers/service';
import { makeRecording, makeTempDir, readChunks } from '../../../helpers/media';

// The real service and its handlers, on the real clock, with a period in progress today.
let harness: ServiceHarness;
let chunks: Uint8Array[];

function clockOf(at: Date): string {
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

/** A period that began a minute ago and ends in an hour (or, near midnight, the rest of the day). */
function periodNow(title: string): Period {
  const now = new Date();
  const start = new Date(Math.max(now.getTime() - 60_000, new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime()));
  const end = new Date(Math.min(now.getTime() + 60 * 60_000, new Date(now.getFullYear(), now.getMonth(), now.getDate(), 23, 59).getTime()));
  return { id: 'period-now', weekday: isoWeekday(now) as Period['weekday'], start: clockOf(start), end: clockOf(end), title };
}

async function record(sessionId: string): Promise<void> {
  for (const [seq, data] of chunks.entries()) okValue(await harness.handlers['session:append-chunk']([{ sessionId, recorder: 1, seq, data }]));
}

beforeEach(async () => {
  harness = await createHarness({ language: 'en' });
  chunks = await readChunks(await makeRecording(await makeTempDir('fixtures'), { seconds: 2, codec: 'h264' }), 60_000);
});
afterEach(async () => {
  await harness.service.shutdown();
});

describe('the timetable in the recording core', () => {
  it('a lesson started by hand during a period is saved under the period’s name, and the period no longer starts', async () => {
    if (new Date().getHours() === 0 && new Date().getMinutes() < 2) return; // the period could not have begun a minute ago today
    okValue(await harness.handlers['settings:update']([{ timetable: [periodNow('7B Maths')] }]));
    await harness.service.startTimetable();
    // Opened during the period: it would join after a countdown; Record by hand comes first.
    const status = okValue(await harness.handlers['timetable:get']([]));
    expect(status.countdown).toMatchObject({ title: '7B Maths', late: true });
    const started = okValue(await harness.handlers['session:start']([{ title: '', mimeType: H264_MIME, hasAudio: true }]));
    const afterStart = okValue(await harness.handlers['timetable:get']([]));
    expect(afterStart.countdown).toBeUndefined();
    expect(afterStart.recording).toMatchObject({ sessionId: started.sessionId, title: '7B Maths', endingSoon: false });
    await record(started.sessionId);
    const saved = okValue(await harness.handlers['session:stop']([{ sessionId: started.sessionId }]));
    expect(saved.fileName).toMatch(/^7B Maths \d{4}-\d\d-\d\d \d\d-\d\d\.mp4$/);
    await fs.access(path.join(harness.saveFolder, saved.fileName));
    expect(okValue(await harness.handlers['timetable:get']([])).recording).toBeUndefined();
  });

  it('the timetable’s own start: accepted once per period, refused for a period not under way, and "+5 min" moves the stop', async () => {
    if (new Date().getHours() === 0 && new Date().getMinutes() < 2) return;
    const period = periodNow('8A Physics');
    okValue(await harness.handlers['settings:update']([{ timetable: [period] }]));
    await harness.service.startTimetable();
    const key = okValue(await harness.handlers['timetable:get']([])).countdown!.key;
    expect(key).toMatch(/^period-now@\d{4}-\d\d-\d\d$/);

    const start = (periodKey: unknown) => harness.handlers['session:start']([{ title: 'typed', mimeType: H264_MIME, hasAudio: true, period: periodKey }]);
    expect(await start('period-now@1999-01-01')).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await start('../../etc')).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const started = okValue(await start(key));
    expect(await start(key)).toMatchObject({ ok: false, error: { code: 'busy' } });

    const before = okValue(await harness.handlers['timetable:get']([])).recording!;
    const extended = okValue(await harness.handlers['timetable:extend']([{ sessionId: started.sessionId }]));
    expect(Date.parse(extended.recording!.stopsAt) - Date.parse(before.stopsAt)).toBe(5 * 60_000);
    expect(await harness.handlers['timetable:extend']([{ sessionId: 'not-an-id' }])).toMatchObject({ ok: false, error: { code: 'invalid-request' } });

    await record(started.sessionId);
    // The teacher typed a title: it stays (the period only takes a lesson with none).
    expect(okValue(await harness.handlers['session:stop']([{ sessionId: started.sessionId }])).fileName).toMatch(/^typed /);
  });

  it('Cancel from the page or tray: the countdown ends, nothing is asked of the page, and the setting refuses overlaps', async () => {
    if (new Date().getHours() === 0 && new Date().getMinutes() < 2) return;
    okValue(await harness.handlers['settings:update']([{ timetable: [periodNow('Art')] }]));
    await harness.service.startTimetable();
    const { countdown } = okValue(await harness.handlers['timetable:get']([]));
    const cancelled = okValue(await harness.handlers['timetable:cancel']([{ key: countdown!.key }]));
    expect(cancelled.countdown).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const commands = harness.events.filter((event) => event.channel === 'timetable:command').map((event) => event.payload as TimetableCommand);
    expect(commands).toEqual([]);
    const statuses = harness.events.filter((event) => event.channel === 'timetable:changed').map((event) => event.payload as TimetableStatus);
    expect(statuses.at(-1)?.countdown).toBeUndefined();

    const a: Period = { id: 'a', weekday: 1, start: '08:00', end: '08:45', title: 'A' };
    const refused = await harness.handlers['settings:update']([{ timetable: [a, { ...a, id: 'b', start: '08:30', end: '09:15' }] }]);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringContaining('overlap') } });
    expect(await harness.handlers['timetable:cancel']([{ key: 'x' }])).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});
