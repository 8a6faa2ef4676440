import { replicaColour, shortPodName as shortOf } from '@applogs/client';
import type { PodSpec } from '@applogs/kube-sim';
import {
  appendNumbered,
  demoScenario,
  demoService,
  historyOf,
  killDataPlane,
  launchChromium,
  podsOf,
  restartDataPlane,
  startControlPlane,
  freePort,
  useStack,
} from '@applogs/testing';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';

// The browser viewer in Debian's Chromium, against both planes and the simulated Kubernetes API: the page the
// control plane serves calls TailLogs from the browser (Connect, binary) on the same port.

const OUTPUT = path.resolve(__dirname, '../../../test-output');

/** Three running replicas of app `colours` whose names the CLI's palette gives three different colours. */
const COLOUR_PODS = distinctColourPods(3);
const runningPod = (name: string, service: string, history: number): PodSpec => ({
  name,
  labels: { 'serving.knative.dev/service': service },
  phase: 'Running',
  containers: [{ name: 'user-container', state: 'running', history }],
});

const scenario = demoScenario(
  {
    hello: { replicas: 2, history: 3 },
    busy: { replicas: 1, history: 0 },
    resume: { replicas: 2, history: 0 },
    shop: { replicas: 3, history: 5, ratePerSecond: 10, lineStyle: 'app' },
  },
  { pods: COLOUR_PODS.map((pod) => runningPod(pod, demoService('colours'), 3)) },
);

