import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Who holds the per-user state: the desktop app or browser mode, and where to find it. */
export interface InstanceInfo {
  kind: 'desktop' | 'browser';
  pid: number;
  /** Browser mode: the address it serves the app at. */
  url?: string;
}

export interface InstanceLock {
  /** Lets the state go (at quit); the lock also goes with the process if it dies. */
  release(): Promise<void>;
}

export type LockOutcome = { acquired: true; lock: InstanceLock } | { acquired: false; owner: InstanceInfo };

/** The longest Unix socket path every OS takes (macOS: 104 bytes with the terminator). */
const MAX_SOCKET_PATH = 100;

/**
 * Where the lock of `stateDir` listens: a named pipe on Windows, else a Unix socket in the state folder
 * (or, if that path is too long for a socket, in the temp folder under a hash of it).
 */
export function lockAddress(stateDir: string, platform: NodeJS.Platform = process.platform): string {
  const hash = createHash('sha256').update(path.resolve(stateDir)).digest('hex').slice(0, 16);
  if (platform === 'win32') return `\\\\.\\pipe\\classroom-recorder-${hash}`;
  const inState = path.join(stateDir, 'instance.sock');
  return Buffer.byteLength(inState) <= MAX_SOCKET_PATH ? inState : path.join(os.tmpdir(), `classroom-recorder-${hash}.sock`);
}

/**
 * One owner for the per-user state (settings, the journal of lessons that record): the first app that
 * starts listens on a local socket; a second one finds it answering and learns who it is, and must not
 * start (it would recover, finish or delete the first one's live lessons). A socket, not a lock file:
 * the OS closes it when its process dies however it dies, so a crash never leaves the state locked, and a
 * PID that the OS gave to another program cannot pass for the owner. The owner answers each caller with
 * its `InstanceInfo` and takes one command, `show` (bring the window to the front).
 */
export async function acquireInstanceLock(stateDir: string, info: InstanceInfo, onShow: () => void = () => undefined): Promise<LockOutcome> {
  fs.mkdirSync(stateDir, { recursive: true });
  const address = lockAddress(stateDir);
  for (let attempt = 0; attempt < 3; attempt++) {
    const server = await listen(address, info, onShow);
    if (server) {
      return {
        acquired: true,
        lock: {
          release: () =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              if (process.platform !== 'win32') fs.rmSync(address, { force: true });
            }),
        },
      };
    }
    const owner = await askOwner(address);
    if (owner) return { acquired: false, owner };
    // Nobody answers: a socket file left by a process that died. Take its place (Windows pipes never stay).
    if (process.platform !== 'win32') fs.rmSync(address, { force: true });
  }
  throw new Error(`The app's state folder ${stateDir} could not be locked (${address}).`);
}

function listen(address: string, info: InstanceInfo, onShow: () => void): Promise<net.Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => {
      socket.setEncoding('utf8');
      socket.on('error', () => undefined);
      socket.end(`${JSON.stringify(info)}\n`);
      socket.on('data', (data: string) => {
        if (data.split('\n').includes('show')) onShow();
      });
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(undefined);
      else reject(error);
    });
    server.listen(address, () => {
      server.unref();
      resolve(server);
    });
  });
}

/**
 * Asks whoever holds the lock who they are (and, with `show`, to show their window). Undefined when no
 * one answers within a second: the socket is stale.
 */
export function askOwner(address: string, command?: 'show'): Promise<InstanceInfo | undefined> {
  return new Promise((resolve) => {
    let text = '';
    const socket = net.connect(address);
    const done = (value: InstanceInfo | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(undefined), 1000);
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      if (command) socket.write(`${command}\n`);
    });
    socket.on('data', (data: string) => {
      text += data;
      const line = text.split('\n')[0];
      if (text.includes('\n') && line) {
        try {
          done(JSON.parse(line) as InstanceInfo);
        } catch {
          done(undefined);
        }
      }
    });
    socket.on('error', () => done(undefined));
    socket.on('end', () => done(undefined));
  });
}
