import { execFileSync } from 'node:child_process';
import type { Browser } from 'playwright-core';

/**
 * Debian's Chromium (`apt-get install chromium`; .ci/run installs it), driven by playwright-core: no browser is
 * downloaded. Headless, without the sandbox (tests run as root in containers) and without /dev/shm (small there).
 */
export async function launchChromium(): Promise<Browser> {
  let executablePath: string;
  try {
    executablePath = execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('the browser tests need Chromium: apt-get install chromium (.ci/run does), then run them again');
  }
  // Loaded here, not at the top: every suite imports this library, few drive a browser.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage'] });
}
