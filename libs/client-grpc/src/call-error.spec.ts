import { AppLogsClientError } from '@applogs/client';
import { Code } from '@applogs/proto';
import { Metadata } from '@grpc/grpc-js';
import { callError } from './call-error';

describe('callError', () => {
  test("a grpc-js call error: the server's code and details, and the call error (with its trailers) as the cause", () => {
    const trailers = new Metadata();
    trailers.set('x-why', 'because');
    const serviceError = Object.assign(new Error('5 NOT_FOUND: pod ghost not found'), {
      code: Code.NOT_FOUND,
      details: 'pod ghost not found',
      metadata: trailers,
    });
    const error = callError(serviceError);
    expect(error).toMatchObject({ code: Code.NOT_FOUND, details: 'pod ghost not found', message: 'NOT_FOUND: pod ghost not found' });
    expect(error.cause).toBe(serviceError);
  });

  test('an error without a code is UNKNOWN; an AppLogsClientError stays itself', () => {
    expect(callError(new Error('boom'))).toMatchObject({ code: Code.UNKNOWN, details: 'boom' });
    const own = new AppLogsClientError(Code.CANCELLED, 'closed');
    expect(callError(own)).toBe(own);
  });
});