const linkOf = (name: string, more = '') => `/logs?project=demo&domain=development&name=${name}${more}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A fresh page (its own context: no shared storage) for one test; closed after it, which ends its stream. */
async function withPage(run: (page: Page) => Promise<void>, options: { colorScheme?: 'dark' | 'light' } = {}): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  try {
    await run(page);
    // A CSP violation, an exception: the page must run clean.
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
}

/** The texts of the line rows drawn now (the list draws the rows in view). */
const lineTexts = (page: Page) => page.locator('[role=log] .row.line').allTextContents();
const footer = (page: Page) => page.locator('footer').textContent();
const waitForLoaded = (page: Page, count: number) =>
  page
    .locator('footer')
    .filter({ hasText: new RegExp(`^${count.toLocaleString('en-US')} lines loaded`) })
    .waitFor();
/** The line rows of `pod` drawn now. */
const linesOf = (page: Page, pod: string) => page.locator(`[role=log] .row.line:has(.replica[title="${pod}"])`);
/** Waits until the newest row drawn ends with `text`. */
const lastLineEndsWith = (page: Page, text: string) =>
  page
    .locator('[role=log] .row.line')
    .last()
    .filter({ hasText: new RegExp(`${text}$`) })
    .waitFor();

// The functions below that run in the page use its globals through their arguments (`element.ownerDocument…`):
// this file is type-checked with Node's types, without the DOM library.

describe('the browser viewer', () => {
  const fixture = useStack({ scenario, controlPlane: true });
  const base = () => `http://${fixture.stack.controlPlaneAddress}`;

  test('lines of three replicas, each in its own colour, with a legend; the first line shows within 1 s', async () => {
    await withPage(async (page) => {
      await page.goto(`${base()}${linkOf('colours')}`);
      await page.locator('[role=log] .row.line').nth(8).waitFor();
      const firstLineMs = await page.evaluate(() => performance.getEntriesByName('applogs:first-line')[0]?.startTime);
      mkdirSync(OUTPUT, { recursive: true });
      writeFileSync(path.join(OUTPUT, 'viewer-first-line.json'), `${JSON.stringify({ firstLineMs })}\n`);
      // From navigation start to the frame that draws the first line, on loopback: the page-load budget.
      expect(firstLineMs).toBeLessThan(1000);

      const drawn = await page.$$eval('[role=log] .row.line .replica', (spans) =>
        spans.map((span) => [span.getAttribute('title'), span.ownerDocument.defaultView.getComputedStyle(span).color]),
      );
      const colourOf = new Map(drawn.map(([pod, colour]) => [pod, colour]));
      expect([...colourOf.keys()].sort()).toEqual([...COLOUR_PODS].sort());
      expect(new Set(colourOf.values()).size).toBe(3);
      for (const pod of COLOUR_PODS) {
        expect(await page.locator(`.row.line:has(.replica[title="${pod}"])`).first().getAttribute('class')).toContain(`c-${replicaColour(pod).name}`);
        expect((await lineTexts(page)).filter((text) => text.startsWith(`${shortOf(pod)} `))).toEqual(
          historyOf(pod, 3).map((line) => `${shortOf(pod)} ${line}`),
        );
      }
      const legend = await page.$$eval('.legend li', (items) =>
        items.map((item) => [item.getAttribute('data-pod'), item.ownerDocument.defaultView.getComputedStyle(item).color]),
      );
      expect(new Map(legend.map(([pod, colour]) => [pod, colour]))).toEqual(colourOf);

      // Hiding a replica hides its lines, and only its.
      await page.getByRole('checkbox', { name: `Show ${COLOUR_PODS[0]}` }).uncheck();
      await linesOf(page, COLOUR_PODS[0]).first().waitFor({ state: 'detached' });
      expect(await page.locator('[role=log] .row.line').count()).toBe(6);
      expect((await lineTexts(page)).some((text) => text.startsWith(shortOf(COLOUR_PODS[0])))).toBe(false);
    });
  });

  test('a replica that joins: a JOINED event inline, and in the legend', async () => {
    await withPage(async (page) => {
      await page.goto(`${base()}${linkOf('hello')}`);
      await page.locator('.legend li').nth(1).waitFor();
      const [added] = fixture.stack.sim.scaleApp(demoService('hello'), 3);
      const joined = page.locator('[role=log] .row.event.ev-joined');
      await joined.waitFor();
      expect(await joined.textContent()).toMatch(new RegExp(`^\\+ ${shortOf(added)} joined`));
      await page.locator(`.legend li[data-pod="${added}"]`).waitFor();
      fixture.stack.sim.scaleApp(demoService('hello'), 2);
      await page.locator('[role=log] .row.event.ev-left').waitFor();
    });
  });

  test('Include narrows the lines on the server; a bad RE2 shows the server’s message', async () => {
    await withPage(async (page) => {
      await page.goto(`${base()}${linkOf('hello')}`);
      await waitForLoaded(page, 6);
      await page.getByRole('textbox', { name: 'Include', exact: true }).fill('line [23]$');
      await page.getByRole('textbox', { name: 'Include', exact: true }).press('Enter');
      await page.waitForURL(/[?&]include=line\+%5B23%5D%24/);
      await waitForLoaded(page, 4);
      expect((await lineTexts(page)).every((text) => /line [23]$/.test(text))).toBe(true);

      await page.getByRole('textbox', { name: 'Include', exact: true }).fill('line (');
      await page.getByRole('button', { name: 'Apply' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/^INVALID_ARGUMENT: include pattern "line \(" is not a valid RE2 expression: /);
      expect(await page.getByRole('status').textContent()).toBe('error: INVALID_ARGUMENT');
    });
  });

  test('scrolled up, new lines are counted ("N new lines ↓"); Pause holds them until Resume; Clear empties the view', async () => {
    await withPage(async (page) => {
      await page.goto(`${base()}${linkOf('busy')}`);
      await page.getByRole('status').filter({ hasText: 'streaming' }).waitFor();
      const [pod] = podsOf(fixture.stack.sim, 'busy');
      appendNumbered(fixture.stack.sim, pod, 'first', 300);
      await waitForLoaded(page, 300);
      await page.locator('[role=log]').evaluate((log) => (log.scrollTop = 0));
      await page.locator('[role=log][data-following=false]').waitFor();
      appendNumbered(fixture.stack.sim, pod, 'second', 5);
      const counter = page.getByRole('button', { name: '5 new lines ↓' });
      await counter.waitFor();
      expect(await page.locator('[role=log]').evaluate((log) => log.scrollTop)).toBe(0);
      await counter.click();
      await counter.waitFor({ state: 'hidden' });
      await lastLineEndsWith(page, 'second 5');

      await page.getByRole('button', { name: 'Pause' }).click();
      appendNumbered(fixture.stack.sim, pod, 'third', 3);
      await page.getByRole('button', { name: '3 new lines ↓' }).waitFor();
      expect(await footer(page)).toBe('305 lines loaded, 3 held while paused');
      expect((await lineTexts(page)).some((text) => text.includes('third'))).toBe(false);
      await page.getByRole('button', { name: 'Resume' }).click();
      await waitForLoaded(page, 308);
      await lastLineEndsWith(page, 'third 3');
      await page.getByRole('button', { name: 'Pause' }).waitFor();

      await page.getByRole('button', { name: 'Clear' }).click();
      await waitForLoaded(page, 0);
      // The footer changes at once; the rows go at the next frame drawn.
      await page.locator('[role=log] .row').first().waitFor({ state: 'detached' });
    });
  });

  test('a data plane restart: the page reconnects, says so, and has every line exactly once', async () => {
    const { sim } = fixture.stack;
    const pods = podsOf(sim, 'resume');
    const produced = new Map<string, string[]>(pods.map((pod) => [pod, []]));
    const produce = (label: string) => {
      for (const pod of pods) produced.get(pod)!.push(...appendNumbered(sim, pod, label, 10));
    };
    const total = () => [...produced.values()].reduce((sum, lines) => sum + lines.length, 0);
    await withPage(async (page) => {
      await page.goto(`${base()}${linkOf('resume')}`);
      await page.getByRole('status').filter({ hasText: 'streaming' }).waitFor();
      produce('before');
      await waitForLoaded(page, total());

      await killDataPlane(fixture.stack);
      await page
        .getByRole('status')
        .filter({ hasText: /^reconnecting in \d+ s \(UNAVAILABLE: / })
        .waitFor();
      produce('while down');
      await restartDataPlane(fixture.stack);
      await page.getByRole('status').filter({ hasText: 'streaming' }).waitFor();
      produce('after');
      const lastLines = pods.map((pod) => `${shortOf(pod)} ${pod} after 10`);
      for (const text of lastLines) await page.locator('[role=log] .row.line', { hasText: text }).waitFor();
      const notices = await page.locator('[role=log] .row.notice').allTextContents();
      expect(notices[0]).toMatch(/^stream broke \(UNAVAILABLE: .+\); reconnecting in [\d.]+ s$/);
      expect(notices.at(-1)).toBe('reconnected: resumed after the last line shown of each replica');

      const ndjson = await downloaded(page, 'NDJSON (.ndjson)');
      const records = ndjson
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      for (const pod of pods) expect(records.filter((record) => record.replica === pod).map((record) => record.message)).toEqual(produced.get(pod));
      expect(records).toHaveLength(total());
      const text = await downloaded(page, 'Text (.log)');
      expect(text.split('\n')[0]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z ${shortOf(pods[0])} \\| ${pods[0]} before 1$`));
    });
  });

  test('Connect (binary) by default; protocol=grpc-web: the same stream over gRPC-Web', async () => {
    await withPage(async (page) => {
      const contentTypes: string[] = [];
      page.on('request', (request) => request.method() === 'POST' && contentTypes.push(request.headers()['content-type']));
      await page.goto(`${base()}${linkOf('hello')}`);
      await waitForLoaded(page, 6);
      await page.goto(`${base()}${linkOf('hello', '&protocol=grpc-web')}`);
      await waitForLoaded(page, 6);
      expect(contentTypes).toEqual(['application/connect+proto', 'application/grpc-web+proto']);
    });
  });

  test('the form on / opens the app’s link, which streams at once', async () => {
    await withPage(async (page) => {
      await page.goto(`${base()}/`);
      await page.getByRole('textbox', { name: 'Project' }).fill('demo');
      await page.getByRole('textbox', { name: 'Domain' }).fill('development');
      await page.getByRole('textbox', { name: 'App' }).fill('hello');
      await page.getByRole('button', { name: 'Open' }).click();
      await page.waitForURL(`${base()}${linkOf('hello')}`);
      await waitForLoaded(page, 6);

      // A link without its app goes back to the form, saying what is missing and keeping what it had.
      await page.goto(`${base()}/logs?project=demo&name=hello`);
      expect(await page.getByRole('alert').textContent()).toBe('the link needs domain (the app to show)');
      expect(await page.getByRole('textbox', { name: 'App' }).inputValue()).toBe('hello');
    });
  });

  test('every control has its accessible name; a screenshot of the page (test-output/viewer.png)', async () => {
    await withPage(
      async (page) => {
        await page.goto(`${base()}${linkOf('shop')}`);
        // The history, then lines of the three replicas as they write them (10 a second each).
        for (const pod of podsOf(fixture.stack.sim, 'shop')) await linesOf(page, pod).nth(5).waitFor();
        const [pod] = podsOf(fixture.stack.sim, 'shop');
        fixture.stack.sim.restartContainer(pod, 'user-container');
        await page.locator('[role=log] .row.event.ev-restarted').waitFor();
        for (const name of ['Include', 'Exclude']) await page.getByRole('textbox', { name, exact: true }).waitFor();
        await page.getByRole('searchbox', { name: 'Search', exact: true }).waitFor();
        for (const name of ['Timestamps', 'Wrap']) await page.getByRole('checkbox', { name, exact: true }).waitFor();
        for (const name of ['Pause', 'Download', 'Clear']) await page.getByRole('button', { name, exact: true }).waitFor();
        await page.getByRole('checkbox', { name: 'Timestamps' }).check();
        await page.getByRole('searchbox', { name: 'Search' }).fill('GET');
        await page.locator('[role=log] mark').first().waitFor();
        mkdirSync(OUTPUT, { recursive: true });
        await page.screenshot({ path: path.join(OUTPUT, 'viewer.png') });
      },
      { colorScheme: 'dark' },
    );
  });

  test('the site: CSP and caching headers, content-hashed files cached for good; APPLOGS_UI=false turns it off', async () => {
    for (const page of ['/', linkOf('hello')]) {
      const response = await fetch(`${base()}${page}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self'; /);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const html = await response.text();
      expect(html).not.toMatch(/<script>|<style>| style=/);
      const assets = [...html.matchAll(/(?:src|href)="(\/app-[A-Z0-9]{8}\.(?:js|css))"/g)].map((match) => match[1]);
      expect(assets).toHaveLength(2);
      for (const asset of assets) {
        const file = await fetch(`${base()}${asset}`);
        expect([file.status, file.headers.get('cache-control')]).toEqual([200, 'public, max-age=31536000, immutable']);
      }
    }
    const address = `127.0.0.1:${await freePort()}`;
    const off = await startControlPlane(address, fixture.stack.dataPlaneAddress, { APPLOGS_UI: 'false' });
    try {
      for (const page of ['/', linkOf('hello')]) expect((await fetch(`http://${address}${page}`)).status).toBe(404);
    } finally {
      await off.stop();
    }
  });
});

describe('the browser viewer, with tokens', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'applogs-viewer-e2e-'));
  const tokensFile = path.join(dir, 'tokens.yaml');
  writeFileSync(tokensFile, '- name: demo-reader\n  token: demo-token\n  grants: ["demo/*"]\n');
  const fixture = useStack({
    scenario: demoScenario({ hello: { replicas: 1, history: 2 } }),
    controlPlane: true,
    controlPlaneEnv: { APPLOGS_AUTH_MODE: 'token', APPLOGS_AUTH_TOKEN_FILE: tokensFile },
  });

  test('no token or a wrong one: the server’s message and the token field; the right one streams, and stays out of the link', async () => {
    await withPage(async (page) => {
      const link = `http://${fixture.stack.controlPlaneAddress}${linkOf('hello')}`;
      await page.goto(link);
      const alert = page.getByRole('alert');
      await alert.filter({ hasText: 'UNAUTHENTICATED: missing credentials' }).waitFor();
      const token = page.getByLabel('Token', { exact: true });
      await token.fill('guess-123');
      await token.press('Enter');
      await alert.filter({ hasText: "UNAUTHENTICATED: invalid token: it is not one of this server's tokens" }).waitFor();
      await token.fill('demo-token');
      await token.press('Enter');
      await waitForLoaded(page, 2);
      expect(await alert.isHidden()).toBe(true);
      expect(page.url()).toBe(link);
      // Kept for this tab only: a reload streams without asking again.
      await page.reload();
      await waitForLoaded(page, 2);
      expect(await page.evaluate('[sessionStorage.getItem("applogs.token"), localStorage.length]')).toEqual(['demo-token', 0]);
    });
  });
});

/** Clicks Download, then `format`, and returns the file's text. */
async function downloaded(page: Page, format: string): Promise<string> {
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: format }).click()]);
  const file = await download.path();
  return readFileSync(file, 'utf8');
}

/** Pod names of app `colours`, the first `count` of a fixed series that get different colours. */
function distinctColourPods(count: number): string[] {
  const pods: string[] = [];
  const colours = new Set<string>();
  for (let i = 0; pods.length < count; i++) {
    const pod = `colours-demo-development-00001-deployment-5d8f9-pod${i}`;
    if (colours.has(replicaColour(pod).name)) continue;
    colours.add(replicaColour(pod).name);
    pods.push(pod);
  }
  return pods;
}
