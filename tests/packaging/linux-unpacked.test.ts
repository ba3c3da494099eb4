import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInTempCopy } from '../helpers/isolated-build';

// Runs electron-builder itself on our config, offline: `--dir --linux` packs the unpacked Linux app, with a
// stand-in Electron distribution (`electronDist`) instead of the binary it would download. The stand-in
// carries Electron's fuse wire, so the fuse step runs too. This proves what goes into app.asar, what is
// unpacked beside it, the licences, and the fuses. What it cannot prove: the Windows and macOS packagers
// parse the real PE/Mach-O binaries, and the installers (NSIS, DMG, AppImage, deb) need tools downloaded.

const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as { listPackage(archive: string, options?: object): string[]; extractFile(archive: string, file: string): Buffer };
const run = promisify(execFile);
const root = process.cwd();

/** Electron's fuse wire: a sentinel, version 1, eight fuses, as Electron 45 ships them ('1' on, '0' off). */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSES = [
  'runAsNode',
  'cookieEncryption',
  'nodeOptions',
  'nodeCliInspect',
  'asarIntegrity',
  'onlyLoadAppFromAsar',
  'v8Snapshot',
  'fileProtocolPrivileges',
];
const ELECTRON_DEFAULT_WIRE = '10110001';

let built: string;
let project: string;
let unpacked: string;
let buildLog = '';

/** The package and its dependencies, following `dependencies` through the (hoisted) node_modules. */
async function productionClosure(names: string[]): Promise<string[]> {
  const seen = new Set<string>();
  const queue = [...names];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const manifest = JSON.parse(await fs.readFile(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    queue.push(...Object.keys(manifest.dependencies ?? {}));
  }
  return [...seen];
}

async function writeFakeElectron(dir: string): Promise<void> {
  await fs.mkdir(path.join(dir, 'resources'), { recursive: true });
  const wire = Buffer.concat([
    Buffer.from(`#!/bin/sh\n# stand-in for the Electron binary\n${SENTINEL}`),
    Buffer.from([1, FUSES.length]),
    Buffer.from(ELECTRON_DEFAULT_WIRE),
    Buffer.from('\n'),
  ]);
  await fs.writeFile(path.join(dir, 'electron'), wire, { mode: 0o755 });
  await fs.writeFile(path.join(dir, 'LICENSE'), 'Electron licence (stand-in)\n');
  await fs.writeFile(path.join(dir, 'LICENSES.chromium.html'), '<html></html>\n');
}

/** What ffmpeg-static's install step leaves in node_modules: the binary and its licence and build notes. */
async function writeFakeFfmpegStatic(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'ffmpeg-static', version: '5.3.0', main: 'index.js', license: 'GPL-3.0-or-later' }),
  );
  await fs.writeFile(path.join(dir, 'index.js'), "module.exports = require('path').join(__dirname, 'ffmpeg');\n");
  await fs.writeFile(path.join(dir, 'ffmpeg'), '#!/bin/sh\n', { mode: 0o755 });
  await fs.writeFile(path.join(dir, 'ffmpeg.LICENSE'), 'GNU GENERAL PUBLIC LICENSE Version 3 (stand-in)\n');
  await fs.writeFile(path.join(dir, 'ffmpeg.README'), 'build information (stand-in)\n');
}

/** Reads the fuse wire back out of a binary. */
async function fuseWire(binary: string): Promise<Record<string, boolean>> {
  const bytes = await fs.readFile(binary);
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
  expect(at).toBeGreaterThan(SENTINEL.length);
  const length = bytes[at + 1]!;
  return Object.fromEntries(FUSES.slice(0, length).map((name, i) => [name, bytes[at + 2 + i] === 0x31]));
}

