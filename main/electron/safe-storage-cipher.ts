import { safeStorage } from 'electron';
import type { SecretCipher } from '../core/upload/secret-store';

/** The first byte of what is stored: sealed by the OS's store, or kept plain (no store at all). */
const SEALED = 0x53; // 'S'
const PLAIN = 0x50; // 'P'

/**
 * The school storage's secret sealed by Electron's safeStorage, async API (the sync one is deprecated in
 * Electron 45): Keychain on macOS, DPAPI on Windows, the keyring on Linux. On Linux without a keyring
 * safeStorage picks `basic_text`, a key built into Chromium: that is said as `weak`, and the page warns.
 */
export function safeStorageCipher(): SecretCipher {
  const weak = () => process.platform === 'linux' && ['basic_text', 'unknown'].includes(safeStorage.getSelectedStorageBackend());
  return {
    protection: async () => ((await safeStorage.isAsyncEncryptionAvailable()) && !weak() ? 'os' : 'weak'),
    seal: async (secret) => {
      if (!(await safeStorage.isAsyncEncryptionAvailable())) return Buffer.concat([Buffer.of(PLAIN), Buffer.from(secret, 'utf8')]);
      return Buffer.concat([Buffer.of(SEALED), await safeStorage.encryptStringAsync(secret)]);
    },
    open: async (stored) => {
      if (stored[0] === PLAIN) return { secret: stored.subarray(1).toString('utf8'), sealAgain: await safeStorage.isAsyncEncryptionAvailable() };
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(stored.subarray(1));
      return { secret: result, sealAgain: shouldReEncrypt };
    },
  };
}
