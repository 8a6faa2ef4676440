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
export { KubeSim, type KubeSimOptions } from './kube-sim-server';
export { loadScenarioFile } from './scenario';
export { knativePodLabels } from './knative';
