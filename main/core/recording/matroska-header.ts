/** EBML id of a Matroska Cluster: where the media data of a MediaRecorder stream begins. */
const CLUSTER_ID = [0x1f, 0x43, 0xb6, 0x75];

/** The header is a few hundred bytes; if no cluster shows up in this much, the stream is not what we think. */
export const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * Length of the stream's header (EBML header, Segment start, Info, Tracks): the bytes before the first
 * Cluster, or undefined if no Cluster starts within `bytes`.
 *
 * Why: MediaRecorder's chunks cut the stream anywhere and only the first carries the header. If the disk
 * under a recording disappears, we continue in a new file that starts with this header followed by the
 * chunks that come next; ffmpeg's Matroska reader skips to the next Cluster and carries on (checked in
 * tests/main/core/recording/recording-faults.test.ts).
 */
export function matroskaHeaderLength(bytes: Uint8Array): number | undefined {
  if (bytes[0] !== 0x1a || bytes[1] !== 0x45 || bytes[2] !== 0xdf || bytes[3] !== 0xa3) return undefined;
  for (let i = 4; i + 3 < bytes.length; i++) {
    if (bytes[i] === CLUSTER_ID[0] && bytes[i + 1] === CLUSTER_ID[1] && bytes[i + 2] === CLUSTER_ID[2] && bytes[i + 3] === CLUSTER_ID[3]) {
      return i;
    }
  }
  return undefined;
}

/** Collects the stream's first bytes until the header is complete; then holds just the header. */
export class HeaderCapture {
  private collected = new Uint8Array(0);
  private header: Uint8Array | undefined;
  private gaveUp = false;

  get value(): Uint8Array | undefined {
    return this.header;
  }

  /** Feed chunks in order; cheap once the header is known (it then ignores further chunks). */
  feed(chunk: Uint8Array): void {
    if (this.header || this.gaveUp) return;
    const joined = new Uint8Array(this.collected.length + chunk.length);
    joined.set(this.collected);
    joined.set(chunk, this.collected.length);
    const length = matroskaHeaderLength(joined);
    if (length !== undefined) {
      this.header = joined.slice(0, length);
      this.collected = new Uint8Array(0);
    } else if (joined.length > MAX_HEADER_BYTES) {
      this.gaveUp = true;
      this.collected = new Uint8Array(0);
    } else {
      this.collected = joined;
    }
  }
}
