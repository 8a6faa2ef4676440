import { Code } from '@applogs/proto';
import { AppLogsClientError, invalidArgument } from './errors';

describe('AppLogsClientError', () => {
  test('says its code by name, keeps the details as the server wrote them', () => {
    const error = new AppLogsClientError(Code.NOT_FOUND, 'pod ghost not found');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'AppLogsClientError',
      code: Code.NOT_FOUND,
      details: 'pod ghost not found',
      message: 'NOT_FOUND: pod ghost not found',
    });
    expect(new AppLogsClientError(99 as Code, 'new').message).toBe('status 99: new');
  });

  test('invalidArgument is the code the server would answer', () => {
    expect(invalidArgument('tailLines must be a whole number')).toMatchObject({ code: Code.INVALID_ARGUMENT, details: 'tailLines must be a whole number' });
  });
});