beforeAll(async () => {
  built = await buildInTempCopy('pack-build');
  project = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-pack-'));
  for (const item of ['package.json', 'electron-builder.yml', 'assets']) {
    await fs.cp(path.join(root, item), path.join(project, item), { recursive: true });
  }
  await fs.cp(path.join(built, 'dist'), path.join(project, 'dist'), { recursive: true });
  const packageJson = JSON.parse(await fs.readFile('package.json', 'utf8')) as { dependencies: Record<string, string> };
  for (const name of await productionClosure(Object.keys(packageJson.dependencies))) {
    await fs.cp(path.join(root, 'node_modules', name), path.join(project, 'node_modules', name), { recursive: true });
  }
  await writeFakeFfmpegStatic(path.join(project, 'node_modules', 'ffmpeg-static'));
  const electronDist = path.join(project, 'electron-dist');
  await writeFakeElectron(electronDist);
  const electronVersion = (JSON.parse(await fs.readFile('node_modules/electron/package.json', 'utf8')) as { version: string }).version;
  const cli = path.join(root, 'node_modules', '.bin', 'electron-builder');
  // electron-builder stays silent when it sees VITEST in its environment; its log is part of the evidence.
  const { VITEST: _vitest, ...env } = process.env;
  const result = await run(
    cli,
    ['--dir', '--linux', '--x64', '--publish', 'never', `-c.electronDist=${electronDist}`, `-c.electronVersion=${electronVersion}`],
    {
      cwd: project,
      env,
      timeout: 120_000,
    },
  );
  buildLog = `${result.stdout}\n${result.stderr}`;
  unpacked = path.join(project, 'release', 'linux-unpacked');
}, 180_000);

afterAll(async () => {
  for (const dir of [project, built]) if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('electron-builder --dir --linux on our config (offline, stand-in Electron)', () => {
  it('packs the app under the product’s executable name, next to Electron’s licences', async () => {
    expect(buildLog).toMatch(/using custom unpacked Electron distribution/);
    const entries = await fs.readdir(unpacked);
    expect(entries).toEqual(expect.arrayContaining(['classroom-recorder', 'LICENSE.electron.txt', 'LICENSES.chromium.html', 'resources']));
  });

  it('app.asar holds the three bundles and the page, and no source maps or browser-mode tools', () => {
    const archive = path.join(unpacked, 'resources', 'app.asar');
    const files = asar.listPackage(archive).map((f) => f.replaceAll('\\', '/'));
    for (const wanted of ['/package.json', '/dist/main/electron-main.js', '/dist/preload/preload.cjs', '/dist/renderer/index.html', '/dist/renderer/app.js']) {
      expect(files, wanted).toContain(wanted);
    }
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => /browser-mode\.js$|browser-bridge\.js$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.startsWith('/node_modules/') && f.split('/').length === 3).sort()).toEqual(
      expect.arrayContaining(['/node_modules/fluent-ffmpeg']),
    );
    // Every script and stylesheet the page loads is in the package.
    const html = asar.extractFile(archive, 'dist/renderer/index.html').toString('utf8');
    for (const [, ref] of html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)) expect(files, ref).toContain(`/dist/renderer/${ref}`);
  });

  it('unpacks ffmpeg-static beside the archive, executable, with its licence', async () => {
    const ffmpegDir = path.join(unpacked, 'resources', 'app.asar.unpacked', 'node_modules', 'ffmpeg-static');
    const binary = await fs.stat(path.join(ffmpegDir, 'ffmpeg'));
    expect(binary.mode & 0o111, 'executable').not.toBe(0);
    await expect(fs.readFile(path.join(ffmpegDir, 'ffmpeg.LICENSE'), 'utf8')).resolves.toMatch(/GENERAL PUBLIC LICENSE/);
    await expect(fs.access(path.join(ffmpegDir, 'ffmpeg.README'))).resolves.toBeUndefined();
  });

  it('ships our third-party licence notes in resources/licenses', async () => {
    await expect(fs.readFile(path.join(unpacked, 'resources', 'licenses', 'README.md'), 'utf8')).resolves.toMatch(/ffmpeg/);
  });

  it('flips the configured fuses in the packaged binary and leaves the others as Electron ships them', async () => {
    expect(await fuseWire(path.join(unpacked, 'classroom-recorder'))).toEqual({
      runAsNode: false,
      cookieEncryption: true,
      nodeOptions: false,
      nodeCliInspect: false,
      asarIntegrity: false,
      onlyLoadAppFromAsar: true,
      v8Snapshot: false,
      fileProtocolPrivileges: true,
    });
  });
});
