import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { it } from 'vitest';
import { writeJsonAtomic } from '../../../main/core/storage/atomic-json';
it('x', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-scr-'));
  const f = path.join(dir, 's.json');
  const r = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => writeJsonAtomic(f, { i, pad: 'x'.repeat(i * 1000) })));
  console.log(r.map((x) => x.status + (x.status === 'rejected' ? ' ' + (x.reason as Error).message : '')));
  console.log(await fs.readdir(dir));
  try { console.log(JSON.parse(await fs.readFile(f, 'utf8')).i); } catch (e) { console.log('corrupt', (e as Error).message); }
  const r2 = await writeJsonAtomic(path.join(dir, 'b.json'), { n: 1n }).catch((e) => e.message);
  console.log(r2, await fs.readdir(dir));
});
