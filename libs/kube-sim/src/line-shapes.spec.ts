import { setImmediate as nextTurn } from 'node:timers/promises';
import { endlessLineToken } from './endless-line';
import { KubeSim } from './index';
import { getText, openStream } from './test/http';
import { steadyValue } from './test/line-reader';

const MiB = 1024 * 1024;

describe('line shapes: long lines, CRLF, a log without newlines', () => {
  let sim: KubeSim;
  const logPath = (pod: string, query = ''): string => `/api/v1/namespaces/flyte/pods/${pod}/log?${query}`;

  beforeEach(async () => {
    sim = await KubeSim.start({
      scenario: {
        pods: [
          { name: 'long', containers: [{ name: 'main', history: 2, lineBytes: 5 * MiB }] },
          { name: 'windows', containers: [{ name: 'main', history: 2, lineEnding: 'crlf' }] },
          { name: 'endless', containers: [{ name: 'main', history: 1, flood: 'no-newlines' }] },
        ],
      },
    });
  });

  afterEach(() => sim.close());

  it('lineBytes: every generated line has exactly that many bytes, sent in 64 KiB writes', async () => {
    const stream = await openStream(sim, logPath('long', 'follow=false'));
    let chunks = 0;
    stream.res.on('data', () => chunks++);
    expect(await stream.finished).toBe('end');
    const lines = stream.text.split('\n');
    expect(lines.map((line) => line.length)).toEqual([5 * MiB, 5 * MiB, 0]);
    expect(lines[0].startsWith('long/main line 1 lorem ipsum dolor sit amet lorem')).toBe(true);
    expect(lines[1].startsWith('long/main line 2 lorem ipsum')).toBe(true);
    expect(chunks).toBeGreaterThanOrEqual((10 * MiB) / (64 * 1024));
  });

  it('lineEnding crlf: stored and appended lines end with \\r\\n, with or without timestamps', async () => {
    sim.appendLines('windows', 'main', ['appended']);
    expect((await getText(sim, logPath('windows'))).text).toBe('windows/main line 1\r\nwindows/main line 2\r\nappended\r\n');
    const stamped = (await getText(sim, logPath('windows', 'timestamps=true&tailLines=1'))).text;
    expect(stamped).toMatch(/^\S+Z appended\r\n$/);
  });

  it("flood 'no-newlines': after the history, one endless line at the reader's pace, and nothing piles up for a paused reader", async () => {
    const stream = await openStream(sim, logPath('endless', 'follow=true&timestamps=true'));
    await stream.waitFor((reader) => reader.text.length > 2 * MiB);
    stream.res.pause();
    const [history, endless] = stream.text.split('\n');
    expect(history).toMatch(/^\S+Z endless\/main line 1$/);
    expect(endless).toMatch(/^\S+Z 1 ✓ 2 ✓ 3 ✓ /);
    const tokens = endless.slice(endless.indexOf(' ') + 1);
    const whole = tokens.slice(0, tokens.lastIndexOf(' ✓ ') + 3);
    const count = whole.split('✓').length - 1;
    expect(whole).toBe(Array.from({ length: count }, (_, i) => endlessLineToken(i + 1)).join(''));

    const stalled = await steadyValue(() => sim.bufferedLogBytes());
    expect(stalled).toBeDefined();
    expect(stalled).toBeLessThanOrEqual(MiB);
    for (let i = 0; i < 200; i++) {
      await nextTurn();
      expect(sim.bufferedLogBytes()).toBe(stalled);
    }
    stream.destroy();
  });

  it("flood 'no-newlines' without follow: the history only", async () => {
    expect((await getText(sim, logPath('endless'))).text).toBe('endless/main line 1\n');
  });
});
