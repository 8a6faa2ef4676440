import type { PackageDefinition } from '@grpc/proto-loader';
import {
  FileDescriptorProto,
  type IDescriptorProto,
  type IFieldDescriptorProto,
  type IFileDescriptorProto,
} from 'protobufjs/ext/descriptor';

/**
 * The file descriptors of package definitions, made whole for reflection clients. proto-loader merges the
 * files of one package into one descriptor (`flyteidl2_app.proto`) whose `dependency` list is always empty
 * and whose type references are relative (grpc/grpc-node#2595); it also names a map's entry type `Statuses`
 * where protoc says `StatusesEntry`. grpcurl fetches a file's dependencies by that list and then links the
 * files as strictly as protoc, so it could resolve neither `google.protobuf.Timestamp` nor a map. Here every
 * type reference becomes fully qualified (`.google.protobuf.Timestamp`, as protoc writes it), each file lists
 * the files it refers to, map entries are named as protoc names them, and the well-known types go back to
 * their own files (`google/protobuf/timestamp.proto`, ...), which clients recognise. Returns each file once,
 * encoded.
 */
export function linkedFileDescriptors(definitions: PackageDefinition[]): Uint8Array[] {
  const files = new Map<string, IFileDescriptorProto>();
  for (const definition of definitions) {
    for (const entry of Object.values(definition)) {
      const encoded = (entry as { fileDescriptorProtos?: Uint8Array[] }).fileDescriptorProtos;
      for (const bytes of encoded ?? []) {
        const file = FileDescriptorProto.decode(bytes) as IFileDescriptorProto;
        if (file.name && !files.has(file.name)) files.set(file.name, file);
      }
    }
  }

  splitWellKnownTypes(files);
  for (const file of files.values()) nameMapEntries(file.messageType);

  // Every message and enum, by full name, with the file that defines it.
  const definedIn = new Map<string, string>();
  const indexMessages = (scope: string, messages: IDescriptorProto[] | undefined, file: string) => {
    for (const message of messages ?? []) {
      const name = join(scope, message.name ?? '');
      definedIn.set(name, file);
      for (const nested of message.enumType ?? []) definedIn.set(join(name, nested.name ?? ''), file);
      indexMessages(name, message.nestedType, file);
    }
  };
  for (const [name, file] of files) {
    for (const type of file.enumType ?? []) definedIn.set(join(file.package ?? '', type.name ?? ''), name);
    indexMessages(file.package ?? '', file.messageType, name);
  }

  /** The full name a reference made in `scope` resolves to, by protobuf's scoping rules. */
  const resolve = (reference: string, scope: string): string | undefined => {
    if (reference.startsWith('.')) return definedIn.has(reference.slice(1)) ? reference.slice(1) : undefined;
    // Innermost scope first; as in protoc, the first part of a dotted name picks the scope.
    const first = reference.split('.')[0];
    for (let outer: string | undefined = scope; outer !== undefined; outer = parent(outer)) {
      const candidate = join(outer, reference);
      if (definedIn.has(candidate)) return candidate;
      if (hasPrefix(definedIn, join(outer, first))) break;
    }
    return undefined;
  };

  const encoded: Uint8Array[] = [];
  for (const [name, file] of files) {
    const dependencies = new Set<string>();
    const link = (reference: string | undefined | null, scope: string): string | undefined => {
      if (!reference) return reference ?? undefined;
      const full = resolve(reference, scope);
      if (full === undefined) return reference;
      const home = definedIn.get(full);
      if (home && home !== name) dependencies.add(home);
      return `.${full}`;
    };
    const linkFields = (fields: IFieldDescriptorProto[] | undefined, scope: string) => {
      for (const field of fields ?? []) {
        if (field.typeName) field.typeName = link(field.typeName, scope);
        if (field.extendee) field.extendee = link(field.extendee, scope);
      }
    };
    const linkMessages = (messages: IDescriptorProto[] | undefined, scope: string) => {
      for (const message of messages ?? []) {
        const full = join(scope, message.name ?? '');
        linkFields(message.field, full);
        linkFields(message.extension, full);
        linkMessages(message.nestedType, full);
      }
    };
    const pkg = file.package ?? '';
    linkMessages(file.messageType, pkg);
    linkFields(file.extension, pkg);
    for (const service of file.service ?? []) {
      const scope = join(pkg, service.name ?? '');
      for (const method of service.method ?? []) {
        method.inputType = link(method.inputType, scope);
        method.outputType = link(method.outputType, scope);
      }
    }
    const declared = new Set<string>((file.dependency as string[] | undefined) ?? []);
    file.dependency = [...declared, ...[...dependencies].filter((dependency) => !declared.has(dependency)).sort()];
    encoded.push(FileDescriptorProto.encode(file).finish());
  }
  return encoded;
}

