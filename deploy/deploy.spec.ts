// The deployment files, checked without a container engine or a cluster: the kustomize base as kubectl renders
// it (RBAC, security context, probes, wiring), docker-compose.yml (parsed, and validated by docker-compose when
// it is installed), the Dockerfile's targets, and the health probe script the images run.
import * as grpc from '@grpc/grpc-js';
import { execFile } from 'node:child_process';
import { KubeSim } from '@applogs/kube-sim';
import { create, grpcServiceDefinition, Health, HealthCheckResponse_ServingStatus, HealthCheckResponseSchema } from '@applogs/proto';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are checked field by field, untyped */
type Manifest = any;

const ROOT = resolve(__dirname, '..');
const execFileAsync = promisify(execFile);

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** `describe`, or one skipped test whose name says why (and a warning) when `tool` is missing. */
function describeWith(tool: string | undefined, title: string, missing: string, body: () => void): void {
  if (tool) {
    describe(title, body);
    return;
  }
  console.warn(`${title}: SKIPPED: ${missing}`);
  describe(`${title} (SKIPPED: ${missing})`, () => {
    it.skip(`skipped: ${missing}`, () => undefined);
  });
}

const PLANES = {
  'control-plane': { port: 8090, metricsPort: 9090, addrEnv: 'APPLOGS_CONTROL_PLANE_ADDR', metricsEnv: 'APPLOGS_CONTROL_PLANE_METRICS_ADDR' },
  'data-plane': { port: 8091, metricsPort: 9091, addrEnv: 'APPLOGS_DATA_PLANE_ADDR', metricsEnv: 'APPLOGS_DATA_PLANE_METRICS_ADDR' },
} as const;
type Plane = keyof typeof PLANES;
const PLANE_NAMES = Object.keys(PLANES) as Plane[];

// ---- Kubernetes ------------------------------------------------------------------------------------------------

const EXPECTED_ROLE_RULES = [
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  { apiGroups: ['serving.knative.dev'], resources: ['services'], verbs: ['get'] },
];

const kubectlPath = findOnPath('kubectl');

async function kustomize(dir: string): Promise<Manifest[]> {
  const { stdout } = await execFileAsync(kubectlPath as string, ['kustomize', dir], { cwd: ROOT, timeout: 60_000, maxBuffer: 16 << 20 });
  const docs = parseAllDocuments(stdout);
  for (const doc of docs) expect(doc.errors).toEqual([]);
  return docs.map((doc) => doc.toJS()).filter((object) => object !== null);
}

function only(objects: Manifest[], kind: string, predicate: (object: Manifest) => boolean = () => true): Manifest {
  const found = objects.filter((object) => object.kind === kind && predicate(object));
  expect(found.map((object) => `${object.kind}/${object.metadata.name}`)).toHaveLength(1);
  return found[0];
}

function env(container: Manifest, name: string): Manifest {
  const entry = (container.env ?? []).find((variable: Manifest) => variable.name === name);
  expect(entry).toBeDefined();
  return entry;
}

/** The rendered objects of one plane. */
function plane(objects: Manifest[], name: Plane) {
  const isPlane = (object: Manifest) => object.metadata?.labels?.['app.kubernetes.io/component'] === name;
  const deployment = only(objects, 'Deployment', isPlane);
  const service = only(objects, 'Service', isPlane);
  const pod = deployment.spec.template.spec;
  expect(pod.containers).toHaveLength(1);
  return { deployment, service, pod, container: pod.containers[0] };
}

