import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WatchedConfigFile, readConfigDocument } from './watched-config-file';

const dir = mkdtempSync(path.join(os.tmpdir(), 'applogs-config-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A value the parser accepts only when it is a list of numbers. */
function numbers(document: unknown): number[] {
  if (!Array.isArray(document) || !document.every((item) => typeof item === 'number')) throw new Error('expected a list of numbers');
  return document;
}

describe('readConfigDocument', () => {
  test('JSON by its extension, YAML otherwise; errors name the file on one line', () => {
    const json = path.join(dir, 'a.json');
    const yaml = path.join(dir, 'a.yaml');
    writeFileSync(json, '[1, 2]');
    writeFileSync(yaml, '- 1\n- 2\n');
    expect(readConfigDocument(json)).toEqual([1, 2]);
    expect(readConfigDocument(yaml)).toEqual([1, 2]);
    writeFileSync(yaml, 'a: [1\nb: 2\n');
    expect(() => readConfigDocument(yaml)).toThrow(new RegExp(`^${yaml} is not valid YAML: [^\\n]+$`));
    expect(() => readConfigDocument(path.join(dir, 'none.yaml'))).toThrow(`${path.join(dir, 'none.yaml')} cannot be read: ENOENT`);
  });
});

describe('WatchedConfigFile', () => {
  test('parses at once; a bad file throws there', () => {
    const file = path.join(dir, 'start.yaml');
    writeFileSync(file, '[3]');
    expect(new WatchedConfigFile(file, numbers).value).toEqual([3]);
    writeFileSync(file, '[x]');
    expect(() => new WatchedConfigFile(file, numbers)).toThrow('expected a list of numbers');
  });

  test('an edit is taken; a bad edit keeps the last good value and says why', async () => {
    const file = path.join(dir, 'edit.yaml');
    writeFileSync(file, '[1]');
    const watched = new WatchedConfigFile(file, numbers);
    const reports: string[] = [];
    let report!: () => void;
    const next = () => new Promise<void>((resolve) => (report = resolve));
    const stop = watched.watch(20, {
      reloaded: (value) => (reports.push(`reloaded ${value.join()}`), report()),
      failed: (message) => (reports.push(`failed ${message}`), report()),
    });
    try {
      let reported = next();
      writeFileSync(file, '[1, 2]');
      await reported;
      expect(watched.value).toEqual([1, 2]);
      reported = next();
      writeFileSync(file, '[1, two]');
      await reported;
      expect(watched.value).toEqual([1, 2]);
      expect(reports).toEqual(['reloaded 1,2', 'failed expected a list of numbers']);
    } finally {
      stop();
    }
  });
});
