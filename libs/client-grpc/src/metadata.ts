import { Metadata, type MetadataValue } from '@grpc/grpc-js';
import { invalidArgument } from '@applogs/client';

/** Request metadata (headers): a grpc-js Metadata, or a plain object of values (`-bin` keys take Buffers). */
export type MetadataInit = Metadata | Record<string, MetadataValue | readonly MetadataValue[]>;

/** A fresh Metadata of `init`; grpc-js's own checks (lower-case keys, `-bin` for Buffers) become INVALID_ARGUMENT. */
export function toMetadata(init: MetadataInit | undefined): Metadata {
  if (init instanceof Metadata) return init.clone();
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(init ?? {})) {
    for (const one of Array.isArray(value) ? value : [value as MetadataValue]) {
      try {
        metadata.add(key, one);
      } catch (error) {
        throw invalidArgument(`metadata "${key}": ${(error as Error).message}`);
      }
    }
  }
  return metadata;
}

/**
 * The module's metadata with a call's on top: a key the call sets replaces the module's values for it
 * (a per-call token overrides the default one rather than being sent next to it).
 */
export function mergeMetadata(base: Metadata, call: MetadataInit | undefined): Metadata {
  const merged = base.clone();
  if (call === undefined) return merged;
  for (const [key, values] of Object.entries(toMetadata(call).toJSON())) {
    merged.remove(key);
    for (const value of values) merged.add(key, value);
  }
  return merged;
}