function join(scope: string, name: string): string {
  return scope ? `${scope}.${name}` : name;
}

function parent(scope: string): string | undefined {
  if (scope === '') return undefined;
  const dot = scope.lastIndexOf('.');
  return dot < 0 ? '' : scope.slice(0, dot);
}

function hasPrefix(names: Map<string, string>, prefix: string): boolean {
  if (names.has(prefix)) return true;
  for (const name of names.keys()) if (name.startsWith(`${prefix}.`)) return true;
  return false;
}

/** The file of each well-known type that our protos, health and reflection may use. */
const WELL_KNOWN_FILES: Record<string, string> = {
  Any: 'google/protobuf/any.proto',
  Duration: 'google/protobuf/duration.proto',
  Empty: 'google/protobuf/empty.proto',
  FieldMask: 'google/protobuf/field_mask.proto',
  Struct: 'google/protobuf/struct.proto',
  Value: 'google/protobuf/struct.proto',
  ListValue: 'google/protobuf/struct.proto',
  NullValue: 'google/protobuf/struct.proto',
  Timestamp: 'google/protobuf/timestamp.proto',
  ...Object.fromEntries(
    ['Double', 'Float', 'Int64', 'UInt64', 'Int32', 'UInt32', 'Bool', 'String', 'Bytes'].map((kind) => [`${kind}Value`, 'google/protobuf/wrappers.proto']),
  ),
};

/** Moves the well-known types out of proto-loader's merged `google_protobuf.proto` into their own files. */
function splitWellKnownTypes(files: Map<string, IFileDescriptorProto>): void {
  for (const [name, file] of [...files]) {
    if (file.package !== 'google.protobuf' || Object.values(WELL_KNOWN_FILES).includes(name)) continue;
    const home = (type: { name?: string }) => WELL_KNOWN_FILES[type.name ?? ''];
    for (const type of [...(file.messageType ?? []), ...(file.enumType ?? [])]) {
      const target = home(type);
      if (!target) continue;
      let wellKnown = files.get(target);
      if (!wellKnown) {
        wellKnown = FileDescriptorProto.fromObject({ name: target, package: 'google.protobuf', syntax: 'proto3' }) as IFileDescriptorProto;
        files.set(target, wellKnown);
      }
      const kind = (file.messageType ?? []).includes(type as IDescriptorProto) ? 'messageType' : 'enumType';
      const list = (wellKnown[kind] ??= []) as Array<{ name?: string }>;
      if (!list.some((existing) => existing.name === type.name)) list.push(type);
    }
    file.messageType = (file.messageType ?? []).filter((type) => !home(type));
    file.enumType = (file.enumType ?? []).filter((type) => !home(type));
    if (file.messageType.length === 0 && file.enumType.length === 0 && (file.service ?? []).length === 0) files.delete(name);
  }
}

/** Names each map's entry type as protoc does (`statuses` → `StatusesEntry`), which strict clients check. */
function nameMapEntries(messages: IDescriptorProto[] | undefined): void {
  for (const message of messages ?? []) {
    for (const field of message.field ?? []) {
      const entry = (message.nestedType ?? []).find((nested) => nested.options?.mapEntry && nested.name === field.typeName);
      if (!entry || !field.name) continue;
      const name = mapEntryName(field.name);
      entry.name = name;
      field.typeName = name;
    }
    nameMapEntries(message.nestedType);
  }
}

/** protoc's name for the entry type of a map field: `_` dropped, the letter after it and the first upper-cased. */
function mapEntryName(field: string): string {
  let name = '';
  let upper = true;
  for (const c of field) {
    if (c === '_') upper = true;
    else {
      name += upper ? c.toUpperCase() : c;
      upper = false;
    }
  }
  return `${name}Entry`;
}
