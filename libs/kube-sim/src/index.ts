export type {
  AppendedLine,
  ContainerSpec,
  KnativeAppSpec,
  KnativeServiceSpec,
  LineStyle,
  LogRequestRecord,
  PodSpec,
  Scenario,
} from './types';
export { KubeSim, type KubeSimOptions, type SimStats } from './kube-sim-server';
export { FLOOD_LINE_CHARS } from './flood-lines';
export { MAX_RETAINED_LINES } from './container-log';
export { loadScenarioFile } from './scenario';
export { knativePodLabels } from './knative';
