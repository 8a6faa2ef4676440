import * as grpc from '@grpc/grpc-js';
import type { Scenario } from '@applogs/kube-sim';
import { CallReader, appRequest, linesOf, metricsPort, readToEnd, scrape, seriesValue, useStack, finishedPod } from '@applogs/testing';

const scenario: Scenario = {
  namespace: 'flyte',
  apps: [{ service: 'metered-demo-development', replicas: 2, history: 4 }],
  pods: [finishedPod('done-pod', 'done-demo-development', 3)],
};

// Port 0: each plane picks a free port and logs it (`metrics_listening`), so parallel suites never collide.
const fixture = useStack({
  scenario,
  controlPlane: true,
  dataPlaneEnv: { APPLOGS_MAX_STREAMS: '1', APPLOGS_DATA_PLANE_METRICS_ADDR: '127.0.0.1:0' },
  controlPlaneEnv: { APPLOGS_CONTROL_PLANE_METRICS_ADDR: '127.0.0.1:0' },
});

/** The value of one series, e.g. `applogs_streams_total{code="OK",plane="data-plane"}`; 0 when absent. */
const value = (metrics: string, series: string): number => seriesValue(metrics, series) ?? 0;

describe('metrics and stream logs', () => {
  test('counters, gauges and the histogram follow the calls; logs have one record per start and end, no log line', async () => {
    const client = fixture.client;
    const ports = { data: metricsPort(fixture.stack.dataPlane.output), control: metricsPort(fixture.stack.controlPlane!.output) };
    // One call through both planes that completes, one NOT_FOUND, one cancelled, one refused by the limit.
    const done = await readToEnd(client.TailLogs(appRequest('done')));
    expect(done.status.code).toBe(grpc.status.OK);
    expect((await readToEnd(client.TailLogs(appRequest('nope')))).status.code).toBe(grpc.status.NOT_FOUND);
    const open = new CallReader(client.TailLogs(appRequest('metered')));
    await open.until((m) => linesOf(m).length >= 8);
    const data = await scrape(ports.data);
    expect(value(data, 'applogs_streams_active{plane="data-plane"}')).toBe(1);
    expect(value(data, 'applogs_upstream_log_streams{plane="data-plane"}')).toBe(2);
    expect((await readToEnd(client.TailLogs(appRequest('done')))).status.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    open.call.cancel();
    await fixture.stack.sim.waitForOpenLogStreams(0);

    const [dataAfter, control] = await Promise.all([scrape(ports.data), scrape(ports.control)]);
    const d = (series: string) => value(dataAfter, series.replace('}', ',plane="data-plane"}').replace('{,', '{'));
    expect(d('applogs_streams_total{code="OK"}')).toBe(1);
    expect(d('applogs_streams_total{code="NOT_FOUND"}')).toBe(1);
    expect(d('applogs_streams_total{code="RESOURCE_EXHAUSTED"}')).toBe(1);
    expect(d('applogs_streams_total{code="CANCELLED"}')).toBe(1);
    expect(d('applogs_streams_rejected_total{limit="global"}')).toBe(1);
    expect(d('applogs_streams_active{}')).toBe(0);
    expect(d('applogs_upstream_log_streams{}')).toBe(0);
    expect(d('applogs_lines_sent_total{}')).toBe(linesOf(done.messages).length + linesOf(open.messages).length);
    expect(d('applogs_time_to_first_line_seconds_count{}')).toBe(2);
    expect(d('applogs_bytes_sent_total{}')).toBeGreaterThan(0);
    expect(value(control, 'applogs_streams_total{code="OK",data_plane="default",plane="control-plane"}')).toBe(1);
    expect(value(control, 'applogs_streams_total{code="NOT_FOUND",data_plane="default",plane="control-plane"}')).toBe(1);
    expect(value(control, 'applogs_streams_total{code="RESOURCE_EXHAUSTED",data_plane="default",plane="control-plane"}')).toBe(1);
    expect(value(control, 'applogs_bytes_sent_total{data_plane="default",plane="control-plane"}')).toBe(d('applogs_bytes_sent_total{}'));
    expect(control).toContain('process_resident_memory_bytes{plane="control-plane"}');

    const records = fixture.stack.dataPlane.output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    const ends = records.filter((r) => r.event === 'stream_end');
    expect(ends.map((r) => r.code).sort()).toEqual(['CANCELLED', 'NOT_FOUND', 'OK', 'RESOURCE_EXHAUSTED']);
    expect(ends.find((r) => r.code === 'OK')).toMatchObject({
      target: { project: 'demo', domain: 'development', app: 'done' },
      replicas: 1,
      lines: 3,
      durationMs: expect.any(Number),
      bytes: expect.any(Number),
    });
    expect(records.filter((r) => r.event === 'stream_start')).toHaveLength(4);
    expect(fixture.stack.dataPlane.output).not.toContain('line 1');
    // The control plane's records and stream metrics name the data plane (without a routing file, "default").
    expect(fixture.stack.controlPlane!.output).toMatch(/"event":"stream_end","target":\{[^}]*\},"data_plane":"default"/);
    expect(value(control, 'applogs_data_plane_up{data_plane="default",plane="control-plane"}')).toBe(1);
  });
});
