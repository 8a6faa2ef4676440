import { grpcPercentEncode } from './grpc-message';

describe('grpcPercentEncode (the gRPC spec’s grpc-message encoding)', () => {
  test('printable ASCII stays as it is, reserved URI characters included', () => {
    expect(grpcPercentEncode('a target is required: set app_id or replica_id (see /docs?x=1&y=2)')).toBe(
      'a target is required: set app_id or replica_id (see /docs?x=1&y=2)',
    );
  });

  test('%, bytes outside printable ASCII, and spaces at either end are percent-encoded', () => {
    expect(grpcPercentEncode('100% sure')).toBe('100%25 sure');
    expect(grpcPercentEncode('naïve\nline')).toBe('na%C3%AFve%0Aline');
    expect(grpcPercentEncode(' padded ')).toBe('%20padded%20');
  });

  test('what decodeURIComponent reads back as the original', () => {
    for (const text of ['a: b/c', '100% ✓', ' x ', 'tab\there']) expect(decodeURIComponent(grpcPercentEncode(text))).toBe(text);
  });
});