describeWith(kubectlPath, 'the Kubernetes base (kubectl kustomize deploy/kubernetes)', 'kubectl is not on PATH (Debian package kubernetes-client)', () => {
  let objects: Manifest[];

  beforeAll(async () => {
    objects = await kustomize('deploy/kubernetes');
  });

  it('holds both planes, their Services, the data plane ServiceAccount, Role and RoleBinding, and nothing cluster-wide', () => {
    const kinds = objects.map((object) => `${object.kind}/${object.metadata.name.replace(/-[a-z0-9]{10}$/, '-<hash>')}`).sort();
    expect(kinds).toEqual(
      [
        'ConfigMap/applogs-data-plane-<hash>',
        'Deployment/applogs-control-plane',
        'Deployment/applogs-data-plane',
        'PodDisruptionBudget/applogs-control-plane',
        'Role/applogs-data-plane',
        'RoleBinding/applogs-data-plane',
        'Service/applogs-control-plane',
        'Service/applogs-data-plane',
        'ServiceAccount/applogs-data-plane',
      ].sort(),
    );
  });

  it('grants the data plane exactly pods get/list/watch, pods/log get and Knative services get', () => {
    const role = only(objects, 'Role');
    expect(role.rules).toEqual(EXPECTED_ROLE_RULES);
  });

  it("binds that Role to the data plane's ServiceAccount, which the data plane runs as", () => {
    const role = only(objects, 'Role');
    const account = only(objects, 'ServiceAccount');
    const binding = only(objects, 'RoleBinding');
    expect(binding.metadata.namespace).toBe(role.metadata.namespace);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: account.metadata.name, namespace: account.metadata.namespace }]);
    const { pod } = plane(objects, 'data-plane');
    expect(pod.serviceAccountName).toBe(account.metadata.name);
    expect(pod.automountServiceAccountToken).not.toBe(false);
  });

  it('runs the control plane (stateless) as 2 replicas spread over nodes, one kept up through a drain', () => {
    const deployment = objects.find((object) => object.kind === 'Deployment' && object.metadata.name === 'applogs-control-plane')!;
    const { pod } = plane(objects, 'control-plane');
    const podLabels = deployment.spec.template.metadata.labels;
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.topologySpreadConstraints.map((constraint: Manifest) => constraint.topologyKey)).toEqual([
      'kubernetes.io/hostname',
      'topology.kubernetes.io/zone',
    ]);
    for (const constraint of pod.topologySpreadConstraints) expect(podLabels).toMatchObject(constraint.labelSelector.matchLabels);
    const budget = only(objects, 'PodDisruptionBudget');
    expect(budget.spec.minAvailable).toBe(1);
    expect(podLabels).toMatchObject(budget.spec.selector.matchLabels);
  });

  it('gives the control plane no ServiceAccount token', () => {
    const { pod } = plane(objects, 'control-plane');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBeUndefined();
  });

  it('runs every container as non-root (uid 1000) on a read-only root filesystem, without privileges, with requests and limits', () => {
    const deployments = objects.filter((object) => object.kind === 'Deployment');
    expect(deployments).toHaveLength(2);
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
        const where = `${deployment.metadata.name}/${container.name}`;
        expect({ where, securityContext: container.securityContext }).toEqual({
          where,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
          },
        });
        for (const bound of ['requests', 'limits']) {
          expect({ where, bound, cpu: !!container.resources?.[bound]?.cpu, memory: !!container.resources?.[bound]?.memory }).toEqual({
            where,
            bound,
            cpu: true,
            memory: true,
          });
        }
        // A read-only root still needs somewhere to write temporary files.
        const tmp = container.volumeMounts?.find((mount: Manifest) => mount.mountPath === '/tmp');
        expect(pod.volumes.find((volume: Manifest) => volume.name === tmp?.name)?.emptyDir).toBeDefined();
      }
    }
  });

  it.each(PLANE_NAMES)('%s: listens on 0.0.0.0, has gRPC readiness and liveness probes on its port, and a ClusterIP Service', (name) => {
    const expected = PLANES[name];
    const { service, container, deployment } = plane(objects, name);
    const port = (portName: string) => container.ports.find((p: Manifest) => p.name === portName)?.containerPort;
    expect(port('grpc')).toBe(expected.port);
    expect(port('metrics')).toBe(expected.metricsPort);
    expect(env(container, expected.addrEnv).value).toBe(`0.0.0.0:${expected.port}`);
    expect(env(container, expected.metricsEnv).value).toBe(`0.0.0.0:${expected.metricsPort}`);
    // Readiness follows the plane's dependencies; liveness only asks whether the process answers.
    expect(container.readinessProbe?.grpc?.service).toBe('flyteidl2.app.AppLogsService');
    expect(container.livenessProbe?.grpc?.service).toBe('liveness');
    for (const probe of ['readinessProbe', 'livenessProbe']) {
      expect({ probe, grpcPort: container[probe]?.grpc?.port }).toEqual({ probe, grpcPort: expected.port });
      expect(container[probe].httpGet ?? container[probe].tcpSocket ?? container[probe].exec).toBeUndefined();
    }
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    expect(service.spec.ports.map((p: Manifest) => ({ name: p.name, port: p.port, targetPort: p.targetPort }))).toEqual([
      { name: 'grpc', port: expected.port, targetPort: 'grpc' },
      { name: 'metrics', port: expected.metricsPort, targetPort: 'metrics' },
    ]);
  });

  it("points the control plane at the data plane's Service", () => {
    const dataPlane = plane(objects, 'data-plane');
    const grpcPort = dataPlane.service.spec.ports.find((p: Manifest) => p.name === 'grpc').port;
    expect(env(plane(objects, 'control-plane').container, 'APPLOGS_DATA_PLANE_URL').value).toBe(`${dataPlane.service.metadata.name}:${grpcPort}`);
  });

  it('takes APPLOGS_NAMESPACE from the generated ConfigMap, naming the namespace the Role grants access in', () => {
    const { container } = plane(objects, 'data-plane');
    const ref = env(container, 'APPLOGS_NAMESPACE').valueFrom?.configMapKeyRef;
    const configMap = only(objects, 'ConfigMap', (object) => object.metadata.name === ref?.name);
    expect(configMap.data[ref.key]).toBe(only(objects, 'Role').metadata.namespace);
    for (const object of objects) expect(object.metadata.namespace).toBe(configMap.data[ref.key]);
  });

  it('has no namespace written into the resource files (the kustomization sets it)', () => {
    const dir = join(ROOT, 'deploy/kubernetes');
    const files = readdirSync(dir).filter((file) => /\.ya?ml$/.test(file) && file !== 'kustomization.yaml');
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
        const object = doc.toJS();
        expect({ file, namespace: object?.metadata?.namespace }).toEqual({ file, namespace: undefined });
      }
    }
  });

  it("sets both planes' images through kustomize images:, matching the tags docker-compose.yml builds", () => {
    const kustomization = parse(readFileSync(join(ROOT, 'deploy/kubernetes/kustomization.yaml'), 'utf8'));
    expect(kustomization.images.map((image: Manifest) => image.name).sort()).toEqual(['applogs-control-plane', 'applogs-data-plane']);
    const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'));
    for (const name of PLANE_NAMES) {
      const { container } = plane(objects, name);
      expect(container.image).toBe(compose.services[name].image);
    }
  });

  it('follows an overlay that sets the namespace, APPLOGS_NAMESPACE and the images (deploy/examples/kubernetes-overlay)', async () => {
    const overlay = await kustomize('deploy/examples/kubernetes-overlay');
    for (const object of overlay) expect(`${object.kind}/${object.metadata.name} ${object.metadata.namespace}`).toMatch(/ apps$/);
    expect(only(overlay, 'RoleBinding').subjects[0].namespace).toBe('apps');
    expect(only(overlay, 'Role').rules).toEqual(EXPECTED_ROLE_RULES);
    const { container } = plane(overlay, 'data-plane');
    const ref = env(container, 'APPLOGS_NAMESPACE').valueFrom.configMapKeyRef;
    expect(only(overlay, 'ConfigMap', (object) => object.metadata.name === ref.name).data[ref.key]).toBe('apps');
    expect(container.image).toBe('registry.example.com/applogs/data-plane:0.1.0');
    expect(plane(overlay, 'control-plane').container.image).toBe('registry.example.com/applogs/control-plane:0.1.0');
  });
});

