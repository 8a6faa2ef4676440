import { Metadata, status } from '@grpc/grpc-js';
import { AppLogsClientError } from './errors';

describe('AppLogsClientError', () => {
  test("from a grpc-js call error: the server's code, details and trailers", () => {
    const trailers = new Metadata();
    trailers.set('x-why', 'because');
    const callError = Object.assign(new Error('5 NOT_FOUND: pod ghost not found'), { code: status.NOT_FOUND, details: 'pod ghost not found', metadata: trailers });
    const error = AppLogsClientError.fromCallError(callError);
    expect(error).toBeInstanceOf(AppLogsClientError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'AppLogsClientError', code: status.NOT_FOUND, details: 'pod ghost not found', message: 'NOT_FOUND: pod ghost not found' });
    expect(error.metadata.get('x-why')).toEqual(['because']);
    expect(error.cause).toBe(callError);
  });

  test('an error without a code is UNKNOWN; an AppLogsClientError stays itself', () => {
    expect(AppLogsClientError.fromCallError(new Error('boom'))).toMatchObject({ code: status.UNKNOWN, details: 'boom' });
    const own = new AppLogsClientError(status.CANCELLED, 'closed');
    expect(AppLogsClientError.fromCallError(own)).toBe(own);
  });
});
