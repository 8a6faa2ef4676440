/**
 * A caller's value quoted for an error message: clipped when huge, and with control characters escaped, so
 * that NUL or a newline never reaches the grpc-message trailer.
 */
export function quote(value: string, max = 64): string {
  const clipped = value.length > max ? value.slice(0, max) : value;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped here
  const escaped = clipped.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
  return `"${escaped}${value.length > max ? '…' : ''}"`;
}
