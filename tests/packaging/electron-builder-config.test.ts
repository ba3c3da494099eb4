import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// electron-builder.yml checked offline: against electron-builder's own JSON schema (the one it validates
// with before every build), and against what this app needs on each OS. tests/packaging/
// linux-unpacked.test.ts then runs electron-builder itself on it.

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const Ajv = (require('ajv') as { default: new (options: object) => AjvInstance }).default;
interface AjvInstance {
  compile(schema: object): ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string; params: unknown }> | null };
}

type Config = Record<string, any>;
const config = yaml.load(await fs.readFile('electron-builder.yml', 'utf8')) as Config;
const packageJson = JSON.parse(await fs.readFile('package.json', 'utf8')) as Config;
const schema = JSON.parse(await fs.readFile('node_modules/app-builder-lib/scheme.json', 'utf8')) as object;
// The options electron-builder itself uses (app-builder-lib schemaValidator.ts), minus coerceTypes: we
// want "true" written as a string to fail here rather than be quietly coerced.
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

function errorsOf(data: unknown): string[] {
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 8)], 'PNG signature').toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The `<key>…</key><true/>` entries of a plist (the entitlements file has nothing else). */
function plistTrueKeys(xml: string): string[] {
  return [...xml.matchAll(/<key>([^<]+)<\/key>\s*<true\s*\/>/g)].map((m) => m[1]!);
}

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const targetNames = (target: unknown) => asArray(target as unknown[]).map((t) => (typeof t === 'string' ? t : (t as { target: string }).target));

describe('electron-builder.yml against electron-builder’s schema', () => {
  it('is valid', () => {
    expect(errorsOf(config)).toEqual([]);
  });

  it('the validator is live: misspelt or mistyped options are refused', () => {
    expect(errorsOf({ ...config, mac: { ...config.mac, hardenedRuntim: true } }).join('\n')).toMatch(/additional/i);
    expect(errorsOf({ ...config, asarUnpack: 42 })).not.toEqual([]);
    expect(errorsOf({ ...config, electronFuses: { runAsNode: 'no' } })).not.toEqual([]);
  });
});

describe('what the app needs from its installers', () => {
  it('one installer per OS: NSIS on Windows, DMG on macOS, AppImage and deb on Linux', () => {
    expect(targetNames(config.win.target)).toEqual(['nsis']);
    expect(targetNames(config.mac.target)).toEqual(['dmg']);
    expect(targetNames(config.linux.target).sort()).toEqual(['AppImage', 'deb']);
    expect(config.productName).toBe(packageJson.productName);
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    expect(config.linux.maintainer, 'deb needs a maintainer').toBeTruthy();
  });

  it('macOS: hardened runtime, entitlements for camera, microphone and V8’s JIT, usage descriptions', async () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    for (const key of ['entitlements', 'entitlementsInherit']) {
      const file = config.mac[key] as string;
      const keys = plistTrueKeys(await fs.readFile(file, 'utf8'));
      expect(keys, `${key} (${file})`).toEqual(
        expect.arrayContaining(['com.apple.security.device.camera', 'com.apple.security.device.audio-input', 'com.apple.security.cs.allow-jit']),
      );
      // Nothing that would loosen the hardened runtime more than Electron needs.
      expect(keys.filter((k) => /disable-library-validation|allow-dyld-environment-variables|disable-executable-page-protection/.test(k))).toEqual([]);
    }
    for (const key of ['NSCameraUsageDescription', 'NSMicrophoneUsageDescription']) {
      expect(String(config.mac.extendInfo?.[key] ?? ''), key).toMatch(/Classroom Recorder .{10,}/);
    }
  });

  it('ships ffmpeg unpacked (a binary inside app.asar cannot be run), with its licence', async () => {
    const unpack = asArray<string>(config.asarUnpack);
    expect(unpack).toContain('node_modules/ffmpeg-static/**');
    const extra = asArray<{ from: string; to: string }>(config.extraResources);
    const licences = extra.find((entry) => entry.to.replace(/\/$/, '') === 'licenses');
    expect(licences).toBeDefined();
    const readme = await fs.readFile(`${licences!.from.replace(/\/$/, '')}/README.md`, 'utf8');
    expect(readme).toMatch(/ffmpeg/);
    expect(readme).toMatch(/GPL/);
    expect(readme).toMatch(/ffmpeg\.LICENSE/);
  });

  it('leaves source maps and the browser-mode tools out of the package', () => {
    const files = asArray<string>(config.files);
    expect(files).toContain('dist/**/*');
    expect(files).toContain('!dist/**/*.map');
    expect(files).toContain('!dist/main/browser-mode.js');
    expect(files).toContain('!dist/renderer/browser-bridge.js');
  });

  it('has an app icon that is a square PNG of at least 512×512 (electron-builder derives .ico/.icns from it)', async () => {
    const { width, height } = pngSize(await fs.readFile(config.icon as string));
    expect(width).toBeGreaterThanOrEqual(512);
    expect(height).toBe(width);
  });

  it('flips the Electron fuses that close side doors into the app', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
  });

  it('points package.json main at the bundled Electron entry the build writes', async () => {
    expect(packageJson.main).toBe('dist/main/electron-main.js');
    await expect(fs.readFile('scripts/build.mjs', 'utf8')).resolves.toMatch(/'electron-main': 'main\/electron\/electron-main\.ts'/);
  });
});
