// Renders assets/icon.svg to assets/icon.png (1024x1024), from which electron-builder derives the .ico,
// .icns and Linux sizes. Run after changing the SVG: `node scripts/render-icon.mjs` (needs Chromium).
import fs from 'node:fs/promises';
import { chromium } from 'playwright-core';

const svg = await fs.readFile('assets/icon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1024, height: 1024 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', '<svg width="1024" height="1024" ')}</body></html>`);
await page.screenshot({ path: 'assets/icon.png', omitBackground: true });
await browser.close();
