import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The architecture is in the linter (eslint.config.js): each rule is checked here with code that breaks it,
// placed (virtually) in the folder it must not be written in.

const eslint = new ESLint();

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe('the linter holds the architecture', () => {
  it('keeps electron out of the core, common/ and the renderer, and allows it in the glue and the preload', async () => {
    for (const file of ['main/core/probe.ts', 'common/probe.ts', 'renderer/probe.ts', 'main/browser-mode/probe.ts']) {
      expect(await problems(file, "import { app } from 'electron';\nexport const a = app;\n"), file).toEqual([
        expect.stringContaining('Only main/electron/ and preload/ may import electron'),
      ]);
    }
    expect(await problems('main/electron/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    expect(await problems('preload/probe.ts', "import { contextBridge } from 'electron';\nexport const c = contextBridge;\n")).toEqual([]);
  });

  it('allows raw ipcMain only in the module that registers the contract', async () => {
    const code = "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n";
    expect(await problems('main/electron/desktop-shell.ts', code)).toEqual([expect.stringContaining('ipcMain only in main/electron/register-ipc.ts')]);
    expect(await problems('main/electron/register-ipc.ts', code)).toEqual([]);
  });

  it('keeps the DOM out of the core and common/, Node out of the renderer and common/, and each process out of the others', async () => {
    expect(await problems('main/core/probe.ts', 'export const t = document.title;\n')).toEqual([expect.stringContaining("Unexpected use of 'document'")]);
    expect(await problems('common/probe.ts', 'export const l = localStorage.length;\n')).toEqual([expect.stringContaining("Unexpected use of 'localStorage'")]);
    expect(await problems('renderer/probe.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toEqual([expect.stringContaining('no Node built-ins')]);
    expect(await problems('common/probe.ts', "import path from 'node:path';\nexport const p = path;\n")).toEqual([
      expect.stringContaining('no Node built-ins'),
    ]);
    expect(
      await problems('renderer/probe.ts', "import { RecorderService } from '../main/core/recorder-service';\nexport const r = RecorderService;\n"),
    ).toEqual([expect.stringContaining('only through the contract')]);
    expect(await problems('main/core/probe.ts', "import { t } from '../../renderer/i18n/i18n';\nexport const s = t;\n")).toEqual([
      expect.stringContaining('never reaches into the renderer'),
    ]);
    expect(await problems('common/probe.ts', "import { t } from '../renderer/i18n/i18n';\nexport const s = t;\n")).toEqual([
      expect.stringContaining('shared by every process'),
    ]);
  });
});
