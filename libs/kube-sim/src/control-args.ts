/** Typed reads of a control body's fields, failing with a message that names the field. */
export type Args = Readonly<Record<string, unknown>>;

export function str(args: Args, name: string): string {
  const value = args[name];
  if (typeof value !== 'string' || value === '') throw new Error(`"${name}" must be a non-empty string`);
  return value;
}

export function optStr(args: Args, name: string): string | undefined {
  return args[name] === undefined ? undefined : str(args, name);
}

export function int(args: Args, name: string): number {
  const value = args[name];
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new Error(`"${name}" must be an integer`);
  return value;
}

export function optInt(args: Args, name: string): number | undefined {
  return args[name] === undefined ? undefined : int(args, name);
}

export function optBool(args: Args, name: string): boolean | undefined {
  const value = args[name];
  if (value !== undefined && typeof value !== 'boolean') throw new Error(`"${name}" must be a boolean`);
  return value;
}

export function obj(args: Args, name: string): Record<string, unknown> {
  const value = args[name];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`"${name}" must be an object`);
  return value as Record<string, unknown>;
}

export function arr(args: Args, name: string): unknown[] {
  const value = args[name];
  if (!Array.isArray(value)) throw new Error(`"${name}" must be an array`);
  return value;
}
