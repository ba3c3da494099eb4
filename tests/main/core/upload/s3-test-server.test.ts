import fs from 'node:fs';
import path from 'node:path';
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { startS3TestServer, testClient } from '../../../helpers/s3-test-server';

const DAEMONS = ['ceph-mon', 'ceph-osd', 'radosgw'];

/** The Ceph daemons this test process started: its own children, so another run's daemons are not counted. */
function ownDaemons(): { name: string; pid: number; dir: string }[] {
  const found: { name: string; pid: number; dir: string }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the ")" that ends the command name: state, then the parent's pid.
      const [, parentPid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const [binary = '', ...args] = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const name = DAEMONS.find((daemon) => path.basename(binary) === daemon);
      if (Number(parentPid) !== process.pid || !name) continue;
      const conf = args[args.indexOf('-c') + 1] ?? '';
      found.push({ name, pid: Number(entry), dir: path.dirname(conf) });
    } catch {
      // The process ended while being read.
    }
  }
  return found;
}

/** Gone, or a zombie (killed, but not yet reaped): either way no longer running. */
function isGone(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

describe('the S3 test server', () => {
  it('starts, stores an object, and stops without leaving daemons or files behind', async () => {
    const startedAt = Date.now();
    const server = await startS3TestServer();
    console.log(`S3 test server up in ${Date.now() - startedAt} ms`);
    const daemons = ownDaemons();
    const client = testClient(server);
    try {
      expect(daemons.map((daemon) => daemon.name).sort()).toEqual([...DAEMONS].sort());
      await client.send(new CreateBucketCommand({ Bucket: 'smoke' }));
      await client.send(new PutObjectCommand({ Bucket: 'smoke', Key: 'hello.txt', Body: 'hello, lesson' }));
      const head = await client.send(new HeadObjectCommand({ Bucket: 'smoke', Key: 'hello.txt' }));
      expect(head.ContentLength).toBe(13);
      // A single-part object's ETag is the MD5 of its bytes.
      expect(head.ETag).toBe('"2e1f13f025860d547885b51778574493"');
    } finally {
      client.destroy();
      await server.stop();
    }
    expect(daemons.filter((daemon) => !isGone(daemon.pid))).toEqual([]);
    const dirs = [...new Set(daemons.map((daemon) => daemon.dir))];
    expect(dirs).toEqual([expect.stringMatching(/\/cr-s3-[^/]+$/)]);
    expect(dirs.filter((dir) => fs.existsSync(dir))).toEqual([]);
  });
});
