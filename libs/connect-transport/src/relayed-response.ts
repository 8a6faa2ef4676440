import { create, fromBinary, type DescMessage, type Message, type UnknownField } from '@bufbuild/protobuf';
import { BinaryReader } from '@bufbuild/protobuf/wire';

/**
 * A response the handler hands over already encoded (the control plane relays the data plane's bytes), as a
 * message Connect can write. For a binary protocol, its top-level fields ride along as unknown fields, which
 * protobuf-es writes back byte for byte: no decode, no encode. For JSON the bytes are decoded, and Connect
 * writes canonical protobuf JSON.
 */
export function relayedResponse(schema: DescMessage, bytes: Uint8Array, json: boolean): Message {
  if (json) return fromBinary(schema, bytes);
  const message = create(schema);
  message.$unknown = topLevelFields(bytes);
  return message;
}

/** The fields of an encoded message, each as the bytes after its tag. */
function topLevelFields(bytes: Uint8Array): UnknownField[] {
  const reader = new BinaryReader(bytes);
  const fields: UnknownField[] = [];
  while (reader.pos < reader.len) {
    const [no, wireType] = reader.tag();
    fields.push({ no, wireType, data: reader.skip(wireType, no) });
  }
  return fields;
}
