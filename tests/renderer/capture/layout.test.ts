import { describe, expect, it } from 'vitest';
import { containRect, fitWithin, outputSize, PIP_CORNERS, pipRect } from '../../../renderer/capture/layout';
import { FramePacer } from '../../../renderer/capture/frame-pacer';

describe('output size', () => {
  it('keeps a screen up to 1080p as it is and scales larger ones down, keeping the aspect ratio', () => {
    expect(fitWithin({ width: 1920, height: 1080 })).toEqual({ width: 1920, height: 1080 });
    expect(fitWithin({ width: 1280, height: 720 })).toEqual({ width: 1280, height: 720 });
    expect(fitWithin({ width: 3840, height: 2160 })).toEqual({ width: 1920, height: 1080 });
    // 16:10 at 2560x1600 → height-limited... no: width-limited to 1920x1200 would exceed 1080, so 1728x1080.
    expect(fitWithin({ width: 2560, height: 1600 })).toEqual({ width: 1728, height: 1080 });
    // Ultrawide 3440x1440 → 1920 wide.
    expect(fitWithin({ width: 3440, height: 1440 })).toEqual({ width: 1920, height: 802 });
  });

  it('always gives even dimensions (H.264 4:2:0)', () => {
    const size = fitWithin({ width: 1366, height: 769 });
    expect(size.width % 2).toBe(0);
    expect(size.height % 2).toBe(0);
  });

  it('uses the camera in camera mode and the screen in screen modes; 720p when the source is unknown', () => {
    const screen = { width: 2880, height: 1800 };
    const camera = { width: 640, height: 480 };
    expect(outputSize('camera', screen, camera)).toEqual(camera);
    expect(outputSize('screen', screen, camera)).toEqual({ width: 1728, height: 1080 });
    expect(outputSize('screen-camera', screen, camera)).toEqual({ width: 1728, height: 1080 });
    expect(outputSize('screen-camera', undefined, camera)).toEqual({ width: 1280, height: 720 });
  });
});

describe('picture-in-picture rectangle', () => {
  const output = { width: 1920, height: 1080 };

  it('puts the camera in the chosen corner with a margin, keeping its aspect ratio', () => {
    const margin = Math.round(1920 * 0.02);
    expect(pipRect(output, 16 / 9, 'top-left', 'medium')).toEqual({ x: margin, y: margin, width: 536, height: 300 });
    const br = pipRect(output, 16 / 9, 'bottom-right', 'medium')!;
    expect(br.x + br.width).toBe(1920 - margin);
    expect(br.y + br.height).toBe(1080 - margin);
    const tr = pipRect(output, 4 / 3, 'top-right', 'small')!;
    expect(tr).toEqual({ x: 1920 - margin - 384, y: margin, width: 384, height: 288 });
    expect(tr.width / tr.height).toBeCloseTo(4 / 3, 2);
    const bl = pipRect(output, 16 / 9, 'bottom-left', 'large')!;
    expect(bl.x).toBe(margin);
    expect(bl.y + bl.height).toBe(1080 - margin);
  });

  it('grows with the size and stays inside the frame in every corner', () => {
    const widths = (['small', 'medium', 'large'] as const).map((size) => pipRect(output, 16 / 9, 'top-left', size)!.width);
    expect(widths[0]).toBeLessThan(widths[1]!);
    expect(widths[1]).toBeLessThan(widths[2]!);
    for (const corner of PIP_CORNERS.filter((c) => c !== 'off')) {
      for (const size of ['small', 'medium', 'large'] as const) {
        for (const aspect of [16 / 9, 4 / 3, 9 / 16, 1]) {
          const rect = pipRect({ width: 1280, height: 720 }, aspect, corner, size)!;
          expect(rect.x).toBeGreaterThanOrEqual(0);
          expect(rect.y).toBeGreaterThanOrEqual(0);
          expect(rect.x + rect.width).toBeLessThanOrEqual(1280);
          expect(rect.y + rect.height).toBeLessThanOrEqual(720);
          expect((rect.width % 2) + (rect.height % 2) + (rect.x % 2) + (rect.y % 2)).toBe(0);
          // Never stretched: within rounding of the camera's own shape.
          expect(Math.abs(rect.width / rect.height - aspect) / aspect).toBeLessThan(0.02);
        }
      }
    }
  });

  it('a portrait camera is capped at half the frame height', () => {
    const rect = pipRect(output, 9 / 16, 'top-left', 'large')!;
    expect(rect.height).toBe(540);
    expect(rect.width).toBe(302);
  });

  it('is absent when the camera is off', () => {
    expect(pipRect(output, 16 / 9, 'off', 'large')).toBeUndefined();
  });

  it('letterboxes and pillarboxes a source into a frame of another shape', () => {
    expect(containRect({ width: 1920, height: 1080 }, 4 / 3)).toEqual({ x: 240, y: 0, width: 1440, height: 1080 });
    expect(containRect({ width: 1280, height: 720 }, 21 / 9)).toEqual({ x: 0, y: 86, width: 1280, height: 549 });
  });
});

describe('frame pacer', () => {
  it('paints each source frame at once, but never above the output rate', () => {
    const pacer = new FramePacer(1000 / 30, 100);
    expect(pacer.onSourceFrame(0)).toBe(true);
    expect(pacer.onSourceFrame(10)).toBe(false); // too soon: kept as pending
    expect(pacer.onTick(20)).toBe(false);
    expect(pacer.onTick(34)).toBe(true); // the pending frame goes out on the next tick
    expect(pacer.onTick(50)).toBe(false); // nothing new
  });

  it('keeps a 30 fps source at 30 fps despite jitter', () => {
    const pacer = new FramePacer(1000 / 30, 100);
    let painted = 0;
    for (let i = 0; i < 300; i++) if (pacer.onSourceFrame(i * (1000 / 30) + (i % 2 ? 1.5 : -1.5))) painted++;
    expect(painted).toBe(300);
  });

  it('two sources at 20 fps each give at most 30 fps', () => {
    const pacer = new FramePacer(1000 / 30, 100);
    const events = [...Array.from({ length: 200 }, (_, i) => i * 50), ...Array.from({ length: 200 }, (_, i) => i * 50 + 17)].sort((a, b) => a - b);
    let painted = 0;
    for (const at of events) if (pacer.onSourceFrame(at)) painted++;
    expect(painted / 10).toBeLessThanOrEqual(30);
    expect(painted / 10).toBeGreaterThanOrEqual(19);
  });

  it('repeats the last picture when every source is silent, so the track never stalls', () => {
    const pacer = new FramePacer(1000 / 30, 100);
    expect(pacer.onSourceFrame(0)).toBe(true);
    let painted = 0;
    for (let now = 33; now <= 1000; now += 33) if (pacer.onTick(now)) painted++;
    expect(painted).toBeGreaterThanOrEqual(9);
    expect(painted).toBeLessThanOrEqual(10);
  });
});
