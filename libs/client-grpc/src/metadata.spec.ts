import { Metadata, status } from '@grpc/grpc-js';
import { mergeMetadata, toMetadata } from './metadata';

describe('metadata', () => {
  test('from a plain object, with repeated and binary values', () => {
    const metadata = toMetadata({ 'x-team': 'payments', 'x-tag': ['a', 'b'], 'trace-bin': Buffer.from([1, 2]) });
    expect(metadata.toJSON()).toEqual({ 'x-team': ['payments'], 'x-tag': ['a', 'b'], 'trace-bin': [Buffer.from([1, 2])] });
  });

  test('a grpc-js Metadata is copied, not shared', () => {
    const original = new Metadata();
    original.set('authorization', 'Bearer a');
    const copy = toMetadata(original);
    copy.set('authorization', 'Bearer b');
    expect(original.get('authorization')).toEqual(['Bearer a']);
  });

  test("a call's key replaces the module's values for it; other keys stay", () => {
    const base = toMetadata({ authorization: 'Bearer module', 'x-team': 'payments' });
    const merged = mergeMetadata(base, { authorization: 'Bearer call', 'x-request-id': '42' });
    expect(merged.toJSON()).toEqual({ authorization: ['Bearer call'], 'x-team': ['payments'], 'x-request-id': ['42'] });
    expect(base.get('authorization')).toEqual(['Bearer module']);
  });

  test("grpc-js's refusals become INVALID_ARGUMENT naming the key", () => {
    expect(() => toMetadata({ 'bad key': 'x' })).toThrow(expect.objectContaining({ code: status.INVALID_ARGUMENT }));
    expect(() => toMetadata({ 'bad key': 'x' })).toThrow('metadata "bad key"');
  });
});
