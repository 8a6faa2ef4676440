import * as http from 'node:http';
import type { ServiceProcess } from './processes';

/** The metrics port a plane logged at start-up (`metrics_listening`; start it with the metrics address port 0). */
export function metricsPort(output: string): number {
  const record = output.split('\n').find((line) => line.includes('"event":"metrics_listening"'));
  if (!record) throw new Error(`no metrics_listening record in:\n${output}`);
  return Number(JSON.parse(record).address.split(':').at(-1));
}

/** GET /metrics on a port of this machine: the Prometheus text. */
export function scrape(port: number): Promise<string> {
  return new Promise((resolve, reject) =>
    http
      .get(`http://127.0.0.1:${port}/metrics`, (response) => {
        let body = '';
        response
          .setEncoding('utf8')
          .on('data', (chunk) => (body += chunk))
          .on('end', () => resolve(body));
      })
      .on('error', reject),
  );
}

/** The metrics of a running plane. */
export function scrapePlane(plane: ServiceProcess): Promise<string> {
  return scrape(metricsPort(plane.output));
}

/** The value of one series of Prometheus text, e.g. `applogs_streams_total{code="OK",plane="data-plane"}`; undefined if absent. */
export function seriesValue(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((each) => each.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}
