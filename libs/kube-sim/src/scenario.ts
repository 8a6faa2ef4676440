import { readFileSync } from 'node:fs';
import type { Scenario } from './types';

export const DEFAULT_NAMESPACE = 'flyte';

/** Reads a scenario JSON; fails early with the file name so a bad demo setup is obvious. */
export function loadScenarioFile(path: string): Scenario {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read scenario ${path}: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`scenario ${path} must be a JSON object`);
  }
  const scenario = parsed as Scenario;
  for (const key of ['pods', 'knativeServices', 'apps', 'timeline'] as const) {
    if (scenario[key] !== undefined && !Array.isArray(scenario[key])) {
      throw new Error(`scenario ${path}: "${key}" must be an array`);
    }
  }
  return scenario;
}
