import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../e2e/harness/browser';

// Renders assets/icon.svg to every size the extension stores ask for
// (16, 32, 48 for the toolbar and add-ons manager, 96 for Firefox's add-ons
// page at 2x, 128 for the Chrome Web Store and install dialogs). The PNGs are
// committed, so builds need no browser; run `npm run icons` after editing the SVG.
export const ICON_SIZES = [16, 32, 48, 96, 128] as const;

const svg = readFileSync('assets/icon.svg');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
try {
  mkdirSync('public/icon', { recursive: true });
  for (const size of ICON_SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img width="${size}" height="${size}" src="data:image/svg+xml;base64,${svg.toString('base64')}"></body></html>`,
    );
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
    writeFileSync(`public/icon/${size}.png`, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
    await page.close();
  }
  console.log(`wrote public/icon/{${ICON_SIZES.join(',')}}.png`);
} finally {
  await browser.close();
}
