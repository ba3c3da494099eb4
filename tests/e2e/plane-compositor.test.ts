import path from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowserAppWithChromium } from '../helpers/browser-app';

const setup = useBrowserAppWithChromium();

/**
 * The plane compositor against Chromium's real VideoFrame (copyTo, layouts, the buffer constructor), with
 * frames made from known bytes. The fake screen here gives I420 only; a teacher's screen is usually BGRA
 * (Windows, macOS, X11), so that path is checked here with frames built for it.
 */
let bundle = '';
beforeAll(async () => {
  const result = await build({
    stdin: {
      contents: "import { PlaneCompositor } from './renderer/capture/plane-compositor'; globalThis.PlaneCompositor = PlaneCompositor;",
      resolveDir: path.resolve('.'),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
    target: 'es2022',
  });
  bundle = result.outputFiles[0]!.text;
});

type PageEval = Awaited<ReturnType<typeof setup.browser.context.newPage>>;

/** A page of a secure origin (WebCodecs needs one) with PlaneCompositor defined. */
async function pageWithCompositor(): Promise<PageEval> {
  const page = await setup.browser.context.newPage();
  await page.goto(setup.app.server.url);
  await page.evaluate(bundle);
  return page;
}

/** Runs `scenario` in a page: it gets helpers to make frames and answers what `read` saw in the output. */
async function inPage(page: PageEval, scenario: string): Promise<Record<string, unknown>> {
  return page.evaluate(`(async () => {
    const make = {
      bgra(width, height, [b, g, r]) {
        const data = new Uint8Array(width * height * 4);
        for (let i = 0; i < data.length; i += 4) data.set([b, g, r, 255], i);
        return new VideoFrame(data, { format: 'BGRA', codedWidth: width, codedHeight: height, timestamp: 0 });
      },
      i420(width, height, [y, u, v], colorSpace = { matrix: 'smpte170m', fullRange: false, primaries: 'smpte170m', transfer: 'smpte170m' }) {
        const data = new Uint8Array(width * height * 3 / 2);
        data.fill(y, 0, width * height); data.fill(u, width * height, width * height * 5 / 4); data.fill(v, width * height * 5 / 4);
        return new VideoFrame(data, { format: 'I420', codedWidth: width, codedHeight: height, timestamp: 0, colorSpace });
      },
      nv12(width, height, [y, u, v]) {
        const data = new Uint8Array(width * height * 3 / 2);
        data.fill(y, 0, width * height);
        for (let i = width * height; i < data.length; i += 2) { data[i] = u; data[i + 1] = v; }
        return new VideoFrame(data, { format: 'NV12', codedWidth: width, codedHeight: height, timestamp: 0, colorSpace: { matrix: 'smpte170m', fullRange: false } });
      },
    };
    /** Output pixel at (x, y): BGRA bytes, or Y, U, V for I420. */
    async function read(frame) {
      const data = new Uint8Array(frame.allocationSize());
      const layout = await frame.copyTo(data);
      const pixel = (x, y) => frame.format === 'I420'
        ? [data[layout[0].offset + y * layout[0].stride + x], data[layout[1].offset + (y >> 1) * layout[1].stride + (x >> 1)], data[layout[2].offset + (y >> 1) * layout[2].stride + (x >> 1)]]
        : Array.from(data.subarray(layout[0].offset + y * layout[0].stride + x * 4, layout[0].offset + y * layout[0].stride + x * 4 + 4));
      return { format: frame.format, timestamp: frame.timestamp, width: frame.codedWidth, pixel };
    }
    ${scenario}
  })()`);
}

describe('the plane compositor in Chromium', () => {
  it('a BGRA screen: the I420 camera is converted to its colours, in its slot only; the screen is kept between frames', async () => {
    const page = await pageWithCompositor();
    const seen = await inPage(
      page,
      `
      const compositor = new PlaneCompositor();
      const screen = make.bgra(64, 36, [10, 20, 30]);
      const red = make.i420(32, 18, [81, 90, 240]);
      const output = { width: 64, height: 36 };
      const why = PlaneCompositor.whyNot(screen, red, output);
      const first = await read(await compositor.compose(screen, red, { x: 8, y: 4, width: 16, height: 8 }, 1000));
      // The camera changes, the screen does not: its kept bytes are used with the new camera over them.
      const blue = make.i420(32, 18, [41, 240, 110]);
      const second = await read(await compositor.compose(screen, blue, { x: 8, y: 4, width: 16, height: 8 }, 2000));
      return {
        why, format: first.format, timestamp: first.timestamp,
        inside: first.pixel(10, 6), corner: first.pixel(23, 11), outside: [first.pixel(7, 6), first.pixel(24, 6), first.pixel(10, 12)],
        second: second.pixel(10, 6), secondOutside: second.pixel(0, 0), secondTimestamp: second.timestamp,
        tooSmall: PlaneCompositor.whyNot(screen, red, { width: 128, height: 72 }),
      };`,
    );
    expect(seen.why).toBeUndefined();
    expect(seen.format).toBe('BGRA');
    expect(seen.timestamp).toBe(1000);
    const near = (got: unknown, want: number[]) => (got as number[]).every((v, i) => Math.abs(v - want[i]!) <= 3);
    // BT.601 limited (81, 90, 240) is pure red: in BGRA order 0, 0, 255.
    expect(near(seen.inside, [0, 0, 255, 255]), String(seen.inside)).toBe(true);
    expect(near(seen.corner, [0, 0, 255, 255]), String(seen.corner)).toBe(true);
    for (const pixel of seen.outside as number[][]) expect(pixel).toEqual([10, 20, 30, 255]);
    expect(near(seen.second, [255, 0, 0, 255]), String(seen.second)).toBe(true);
    expect(seen.secondOutside).toEqual([10, 20, 30, 255]);
    expect(seen.secondTimestamp).toBe(2000);
    expect(seen.tooSmall).toMatch(/not the output's 128x72/);
    await page.close();
  });

  it('an I420 screen and an NV12 camera: bytes copied as they are; another colour space is left to the canvas', async () => {
    const page = await pageWithCompositor();
    const seen = await inPage(
      page,
      `
      const compositor = new PlaneCompositor();
      const screen = make.i420(64, 36, [50, 100, 150]);
      const camera = make.nv12(32, 18, [200, 30, 220]);
      const out = await read(await compositor.compose(screen, camera, { x: 40, y: 20, width: 16, height: 8 }, 5));
      const hd = make.i420(32, 18, [200, 30, 220], { matrix: 'bt709', fullRange: false, primaries: 'bt709', transfer: 'bt709' });
      return { format: out.format, inside: out.pixel(41, 21), outside: out.pixel(39, 21), why: PlaneCompositor.whyNot(screen, hd, { width: 64, height: 36 }) };`,
    );
    expect(seen.format).toBe('I420');
    expect(seen.inside).toEqual([200, 30, 220]);
    expect(seen.outside).toEqual([50, 100, 150]);
    expect(seen.why).toMatch(/bt709/);
    await page.close();
  });
});