// ---- docker-compose.yml ----------------------------------------------------------------------------------------

const DOCKERFILE = 'deploy/docker/Dockerfile';
/** The simulated API's health probe, compiled from libs/kube-sim/src/probe.ts (as the images hold it). */
const KUBE_SIM_PROBE = 'dist/libs/kube-sim/src/probe.js';

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'));
  const services = compose.services;

  it('runs the simulated API, the data plane and the control plane, each built from its Dockerfile target', () => {
    expect(Object.keys(services).sort()).toEqual(['control-plane', 'data-plane', 'kube-sim']);
    const targets = dockerfileStages();
    for (const [name, service] of Object.entries<Manifest>(services)) {
      expect({ name, build: service.build }).toEqual({ name, build: { context: '.', dockerfile: DOCKERFILE, target: name } });
      expect(targets.has(name)).toBe(true);
    }
  });

  it('publishes the gRPC, metrics and simulated API ports on loopback only', () => {
    expect(services['kube-sim'].ports).toEqual(['127.0.0.1:8001:8001']);
    expect(services['data-plane'].ports).toEqual(['127.0.0.1:8091:8091', '127.0.0.1:9091:9091']);
    expect(services['control-plane'].ports).toEqual(['127.0.0.1:8090:8090', '127.0.0.1:9090:9090']);
  });

  it.each(PLANE_NAMES)('%s: listens and serves metrics on 0.0.0.0, and is health-checked over gRPC on its port', (name) => {
    const expected = PLANES[name];
    const service = services[name];
    expect(service.environment[expected.addrEnv]).toBe(`0.0.0.0:${expected.port}`);
    expect(service.environment[expected.metricsEnv]).toBe(`0.0.0.0:${expected.metricsPort}`);
    expect(service.healthcheck.test).toEqual(['CMD', 'node', 'tools/grpc-health-probe.js', `127.0.0.1:${expected.port}`]);
  });

  it('health-checks the simulated API with its probe: the kubeconfig it shares, over TLS, on its own port', () => {
    expect(services['kube-sim'].healthcheck.test).toEqual(['CMD', 'node', KUBE_SIM_PROBE, '/kube/kubeconfig', 'https://127.0.0.1:8001']);
  });

  it('starts each plane once what it depends on is healthy', () => {
    expect(services['kube-sim'].depends_on).toBeUndefined();
    expect(services['data-plane'].depends_on).toEqual({ 'kube-sim': { condition: 'service_healthy' } });
    expect(services['control-plane'].depends_on).toEqual({ 'data-plane': { condition: 'service_healthy' } });
    expect(services['control-plane'].environment.APPLOGS_DATA_PLANE_URL).toBe('data-plane:8091');
  });

  it('shares the kubeconfig the simulator writes with the data plane through a volume', () => {
    const sim = services['kube-sim'];
    const option = (flag: string) => sim.command[sim.command.indexOf(flag) + 1];
    expect(option('--kubeconfig-server')).toBe('https://kube-sim:8001');
    expect(option('--host')).toBe('0.0.0.0');
    expect(sim.volumes).toEqual(['kubeconfig:/kube']);
    expect(services['data-plane'].volumes).toEqual(['kubeconfig:/kube:ro']);
    expect(option('--kubeconfig')).toBe('/kube/kubeconfig');
    expect(services['data-plane'].environment.KUBECONFIG).toBe('/kube/kubeconfig');
    expect(Object.keys(compose.volumes)).toEqual(['kubeconfig']);
  });
});

