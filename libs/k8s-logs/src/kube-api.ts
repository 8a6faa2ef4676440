import { Code } from '@applogs/proto';
import {
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  Observable,
  Watch,
  type ConfigurationOptions,
  type KubeConfig,
  type ObservableMiddleware,
  type V1Pod,
  type V1Status,
} from '@kubernetes/client-node';
import type * as http from 'node:http';
import type { ApiAgent } from './api-agent';
import { AppLogsError, kubernetesFailure, NoAnswerError, unavailable } from './errors';
import type { PodDirectory, PodEventType, PodList, PodWatchHandlers } from './pod-directory';

/**
 * PodDirectory over the Kubernetes API, with the data plane's own credentials. Every lookup is aborted when it
 * has no answer in `timeoutMs` (NoAnswerError), so that a frozen API server leads the follower to retry and
 * the watch to back off rather than wait for ever. The watch itself has no such bound: it is meant to be quiet.
 */
export class KubeApi implements PodDirectory {
  private readonly core: CoreV1Api;
  private readonly custom: CustomObjectsApi;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly apiAgent: ApiAgent,
    private readonly timeoutMs = 10_000,
  ) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.custom = kubeConfig.makeApiClient(CustomObjectsApi);
  }

  async listPods(namespace: string, labelSelector: string): Promise<PodList> {
    const list = await this.ask(`list pods in namespace ${namespace}`, (options) => this.core.listNamespacedPod({ namespace, labelSelector }, options));
    return { pods: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' };
  }

  async watchPods(namespace: string, labelSelector: string, resourceVersion: string, handlers: PodWatchHandlers): Promise<() => void> {
    let ended = false;
    const end = (outcome: { error?: Error; expired?: boolean }) => {
      if (ended) return;
      ended = true;
      handlers.onEnd(outcome);
    };
    const request = await new Watch(this.kubeConfig).watch(
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
      { labelSelector, resourceVersion, allowWatchBookmarks: true },
      (type: string, object: unknown) => {
        if (type === 'ERROR') {
          const problem = object as V1Status;
          end(problem.code === 410 ? { expired: true } : { error: new Error(problem.message ?? 'watch error') });
        } else if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') {
          handlers.onEvent(type as PodEventType, object as V1Pod);
        }
      },
      (error: unknown) => end(error ? { error: error instanceof Error ? error : new Error(String(error)) } : {}),
    );
    return () => {
      ended = true;
      request.abort();
    };
  }

  /**
   * Lists at most one pod in `namespace`: proof that the API answers, accepts our credentials and lets us list
   * pods there (RBAC), for the price of a tiny request; the data plane's health check.
   */
  async checkAccess(namespace: string, signal: AbortSignal): Promise<void> {
    await this.ask(`list pods in namespace ${namespace}`, (options) => this.core.listNamespacedPod({ namespace, limit: 1 }, options), signal);
  }

  getPod(namespace: string, name: string): Promise<V1Pod | undefined> {
    return absentIfNotFound(this.ask(`get pod ${name} in namespace ${namespace}`, (options) => this.core.readNamespacedPod({ namespace, name }, options)));
  }

  async latestReadyRevision(namespace: string, service: string): Promise<string | undefined> {
    // No Knative Service (or no Knative at all): the service label alone selects the pods.
    const knativeService = await absentIfNotFound(
      this.ask(`get Knative service ${service} in namespace ${namespace}`, (options) =>
        this.custom.getNamespacedCustomObject({ group: 'serving.knative.dev', version: 'v1', namespace, plural: 'services', name: service }, options),
      ),
    );
    return knativeService?.status?.latestReadyRevisionName || undefined;
  }

  /** One request, aborted when it has no answer in `timeoutMs` (or when `signal` aborts); its failure as an AppLogsError. */
  private async ask<T>(what: string, request: (options: ConfigurationOptions) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.timeoutMs);
    try {
      return await request(requestOptions(signal ? AbortSignal.any([deadline.signal, signal]) : deadline.signal, this.apiAgent));
    } catch (error) {
      throw this.failure(error, what, deadline.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  private failure(error: unknown, what: string, deadline: AbortSignal): AppLogsError {
    if (error instanceof ApiException) return kubernetesFailure(error.code, what, statusMessage(error.body));
    const server = this.kubeConfig.getCurrentCluster()?.server ?? 'the configured cluster';
    if (deadline.aborted) return new NoAnswerError(`the Kubernetes API at ${server} did not answer in ${this.timeoutMs} ms to ${what}`);
    return unavailable(`cannot reach the Kubernetes API at ${server} to ${what}: ${(error as Error).message}`);
  }
}

/** undefined when the answer is 404: the thing asked about does not exist. */
async function absentIfNotFound<T>(answer: Promise<T>): Promise<T | undefined> {
  try {
    return await answer;
  } catch (error) {
    if (error instanceof AppLogsError && error.code === Code.NOT_FOUND) return undefined;
    throw error;
  }
}

/**
 * Options for one client-node request: aborted when `signal` is, and sent over the shared `agent`'s connections
 * (client-node's per-request middleware is of its own Observable kind).
 */
function requestOptions(signal: AbortSignal, agent: ApiAgent): ConfigurationOptions {
  const middleware: ObservableMiddleware = {
    pre: (context) => {
      context.setSignal(signal);
      const fresh = context.getAgent();
      if (fresh) context.setAgent(agent.reuse(fresh as http.Agent));
      return new Observable(Promise.resolve(context));
    },
    post: (context) => new Observable(Promise.resolve(context)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}

/** The `message` of a Kubernetes Status body, which client-node hands over as JSON text or as an object. */
export function statusMessage(body: unknown): string {
  if (typeof body === 'string') {
    try {
      return statusMessage(JSON.parse(body));
    } catch {
      return body.slice(0, 500);
    }
  }
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : 'no details';
}
