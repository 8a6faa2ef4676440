// ESLint for the TypeScript in apps/, libs/, tools/ and deploy/: the recommended rules of ESLint and typescript-eslint,
// and Nx's module boundaries on the project tags (project.json): who may import whom.
import js from '@eslint/js';
import { createProjectGraphAsync, readCachedProjectGraph } from '@nx/devkit';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// The boundaries rule reads the project graph that Nx caches in .nx/; `npx eslint` (or an editor) on a fresh clone,
// before any nx command, would skip the rule with no more than a warning, so the graph is made here if none is cached.
try {
  readCachedProjectGraph();
} catch {
  await createProjectGraphAsync({ exitOnError: true });
}

/** Specs and end-to-end suites: the only code that may use the simulated API (kube-sim) and libs/testing. */
const TESTS = ['**/*.spec.ts', '**/test/**/*.ts'];

/**
 * What each kind of project may import from our own projects, by `type:` tag. No one imports an app; the core
 * (k8s-logs) sees only the wire types and flow control; the contract (proto) and the utilities (flow-control) stand
 * alone; the simulated API and the test helpers are for tests and tools only (TEST_SUPPORT below).
 */
const TYPES = {
  'type:app': ['type:lib', 'type:core', 'type:util', 'type:contract'],
  'type:lib': ['type:lib', 'type:util', 'type:contract'],
  'type:core': ['type:util', 'type:contract'],
  'type:util': [],
  'type:contract': [],
  'type:sim': ['type:util', 'type:contract'],
  'type:test-support': ['type:sim', 'type:lib', 'type:core', 'type:util', 'type:contract'],
  'type:tool': ['*'],
};
const TEST_SUPPORT = ['type:sim', 'type:test-support'];

/** And by `scope:`: a plane's own libs stay with that plane; shared ones serve everyone. */
const SCOPES = {
  'scope:cli': ['scope:cli', 'scope:shared'],
  'scope:control-plane': ['scope:control-plane', 'scope:shared'],
  'scope:data-plane': ['scope:data-plane', 'scope:shared'],
  'scope:shared': ['scope:shared'],
  'scope:dev': ['scope:dev', 'scope:shared'],
  'scope:viewer': ['scope:viewer', 'scope:shared'],
};

/** The browser viewer runs in a page: of our projects, only those that need neither Node nor a framework. */
const BROWSER = { sourceTag: 'scope:viewer', onlyDependOnLibsWithTags: ['platform:browser'] };

/** The core runs anywhere Node does: no Nest, no gRPC library, no metrics client (those belong to the apps). */
const CORE_EXTERNALS = { sourceTag: 'type:core', allowedExternalImports: ['@kubernetes/client-node', 'rxjs', 'rxjs/*', 're2js'] };

function moduleBoundaries({ tests }) {
  const byType = Object.entries(TYPES).map(([sourceTag, tags]) => ({
    sourceTag,
    onlyDependOnLibsWithTags: tests && !tags.includes('*') ? [...tags, ...TEST_SUPPORT] : tags,
  }));
  const byScope = Object.entries(SCOPES).map(([sourceTag, tags]) => ({
    sourceTag,
    onlyDependOnLibsWithTags: tests ? [...tags, 'scope:dev'] : tags,
  }));
  return ['error', { allow: [], depConstraints: [...byType, ...byScope, BROWSER, CORE_EXTERNALS] }];
}

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', '.nx/', 'node_modules/', 'libs/proto/src/gen/', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    plugins: { '@nx': nx },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries({ tests: false }),
      // A `let` that a callback reads before its one assignment says "set below" (kube-pod-log-source.ts), and
      // `let { a, b } = ...` where only `a` changes later is one line, not two.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true, destructuring: 'all' }],
    },
  },
  {
    files: TESTS,
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries({ tests: true }),
    },
  },
);