const dockerComposePath = findOnPath('docker-compose');

describeWith(dockerComposePath, 'docker-compose config', 'docker-compose is not on PATH (Debian package docker-compose)', () => {
  it('accepts docker-compose.yml', async () => {
    await expect(execFileAsync(dockerComposePath as string, ['config', '-q'], { cwd: ROOT, timeout: 60_000 })).resolves.toBeDefined();
  });
});

// ---- deploy/docker/Dockerfile ----------------------------------------------------------------------------------

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

function parseDockerfile(): { globalArgs: Map<string, string>; stages: Map<string, Stage> } {
  const lines = readFileSync(join(ROOT, DOCKERFILE), 'utf8')
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const globalArgs = new Map<string, string>();
  const stages = new Map<string, Stage>();
  let stage: Stage | undefined;
  for (const line of lines) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line) as RegExpExecArray;
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [from, as, name] = args.split(/\s+/);
      expect(as?.toUpperCase()).toBe('AS');
      stage = { name, from, instructions: [] };
      stages.set(name, stage);
    } else if (!stage) {
      expect(upper).toBe('ARG');
      const [name, value] = args.split('=');
      globalArgs.set(name, value);
    } else {
      stage.instructions.push({ keyword: upper, args });
    }
  }
  return { globalArgs, stages };
}

