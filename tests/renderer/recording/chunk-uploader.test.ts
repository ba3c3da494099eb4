import { describe, expect, it } from 'vitest';
import type { AppendChunkReply, IpcError, Result } from '../../../common/ipc-contract';
import { ChunkUploader } from '../../../renderer/recording/chunk-uploader';

function blob(size: number, fill = 1): Blob {
  return new Blob([new Uint8Array(size).fill(fill)]);
}

/** A main process whose answers the test releases by hand, to see what the uploader holds meanwhile. */
function slowMain() {
  const received: Array<{ seq: number; size: number }> = [];
  const pending: Array<() => void> = [];
  const send = (seq: number, data: Uint8Array): Promise<Result<AppendChunkReply>> =>
    new Promise((resolve) => {
      pending.push(() => {
        received.push({ seq, size: data.byteLength });
        resolve({ ok: true, value: { bytesOnDisk: 0 } });
      });
    });
  const releaseOne = async () => {
    pending.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { send, received, pending, releaseOne };
}

describe('the renderer sends chunks one at a time, in order, holding only what is unacknowledged', () => {
  it('numbers chunks in order and never has more than one in flight', async () => {
    const main = slowMain();
    const failures: IpcError[] = [];
    const uploader = new ChunkUploader({ send: main.send, warnBytes: 1e9, limitBytes: 1e9, onFailure: (e) => failures.push(e) });
    for (let i = 0; i < 5; i++) uploader.push(blob(100 + i));
    await new Promise((r) => setTimeout(r, 0));
    expect(main.pending).toHaveLength(1);
    expect(uploader.pendingBytes).toBe(100 + 101 + 102 + 103 + 104);
    while (main.pending.length > 0) await main.releaseOne();
    await uploader.drained();
    expect(main.received).toEqual([0, 1, 2, 3, 4].map((seq) => ({ seq, size: 100 + seq })));
    expect(uploader.pendingBytes).toBe(0);
    expect(failures).toEqual([]);
  });

  it('skips empty chunks (MediaRecorder emits them) without using a sequence number', async () => {
    const main = slowMain();
    const uploader = new ChunkUploader({ send: main.send, warnBytes: 1e9, limitBytes: 1e9, onFailure: () => undefined });
    uploader.push(blob(0));
    uploader.push(blob(10));
    await new Promise((r) => setTimeout(r, 0));
    await main.releaseOne();
    await uploader.drained();
    expect(main.received).toEqual([{ seq: 0, size: 10 }]);
  });

  it('warns when the disk falls behind and gives up past the limit instead of growing', async () => {
    const main = slowMain();
    const backlog: number[] = [];
    const failures: IpcError[] = [];
    const uploader = new ChunkUploader({
      send: main.send,
      warnBytes: 250,
      limitBytes: 500,
      onBacklog: (bytes) => backlog.push(bytes),
      onFailure: (e) => failures.push(e),
    });
    for (let i = 0; i < 6; i++) uploader.push(blob(100));
    expect(backlog).toEqual([300, 400, 500]);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.code).toBe('write-failed');
    expect(uploader.pendingBytes).toBe(0);
    uploader.push(blob(100));
    expect(uploader.pendingBytes).toBe(0);
  });

  it('retries a chunk refused as busy and stops at the first real error', async () => {
    const answers: Array<Result<AppendChunkReply>> = [
      { ok: false, error: { code: 'busy', message: 'wait' } },
      { ok: true, value: { bytesOnDisk: 1 } },
      { ok: false, error: { code: 'write-failed', message: 'disk full' } },
    ];
    const seqs: number[] = [];
    const failures: IpcError[] = [];
    const uploader = new ChunkUploader({
      send: async (seq) => {
        seqs.push(seq);
        return answers.shift() ?? { ok: true, value: { bytesOnDisk: 0 } };
      },
      warnBytes: 1e9,
      limitBytes: 1e9,
      onFailure: (e) => failures.push(e),
      retryDelayMs: 1,
    });
    uploader.push(blob(5));
    uploader.push(blob(5));
    uploader.push(blob(5));
    await uploader.drained();
    expect(seqs).toEqual([0, 0, 1]);
    expect(failures.map((f) => f.message)).toEqual(['disk full']);
    expect(uploader.sentChunks).toBe(1);
  });
});
