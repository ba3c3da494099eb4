import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_KEY_PREFIX, type UploadSettings } from '../../common/settings';

const run = promisify(execFile);

/** The app's storage settings, on: pointing at `bucket` of the test server, for school "North School" and teacher "Ms Li". */
export function uploadSettingsFor(server: S3TestServer, bucket: string, overrides: Partial<UploadSettings> = {}): UploadSettings {
  return {
    enabled: true,
    endpoint: server.endpoint,
    region: server.region,
    bucket,
    keyPrefix: DEFAULT_KEY_PREFIX,
    school: 'North School',
    teacher: 'Ms Li',
    pathStyle: true,
    accessKeyId: server.accessKeyId,
    whileRecording: false,
    maxMbps: 0,
    trashAfterDays: 0,
    ...overrides,
  };
}

/** A real S3 server for the tests: Ceph's RADOS Gateway over one monitor and one in-memory OSD, on loopback. */
export interface S3TestServer {
  endpoint: string;
  region: 'us-east-1';
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

/** The SDK's client on the test server's user, as a school's settings would make it (path-style, no CRC32 checksums). */
export function testClient(server: S3TestServer): S3Client {
  return new S3Client({
    endpoint: server.endpoint,
    region: server.region,
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

const BINARIES = ['ceph-mon', 'ceph-osd', 'radosgw', 'ceph', 'ceph-authtool', 'monmaptool', 'radosgw-admin'];

/** Whether Debian's Ceph is installed (README "Tests": `apt-get install … ceph-mon ceph-osd radosgw ceph-common`). */
export function s3ServerAvailable(): boolean {
  return BINARIES.every((binary) => spawnSync('which', [binary]).status === 0);
}

/** The gateway's pools, made before its first requests: each one it makes itself stalls a request ~2 s. */
const GATEWAY_POOLS = [
  '.rgw.root',
  'default.rgw.log',
  'default.rgw.control',
  'default.rgw.meta',
  'default.rgw.buckets.index',
  'default.rgw.buckets.data',
  'default.rgw.buckets.non-ec',
];

/**
 * Starts a fresh cluster in a folder of its own, on ports of its own (two runs never share one), and
 * answers once the gateway answers HTTP and a user exists. About 10 s. Facts behind it:
 * `../shared/notes/s3-test-server.md`. There is no ceph-mgr: only monitor commands are used, each with a
 * time limit (one that needs a manager would wait for ever).
 */
export async function startS3TestServer(): Promise<S3TestServer> {
  if (!s3ServerAvailable()) throw new Error(`Ceph is not installed: apt-get install -y --no-install-recommends ceph-mon ceph-osd radosgw ceph-common`);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-s3-'));
  const [monV2, monV1, gatewayPort] = await freePorts(3);
  // The OSD binds several ports of a range: a random one of its own, well away from other runs'.
  const osdPorts = 30_000 + Math.floor(Math.random() * 500) * 60;
  const fsid = randomUUID();
  const conf = path.join(dir, 'ceph.conf');
  const keyring = path.join(dir, 'keyring');
  await Promise.all(['run', 'log', 'mon', 'osd'].map((sub) => fs.mkdir(path.join(dir, sub))));
  await fs.writeFile(
    conf,
    [
      '[global]',
      `fsid = ${fsid}`,
      `mon host = [v2:127.0.0.1:${monV2},v1:127.0.0.1:${monV1}]`,
      'public addr = 127.0.0.1',
      'cluster addr = 127.0.0.1',
      'ms bind ipv6 = false',
      `ms bind port min = ${osdPorts}`,
      `ms bind port max = ${osdPorts + 59}`,
      `keyring = ${keyring}`,
      `run dir = ${dir}/run`,
      `log file = ${dir}/log/$name.log`,
      `admin socket = ${dir}/run/$name.asok`,
      `mon data = ${dir}/mon/$cluster-$id`,
      `osd data = ${dir}/osd/$cluster-$id`,
      'osd objectstore = memstore',
      'memstore device bytes = 1073741824',
      'osd pool default size = 1',
      'osd pool default min size = 1',
      'osd pool default pg num = 8',
      'osd pool default pgp num = 8',
      'osd pool default pg autoscale mode = off',
      'mon allow pool size one = true',
      'mon warn on pool no redundancy = false',
      'osd crush chooseleaf type = 0',
      `rgw frontends = beast endpoint=127.0.0.1:${gatewayPort}`,
      '',
    ].join('\n'),
  );
  const daemons: ChildProcess[] = [];
  // A test process that exits without stopping the server leaves neither daemons nor files behind.
  const killAll = () => {
    daemons.forEach((daemon) => daemon.kill('SIGKILL'));
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killAll);
  const tool = (binary: string, args: string[]) => run(binary, ['-c', conf, ...args], { timeout: 30_000 });
  const stop = async () => {
    process.off('exit', killAll);
    // Gateway first, then the OSD, then the monitor; the gateway may ignore SIGTERM once the OSD is gone.
    for (const daemon of [...daemons].reverse()) await stopDaemon(daemon);
    await fs.rm(dir, { recursive: true, force: true });
  };
  try {
    await run('ceph-authtool', ['--create-keyring', keyring, '--gen-key', '-n', 'mon.', '--cap', 'mon', 'allow *']);
    const key = (name: string, ...caps: string[]) => run('ceph-authtool', [keyring, '--gen-key', '-n', name, ...caps]);
    await key('client.admin', '--cap', 'mon', 'allow *', '--cap', 'osd', 'allow *', '--cap', 'mgr', 'allow *');
    await key('osd.0', '--cap', 'mon', 'allow profile osd', '--cap', 'osd', 'allow *', '--cap', 'mgr', 'allow profile osd');
    await key('client.rgw.gw', '--cap', 'mon', 'allow rw', '--cap', 'osd', 'allow rwx');
    const monmap = path.join(dir, 'monmap');
    await run('monmaptool', ['--create', '--addv', 'a', `[v2:127.0.0.1:${monV2},v1:127.0.0.1:${monV1}]`, '--fsid', fsid, monmap]);
    await tool('ceph-mon', ['--mkfs', '-i', 'a', '--monmap', monmap, '--keyring', keyring]);
    daemons.push(startDaemon('ceph-mon', ['-c', conf, '-f', '-i', 'a'], dir));

    const osdUuid = randomUUID();
    await tool('ceph', ['osd', 'new', osdUuid, '0']);
    await fs.mkdir(path.join(dir, 'osd', 'ceph-0'));
    await tool('ceph-osd', ['-i', '0', '--mkfs', '--osd-uuid', osdUuid]);
    daemons.push(startDaemon('ceph-osd', ['-c', conf, '-f', '-i', '0'], dir));
    await until(async () => /osd\.0 up\s+in/.test((await tool('ceph', ['osd', 'dump'])).stdout), 'the OSD to be up and in');
    await Promise.all(
      GATEWAY_POOLS.map(async (pool) => {
        await tool('ceph', ['osd', 'pool', 'create', pool, '8']);
        await tool('ceph', ['osd', 'pool', 'application', 'enable', pool, 'rgw']);
      }),
    );

    daemons.push(startDaemon('radosgw', ['-c', conf, '-f', '-n', 'client.rgw.gw'], dir));
    const endpoint = `http://127.0.0.1:${gatewayPort}`;
    await until(async () => (await fetch(endpoint, { signal: AbortSignal.timeout(2000) })).status === 200, 'the gateway to answer');
    const accessKeyId = `CR${randomBytes(9).toString('hex').toUpperCase()}`;
    const secretAccessKey = randomBytes(20).toString('hex');
    await tool('radosgw-admin', ['user', 'create', '--uid=tests', '--display-name=tests', `--access-key=${accessKeyId}`, `--secret-key=${secretAccessKey}`]);
    return { endpoint, region: 'us-east-1', accessKeyId, secretAccessKey, stop };
  } catch (error) {
    const logs = await logTails(dir);
    await stop();
    throw new Error(`The S3 test server did not come up: ${String(error)}\n${logs}`, { cause: error });
  }
}

async function logTails(dir: string): Promise<string> {
  const logs = await fs.readdir(path.join(dir, 'log')).catch(() => [] as string[]);
  const tails = await Promise.all(logs.map(async (log) => `${log}:\n${(await fs.readFile(path.join(dir, 'log', log), 'utf8')).slice(-1500)}`));
  return tails.join('\n');
}

function startDaemon(binary: string, args: string[], dir: string): ChildProcess {
  const daemon = spawn(binary, args, { stdio: 'ignore', cwd: dir });
  daemon.on('error', () => undefined);
  return daemon;
}

async function stopDaemon(daemon: ChildProcess): Promise<void> {
  if (daemon.exitCode !== null || daemon.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));
  daemon.kill('SIGTERM');
  const timer = setTimeout(() => daemon.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs / 1000} s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve) => {
          const server = net.createServer().listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}