function dockerfileStages(): Map<string, Stage> {
  return parseDockerfile().stages;
}

/** A target's instructions, its base stages' first; and the image it finally starts from. */
function targetChain(target: string): { base: string; instructions: Instruction[] } {
  const { globalArgs, stages } = parseDockerfile();
  const stage = stages.get(target);
  expect(stage).toBeDefined();
  if (!stage) throw new Error(target);
  if (stages.has(stage.from)) {
    const parent = targetChain(stage.from);
    return { base: parent.base, instructions: [...parent.instructions, ...stage.instructions] };
  }
  return { base: stage.from.replace(/^\$\{(\w+)\}$/, (_m, name: string) => globalArgs.get(name) ?? ''), instructions: stage.instructions };
}

const last = (instructions: Instruction[], keyword: string) => instructions.filter((i) => i.keyword === keyword).at(-1)?.args;

/** Whether .dockerignore keeps `path` (relative to the repository root) out of the build context. */
function dockerIgnored(path: string): boolean {
  const patterns = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const toRegExp = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/^\/+|\/+$/g, '')
        .split(/(\*\*\/|\*\*|\*|\?)/)
        .map((part) =>
          part === '**/' ? '(?:.*/)?' : part === '**' ? '.*' : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
        )
        .join('')}$`,
    );
  const segments = path.split('/');
  // A path is out when it or a folder above it matches; a later `!pattern` brings it back.
  let ignored = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const regExp = toRegExp(negated ? pattern.slice(1) : pattern);
    if (segments.some((_s, i) => regExp.test(segments.slice(0, i + 1).join('/')))) ignored = !negated;
  }
  return ignored;
}

describe('deploy/docker/Dockerfile', () => {
  const { stages } = parseDockerfile();
  const all = [...stages.values()].flatMap((stage) => stage.instructions);

  it.each(['control-plane', 'data-plane', 'kube-sim'])('%s: a slim Node 20 image, NODE_ENV=production, run as USER node, with a HEALTHCHECK', (target) => {
    const { base, instructions } = targetChain(target);
    expect(base).toMatch(/^node:20(\.[\d.]+)?-(\w+-)?slim$/);
    expect(last(instructions, 'USER')).toBe('node');
    expect(instructions.some((i) => i.keyword === 'ENV' && /\bNODE_ENV=production\b/.test(i.args))).toBe(true);
    const healthcheck = last(instructions, 'HEALTHCHECK');
    expect(healthcheck).toMatch(/\bCMD\b/);
    expect(healthcheck).not.toMatch(/^NONE$/i);
    expect(last(instructions, 'CMD') ?? last(instructions, 'ENTRYPOINT')).toBeDefined();
  });

  it.each(PLANE_NAMES)('%s: production dependencies only, listens on 0.0.0.0, exposes its ports, and probes gRPC health', (name) => {
    const expected = PLANES[name];
    const { instructions } = targetChain(name);
    const npmCi = instructions.filter((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
    expect(npmCi).toHaveLength(1);
    expect(npmCi[0].args).toContain('--omit=dev');
    expect(npmCi[0].args).toContain('--ignore-scripts');
    const envs = instructions
      .filter((i) => i.keyword === 'ENV')
      .map((i) => i.args)
      .join(' ');
    expect(envs).toContain(`${expected.addrEnv}=0.0.0.0:${expected.port}`);
    expect(envs).toContain(`${expected.metricsEnv}=0.0.0.0:${expected.metricsPort}`);
    const exposed = instructions.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.args.split(/\s+/));
    expect(exposed).toEqual(expect.arrayContaining([String(expected.port), String(expected.metricsPort)]));
    expect(instructions.some((i) => i.keyword === 'COPY' && /^tools\/grpc-health-probe\.js\s/.test(i.args))).toBe(true);
    expect(last(instructions, 'HEALTHCHECK')).toContain(`tools/grpc-health-probe.js "$${expected.addrEnv}"`);
    expect(last(instructions, 'CMD')).toBe(`["node", "dist/apps/${name}/src/main.js"]`);
  });

  it('kube-sim: probes the API with the kubeconfig it writes, on the port it listens on', () => {
    const { instructions } = targetChain('kube-sim');
    expect(last(instructions, 'HEALTHCHECK')).toMatch(new RegExp(`CMD node ${KUBE_SIM_PROBE} /kube/kubeconfig https://127.0.0.1:8001$`));
    const command = JSON.parse(last(instructions, 'CMD') ?? '[]') as string[];
    const option = (flag: string) => command[command.indexOf(flag) + 1];
    expect([option('--kubeconfig'), option('--port')]).toEqual(['/kube/kubeconfig', '8001']);
  });

  it('builds in a stage of its own with npm ci and npm run build, and copies only dist/ from it', () => {
    const build = stages.get('build');
    expect(build?.instructions.some((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args))).toBe(true);
    expect(build?.instructions.at(-1)).toEqual({ keyword: 'RUN', args: 'npm run build' });
    const fromBuild = all.filter((i) => i.keyword === 'COPY' && i.args.startsWith('--from=build '));
    expect(fromBuild.length).toBeGreaterThan(0);
    for (const copy of fromBuild) {
      const [, source] = copy.args.split(/\s+/);
      expect(source).toMatch(/^\/src\/dist\//);
      // What tsc compiles into that part of dist/ exists in the sources.
      expect({ source, exists: existsSync(join(ROOT, source.replace(/^\/src\/dist\//, ''))) }).toEqual({ source, exists: true });
    }
  });

  it('copies from the build context only files that exist and that .dockerignore lets through', () => {
    const copies = all.filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from='));
    const sources = copies.flatMap((i) =>
      i.args
        .split(/\s+/)
        .filter((arg) => !arg.startsWith('--'))
        .slice(0, -1),
    );
    expect(sources).toEqual(expect.arrayContaining(['package-lock.json', 'tools/grpc-health-probe.js', 'libs/kube-sim/scenarios']));
    for (const source of sources) {
      expect({ source, exists: existsSync(join(ROOT, source)), ignored: dockerIgnored(source) }).toEqual({ source, exists: true, ignored: false });
    }
    for (const local of ['node_modules', 'dist', '.git']) expect({ local, ignored: dockerIgnored(local) }).toEqual({ local, ignored: true });
    // What the entry points run is compiled from sources that are in the context.
    for (const script of ['apps/control-plane/src/main.ts', 'apps/data-plane/src/main.ts', 'libs/kube-sim/src/main.ts']) {
      expect({ script, ignored: dockerIgnored(script) }).toEqual({ script, ignored: false });
    }
  });
});

// ---- tools/grpc-health-probe.js --------------------------------------------------------------------------------

const PROBE = join(ROOT, 'tools/grpc-health-probe.js');

async function runProbe(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [PROBE, ...args], { timeout: 20_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

async function listen(server: grpc.Server): Promise<number> {
  return new Promise((resolvePort, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolvePort(port))),
  );
}

describe('tools/grpc-health-probe.js', () => {
  const { SERVING, NOT_SERVING } = HealthCheckResponse_ServingStatus;
  const statuses: Record<string, HealthCheckResponse_ServingStatus> = { '': SERVING, 'flyteidl2.app.AppLogsService': SERVING, down: NOT_SERVING };
  const healthy = new grpc.Server();
  const noHealth = new grpc.Server();
  let port = 0;
  let noHealthPort = 0;

  beforeAll(async () => {
    healthy.addService(grpcServiceDefinition(Health), {
      Check: (call: Manifest, callback: grpc.sendUnaryData<unknown>) => {
        const status = statuses[call.request.service];
        if (status !== undefined) callback(null, create(HealthCheckResponseSchema, { status }));
        else callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${call.request.service}` });
      },
      Watch: (call: Manifest) => call.end(),
    });
    port = await listen(healthy);
    noHealthPort = await listen(noHealth);
  });

  afterAll(() => {
    healthy.forceShutdown();
    noHealth.forceShutdown();
  });

  it('exits 0 on SERVING, for the server and for a named service', async () => {
    expect(await runProbe(`127.0.0.1:${port}`)).toEqual({ code: 0, output: `127.0.0.1:${port} service "": SERVING\n` });
    expect((await runProbe(`127.0.0.1:${port}`, '--service', 'flyteidl2.app.AppLogsService')).code).toBe(0);
  });

  it('dials loopback when given a listen address such as 0.0.0.0:PORT', async () => {
    expect((await runProbe(`0.0.0.0:${port}`)).code).toBe(0);
  });

  it('exits 1 on NOT_SERVING, an unknown service, a server without the health service, and no server', async () => {
    const notServing = await runProbe(`127.0.0.1:${port}`, '--service', 'down');
    expect(notServing).toEqual({ code: 1, output: expect.stringContaining('NOT_SERVING') });
    expect(await runProbe(`127.0.0.1:${port}`, '--service', 'nope')).toEqual({ code: 1, output: expect.stringContaining('NOT_FOUND') });
    expect(await runProbe(`127.0.0.1:${noHealthPort}`)).toEqual({ code: 1, output: expect.stringContaining('UNIMPLEMENTED') });
    const closed = new grpc.Server();
    const closedPort = await listen(closed);
    closed.forceShutdown();
    expect(await runProbe(`127.0.0.1:${closedPort}`, '--timeout', '2000')).toEqual({ code: 1, output: expect.stringContaining('UNAVAILABLE') });
  });

  it('exits 1 on a usage error', async () => {
    expect((await runProbe()).code).toBe(1);
    expect((await runProbe('not-an-address')).code).toBe(1);
    expect((await runProbe(`127.0.0.1:${port}`, '--bogus')).code).toBe(1);
  });
});

// ---- the simulated API's health probe (libs/kube-sim/src/probe.ts) -----------------------------------------------

describe("the simulated API's health probe", () => {
  let sim: KubeSim;
  let dir: string;
  const probe = async (...args: string[]): Promise<{ code: number; output: string }> => {
    try {
      const { stdout, stderr } = await execFileAsync(process.execPath, [join(ROOT, KUBE_SIM_PROBE), ...args], { timeout: 20_000 });
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof failed.code === 'number' ? failed.code : -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
    }
  };
  beforeAll(async () => {
    sim = await KubeSim.start({ hosts: ['kube-sim'] });
    dir = mkdtempSync(join(tmpdir(), 'kube-sim-probe-'));
  });
  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("exits 0 when the API answers over TLS to the kubeconfig's CA and token, at the URL given", async () => {
    // As in compose: the kubeconfig names the service, the probe dials loopback.
    const kubeconfig = sim.writeKubeconfig(join(dir, 'kubeconfig'), 'https://kube-sim:8001');
    expect(await probe(kubeconfig, sim.url)).toEqual({ code: 0, output: '' });
  });

  it("exits 1 with a reason for a wrong token, another sim's CA, no kubeconfig, no server, and no arguments", async () => {
    const kubeconfig = sim.writeKubeconfig(join(dir, 'kubeconfig'));
    writeFileSync(join(dir, 'wrong-token'), readFileSync(kubeconfig, 'utf8').replace(sim.token, 'not-the-token'));
    expect(await probe(join(dir, 'wrong-token'))).toEqual({ code: 1, output: 'kube-sim probe: GET /version answered 401\n' });
    const other = await KubeSim.start();
    const foreign = other.writeKubeconfig(join(dir, 'foreign'));
    await other.close();
    expect(await probe(foreign, sim.url)).toEqual({ code: 1, output: 'kube-sim probe: unable to verify the first certificate\n' });
    expect(await probe(join(dir, 'missing'), sim.url)).toEqual({ code: 1, output: expect.stringContaining('ENOENT') });
    expect(await probe(foreign)).toEqual({ code: 1, output: expect.stringContaining('ECONNREFUSED') });
    expect(await probe()).toEqual({ code: 1, output: 'kube-sim probe: usage: probe.js KUBECONFIG [URL]\n' });
  });
});
