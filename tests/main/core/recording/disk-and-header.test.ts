import { describe, expect, it } from 'vitest';
import { diskAdvice } from '../../../../main/core/recording/disk-advice';
import { HeaderCapture, matroskaHeaderLength, MAX_HEADER_BYTES } from '../../../../main/core/recording/matroska-header';

describe('diskAdvice', () => {
  const MB = 1024 * 1024;
  it('carries on while the disk holds more than the warning time', () => {
    expect(diskAdvice({ freeBytes: 10_000 * MB, bytesPerSecond: MB, reserveBytes: 300 * MB, warnMinutes: 20 })).toEqual({ action: 'ok' });
  });
  it('warns with the whole minutes left above the reserve', () => {
    expect(diskAdvice({ freeBytes: 900 * MB, bytesPerSecond: MB, reserveBytes: 300 * MB, warnMinutes: 20 })).toEqual({ action: 'warn', minutesLeft: 10 });
  });
  it('stops at or below the reserve, whatever the rate', () => {
    expect(diskAdvice({ freeBytes: 300 * MB, bytesPerSecond: 0, reserveBytes: 300 * MB, warnMinutes: 20 })).toEqual({ action: 'stop' });
  });
  it('does not guess before a rate is known', () => {
    expect(diskAdvice({ freeBytes: 400 * MB, bytesPerSecond: 0, reserveBytes: 300 * MB, warnMinutes: 20 })).toEqual({ action: 'ok' });
  });
});

describe('the Matroska header is found however MediaRecorder cut the chunks', () => {
  const ebml = [0x1a, 0x45, 0xdf, 0xa3];
  const cluster = [0x1f, 0x43, 0xb6, 0x75];
  const stream = Uint8Array.from([...ebml, 1, 2, 3, 4, 5, ...cluster, 9, 9, 9]);

  it('measures the bytes before the first Cluster', () => {
    expect(matroskaHeaderLength(stream)).toBe(9);
    expect(matroskaHeaderLength(stream.subarray(1))).toBeUndefined();
  });

  it('collects across chunk boundaries, even one inside the Cluster id', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      const capture = new HeaderCapture();
      capture.feed(stream.subarray(0, cut));
      capture.feed(stream.subarray(cut));
      expect(Array.from(capture.value ?? []), `cut at ${cut}`).toEqual(Array.from(stream.subarray(0, 9)));
    }
  });

  it('gives up on a stream with no Cluster rather than holding it in memory', () => {
    const capture = new HeaderCapture();
    capture.feed(Uint8Array.from(ebml));
    capture.feed(new Uint8Array(MAX_HEADER_BYTES));
    expect(capture.value).toBeUndefined();
    capture.feed(Uint8Array.from([...cluster]));
    expect(capture.value).toBeUndefined();
  });
});
