import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { claimUniqueFile, lessonBaseName, sanitizeTitle } from '../../../../main/core/lessons/lesson-file-name';

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/**
 * How Windows decides a name is a device (RtlIsDosDeviceName_U): take the part before the first dot,
 * drop trailing spaces, compare with the reserved names. `NUL.tar.gz` is NUL.
 */
function isWindowsDeviceName(fileName: string): boolean {
  return RESERVED.test(fileName.split('.')[0]!.replace(/ +$/, ''));
}

/** Everything a title must satisfy to be safe inside a file name on Windows, macOS and Linux. */
function expectSafeTitle(clean: string): void {
  expect(clean.length).toBeGreaterThan(0);
  expect(clean).not.toMatch(/[<>:"/\\|?*]/);
  // eslint-disable-next-line no-control-regex
  expect(clean).not.toMatch(/[\u0000-\u001f\u007f]/);
  expect(clean).not.toMatch(/^[. ]/);
  expect(clean).not.toMatch(/[. ]$/);
  expect(utf8Bytes(clean)).toBeLessThanOrEqual(150);
  expect(clean).not.toContain('\ufffd');
}

describe('sanitizeTitle', () => {
  it('keeps an ordinary title as typed', () => {
    expect(sanitizeTitle('Fractions 3B')).toBe('Fractions 3B');
  });

  it('keeps a Chinese title', () => {
    expect(sanitizeTitle('分数的加法')).toBe('分数的加法');
    expect(sanitizeTitle('  三年级 数学：分数的加法  ')).toBe('三年级 数学：分数的加法'); // full-width colon is allowed
  });

  it('turns path separators into spaces so the title cannot leave the folder', () => {
    expect(sanitizeTitle('Maths/Fractions')).toBe('Maths Fractions');
    expect(sanitizeTitle('Maths\\Fractions')).toBe('Maths Fractions');
    expect(sanitizeTitle('/etc/passwd')).toBe('etc passwd');
    expect(sanitizeTitle('C:\\Windows\\System32')).toBe('C Windows System32');
    // Whatever else happens to them, traversal attempts lose every separator.
    for (const title of ['../../etc/passwd', '..\\..\\Windows\\System32', '\\\\server\\share']) {
      expect(sanitizeTitle(title), title).not.toMatch(/[/\\]/);
    }
  });

  it('removes every character Windows forbids in a file name', () => {
    expect(sanitizeTitle('a<b>c:d"e|f?g*h')).toBe('a b c d e f g h');
    expect(sanitizeTitle('Quiz: what is 1/2 + 1/4?')).toBe('Quiz what is 1 2 + 1 4');
    expect(sanitizeTitle('"Hamlet" *Act 1*')).toBe('Hamlet Act 1');
  });

  it('removes control characters, DEL, C1 controls, zero-width and bidi overrides', () => {
    expect(sanitizeTitle('Bio\u0000logy')).toBe('Biology');
    expect(sanitizeTitle('Bio\u0007logy\u007f')).toBe('Biology');
    expect(sanitizeTitle('Bio\u0085logy')).toBe('Biology');
    expect(sanitizeTitle('Bio\u200blogy\ufeff')).toBe('Biology');
    // U+202E would display "exe.mp4" for "4pm.exe" in Explorer.
    expect(sanitizeTitle('Art\u202Egpj.exe')).toBe('Artgpj.exe');
  });

  it('collapses runs of whitespace and trims', () => {
    expect(sanitizeTitle('  Year   7 \u00a0 History  ')).toBe('Year 7 History');
  });

  it('strips leading dots so the file is never hidden', () => {
    expect(sanitizeTitle('.hidden')).toBe('hidden');
    expect(sanitizeTitle('...Physics')).toBe('Physics');
    expect(sanitizeTitle('  .Physics')).toBe('Physics');
    expect(sanitizeTitle('/.Physics')).toBe('Physics');
  });

  it('strips leading dots that were separated by spaces (". .bashrc", "../../etc/passwd")', () => {
    for (const title of ['. .bashrc', '../../etc/passwd', '..\\..\\Windows', '. . . notes']) {
      expect(sanitizeTitle(title), title).not.toMatch(/^[. ]/);
    }
  });

  it('strips trailing dots and spaces, which Windows would drop silently', () => {
    expect(sanitizeTitle('Chemistry...')).toBe('Chemistry');
    expect(sanitizeTitle('Chemistry . . ')).toBe('Chemistry');
    expect(sanitizeTitle('Chemistry?')).toBe('Chemistry');
  });

  it('changes Windows reserved device names in any case', () => {
    for (const name of ['CON', 'con', 'Prn', 'AUX', 'nul', 'NUL', 'COM1', 'com9', 'LPT1', 'LPT9', 'lpt9', 'COM¹']) {
      const clean = sanitizeTitle(name);
      expect(clean, name).not.toMatch(RESERVED);
      expect(isWindowsDeviceName(`${clean} 2024-03-11 07-30.mp4`), name).toBe(false);
      expectSafeTitle(clean);
    }
  });

  it('changes a reserved name followed by an extension or trailing dot', () => {
    for (const name of ['con.txt', 'nul.tar.gz', 'AUX.', 'COM1 .mp4']) {
      const clean = sanitizeTitle(name);
      expect(clean, name).not.toBe(name);
      expect(clean.toLowerCase(), name).toContain(name.split('.')[0]!.trim().toLowerCase());
    }
  });

  it('does not touch names that only start with a reserved word', () => {
    expect(sanitizeTitle('Console games')).toBe('Console games');
    expect(sanitizeTitle('Auxiliary verbs')).toBe('Auxiliary verbs');
    expect(sanitizeTitle('COM10')).toBe('COM10');
    expect(sanitizeTitle('Null hypothesis')).toBe('Null hypothesis');
  });

  it('makes "con.txt" safe as the start of a Windows file name', () => {
    for (const name of ['con.txt', 'nul.tar.gz', 'COM1 .mp4']) {
      expect(isWindowsDeviceName(`${sanitizeTitle(name)} 2024-03-11 07-30.mp4`), name).toBe(false);
    }
  });

  it('answers the fallback when nothing usable is left', () => {
    for (const title of ['', '   ', '\t\n', '...', ' . . ', '///', '<>:"|?*', '\u0000\u0001', '\u200b']) {
      expect(sanitizeTitle(title), JSON.stringify(title)).toBe('Lesson');
    }
    expect(sanitizeTitle('   ', 'Unterricht')).toBe('Unterricht');
    expect(sanitizeTitle('', '课堂')).toBe('课堂');
  });

  it('truncates a long ASCII title to 150 bytes', () => {
    const clean = sanitizeTitle('a'.repeat(400));
    expect(clean).toBe('a'.repeat(150));
  });

  it('truncates a long Chinese title on a character boundary (3 bytes each)', () => {
    const clean = sanitizeTitle('分'.repeat(100)); // 300 bytes
    expect(clean).toBe('分'.repeat(50)); // exactly 150 bytes
    const offByOne = sanitizeTitle(`a${'分'.repeat(100)}`); // 1 + 49*3 = 148; a 50th would make 151
    expect(offByOne).toBe(`a${'分'.repeat(49)}`);
    expect(utf8Bytes(offByOne)).toBe(148);
    expect(Buffer.from(offByOne, 'utf8').toString('utf8')).toBe(offByOne);
  });

  it('never splits an emoji (surrogate pair, 4 bytes) when truncating', () => {
    const clean = sanitizeTitle(`${'x'.repeat(148)}😀😀`);
    expect(clean).toBe('x'.repeat(148));
    expect(clean).not.toMatch(/[\ud800-\udfff]/);
    const fits = sanitizeTitle(`${'x'.repeat(146)}😀😀`);
    expect(fits).toBe(`${'x'.repeat(146)}😀`);
    expect(utf8Bytes(fits)).toBe(150);
    // No lone surrogate: the string survives a UTF-8 round trip unchanged.
    expect(Buffer.from(fits, 'utf8').toString('utf8')).toBe(fits);
  });

  it('never splits a flag emoji (two code points) when truncating', () => {
    const clean = sanitizeTitle(`${'x'.repeat(146)}🇨🇳`); // 146 + 8 = 154 bytes
    const graphemes = [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(clean)].map((g) => g.segment);
    expect(graphemes.at(-1)).not.toBe('🇨');
    expect(['x', '🇨🇳']).toContain(graphemes.at(-1));
  });

  it('removes trailing spaces and dots left behind by truncation', () => {
    const clean = sanitizeTitle(`${'a'.repeat(148)} .bcd`);
    expect(clean).toBe('a'.repeat(148));
  });

  it('normalizes to NFC so the same title always gives the same name', () => {
    const decomposed = 'Cafe\u0301'; // e + combining acute
    expect(sanitizeTitle(decomposed)).toBe('Caf\u00e9');
  });

  it('produces a safe title for a batch of hostile inputs', () => {
    const hostile = [
      '/etc/shadow',
      'C:\\Windows\\system32\\cmd.exe',
      '\\\\server\\share\\x',
      'CON',
      'lpt1.mp4',
      '  .  .  ',
      '\u0000\u001f\u007f',
      `${'🎓'.repeat(60)}`,
      `${'分'.repeat(49)}ab...`,
      'trailing dot.',
      '*?',
    ];
    for (const title of hostile) expectSafeTitle(sanitizeTitle(title));
  });
});

describe('lessonBaseName', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('formats "<title> YYYY-MM-DD HH-mm" with zero padding', () => {
    expect(lessonBaseName('Fractions', new Date(2024, 0, 5, 9, 7, 59))).toBe('Fractions 2024-01-05 09-07');
    expect(lessonBaseName('Fractions', new Date(2024, 11, 31, 23, 59))).toBe('Fractions 2024-12-31 23-59');
    expect(lessonBaseName('Fractions', new Date(2025, 6, 1, 0, 0))).toBe('Fractions 2025-07-01 00-00');
  });

  it('never puts a colon in the name (Windows forbids it)', () => {
    expect(lessonBaseName('Maths', new Date(2024, 2, 11, 14, 30))).not.toContain(':');
  });

  it('sanitizes the title and uses the fallback for an empty one', () => {
    expect(lessonBaseName('a/b', new Date(2024, 2, 11, 14, 30))).toBe('a b 2024-03-11 14-30');
    expect(lessonBaseName('   ', new Date(2024, 2, 11, 14, 30))).toBe('Lesson 2024-03-11 14-30');
    expect(lessonBaseName('', new Date(2024, 2, 11, 14, 30), '课堂')).toBe('课堂 2024-03-11 14-30');
    expect(lessonBaseName('分数的加法', new Date(2024, 2, 11, 14, 30))).toBe('分数的加法 2024-03-11 14-30');
  });

  it('uses the local time zone, not UTC', () => {
    const instant = new Date('2024-03-10T23:30:00Z');
    process.env.TZ = 'Asia/Shanghai'; // UTC+8, no DST
    expect(lessonBaseName('Maths', instant)).toBe('Maths 2024-03-11 07-30');
    process.env.TZ = 'America/Los_Angeles'; // UTC-7 on that date (DST began 2024-03-10)
    expect(lessonBaseName('Maths', instant)).toBe('Maths 2024-03-10 16-30');
    process.env.TZ = 'UTC';
    expect(lessonBaseName('Maths', instant)).toBe('Maths 2024-03-10 23-30');
  });

  it('keeps the whole file name within 255 bytes for the longest title', () => {
    const base = lessonBaseName('分'.repeat(500), new Date(2024, 2, 11, 14, 30));
    expect(utf8Bytes(`${base} (999).mp4`)).toBeLessThanOrEqual(255);
  });
});

describe('claimUniqueFile', () => {
  let root: string;
  let caseNumber = 0;
  let dir: string;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'cr-units-claim-'));
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  async function freshDir(): Promise<string> {
    dir = path.join(root, `case-${++caseNumber}`);
    await fs.mkdir(dir);
    return dir;
  }

  it('claims base.mp4 in an empty folder by creating an empty file', async () => {
    const folder = await freshDir();
    const file = await claimUniqueFile(folder, 'Fractions 2024-03-11 14-30');
    expect(file).toBe(path.join(folder, 'Fractions 2024-03-11 14-30.mp4'));
    expect((await fs.stat(file)).size).toBe(0);
  });

  it('adds " (2)", then " (3)" when earlier names are taken, and never overwrites them', async () => {
    const folder = await freshDir();
    const base = 'Fractions 2024-03-11 14-30';
    await fs.writeFile(path.join(folder, `${base}.mp4`), 'first lesson');
    const second = await claimUniqueFile(folder, base);
    expect(path.basename(second)).toBe(`${base} (2).mp4`);
    await fs.writeFile(second, 'second lesson');
    const third = await claimUniqueFile(folder, base);
    expect(path.basename(third)).toBe(`${base} (3).mp4`);
    expect(await fs.readFile(path.join(folder, `${base}.mp4`), 'utf8')).toBe('first lesson');
    expect(await fs.readFile(second, 'utf8')).toBe('second lesson');
    expect((await fs.readdir(folder)).sort()).toEqual([`${base} (2).mp4`, `${base} (3).mp4`, `${base}.mp4`]);
  });

  it('treats an earlier claim as taken even though it is still empty', async () => {
    const folder = await freshDir();
    const a = await claimUniqueFile(folder, 'Lesson');
    const b = await claimUniqueFile(folder, 'Lesson');
    expect(a).not.toBe(b);
    expect(path.basename(b)).toBe('Lesson (2).mp4');
  });

  it('fills the first free number in a gap', async () => {
    const folder = await freshDir();
    await fs.writeFile(path.join(folder, 'X.mp4'), '');
    await fs.writeFile(path.join(folder, 'X (3).mp4'), 'keep');
    expect(path.basename(await claimUniqueFile(folder, 'X'))).toBe('X (2).mp4');
    expect(path.basename(await claimUniqueFile(folder, 'X'))).toBe('X (4).mp4');
    expect(await fs.readFile(path.join(folder, 'X (3).mp4'), 'utf8')).toBe('keep');
  });

  it('skips a name taken by a folder', async () => {
    const folder = await freshDir();
    await fs.mkdir(path.join(folder, 'Biology.mp4'));
    expect(path.basename(await claimUniqueFile(folder, 'Biology'))).toBe('Biology (2).mp4');
  });

  it('gives every concurrent claim of the same base a distinct name', async () => {
    const folder = await freshDir();
    const base = '分数的加法 2024-03-11 14-30';
    await fs.writeFile(path.join(folder, `${base}.mp4`), 'existing');
    const claims = await Promise.all(Array.from({ length: 25 }, () => claimUniqueFile(folder, base)));
    expect(new Set(claims).size).toBe(25);
    const expected = Array.from({ length: 25 }, (_, i) => path.join(folder, `${base} (${i + 2}).mp4`));
    expect([...claims].sort()).toEqual([...expected].sort());
    expect(await fs.readdir(folder)).toHaveLength(26);
    expect(await fs.readFile(path.join(folder, `${base}.mp4`), 'utf8')).toBe('existing');
  });

  it('honours another extension', async () => {
    const folder = await freshDir();
    expect(path.basename(await claimUniqueFile(folder, 'Notes', '.json'))).toBe('Notes.json');
    expect(path.basename(await claimUniqueFile(folder, 'Notes', '.json'))).toBe('Notes (2).json');
    expect(path.basename(await claimUniqueFile(folder, 'Notes'))).toBe('Notes.mp4');
  });

  it('rejects at once when the folder does not exist instead of looping', async () => {
    const folder = path.join(root, 'does-not-exist');
    await expect(claimUniqueFile(folder, 'Lesson')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('gives up with a clear error when all 999 names are taken', async () => {
    const folder = await freshDir();
    await fs.writeFile(path.join(folder, 'Full.mp4'), '');
    await Promise.all(Array.from({ length: 998 }, (_, i) => fs.writeFile(path.join(folder, `Full (${i + 2}).mp4`), '')));
    await expect(claimUniqueFile(folder, 'Full')).rejects.toThrow(/No free file name for "Full"/);
    expect(await fs.readdir(folder)).toHaveLength(999);
  });
});
