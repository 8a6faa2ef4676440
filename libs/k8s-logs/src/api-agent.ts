import type * as http from 'node:http';

/**
 * One connection pool to the API server for every request the data plane makes. client-node builds a new
 * Agent (with the cluster's TLS material) for every request, which would open a connection, and pay a TLS
 * handshake, per request: four per TailLogs call. The first Agent is kept, with keep-alive on, and used for
 * every later request; lookups then reuse idle connections, and each stream (a log, a watch) holds one while it
 * runs, as HTTP/1.1 needs.
 */
export class ApiAgent {
  private agent: http.Agent | undefined;

  /** The shared Agent; `fresh` (the one client-node just built for this cluster) becomes it the first time. */
  reuse(fresh: http.Agent): http.Agent {
    if (!this.agent) {
      // Node's Agent reads `keepAlive` whenever a socket is freed; its type just does not declare the field.
      (fresh as http.Agent & { keepAlive: boolean }).keepAlive = true;
      this.agent = fresh;
    }
    return this.agent;
  }
}
