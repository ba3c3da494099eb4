import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * How the secret key is sealed on disk. The desktop app's is Electron's `safeStorage` (async API): the
 * OS's Keychain, DPAPI or Linux keyring holds its key. `weak`: anyone who can read the disk can read the
 * secret (Linux without a keyring, where safeStorage falls back to `basic_text`; browser mode).
 */
export interface SecretCipher {
  protection(): Promise<'os' | 'weak'>;
  seal(secret: string): Promise<Buffer>;
  /** The secret, and whether it should be sealed again (the OS rotated its key). */
  open(sealed: Buffer): Promise<{ secret: string; sealAgain: boolean }>;
}

/** No sealing at all: the file is only kept readable by this user (browser mode, a development tool). */
export const unsealedCipher: SecretCipher = {
  protection: async () => 'weak',
  seal: async (secret) => Buffer.from(secret, 'utf8'),
  open: async (sealed) => ({ secret: sealed.toString('utf8'), sealAgain: false }),
};

/** The school storage's secret key, apart from settings.json (which a school may copy between computers), sealed. */
export class SecretStore {
  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
  ) {}

  /** Stores the secret; an empty one removes it. */
  async set(secret: string): Promise<void> {
    if (secret === '') {
      await fs.rm(this.file, { force: true });
      return;
    }
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const scratch = `${this.file}.new`;
    await fs.writeFile(scratch, await this.cipher.seal(secret), { mode: 0o600 });
    await fs.rename(scratch, this.file);
  }

  /** The secret, or undefined when none is stored or it can no longer be opened (another user, another computer). */
  async get(): Promise<string | undefined> {
    const sealed = await fs.readFile(this.file).catch(() => undefined);
    if (!sealed) return undefined;
    try {
      const { secret, sealAgain } = await this.cipher.open(sealed);
      if (sealAgain) await this.set(secret).catch(() => undefined);
      return secret;
    } catch {
      return undefined;
    }
  }

  async state(): Promise<'none' | 'os' | 'weak'> {
    return (await this.get()) === undefined ? 'none' : this.cipher.protection();
  }
}
