export type {
  AppendedLine,
  ContainerSpec,
  KnativeAppSpec,
  KnativeServiceSpec,
  LineEnding,
  LineStyle,
  LogRequestRecord,
  PodSpec,
  Scenario,
  TimelineStep,
  WatchRequestRecord,
} from './types';
export { KubeSim, type KubeSimOptions, type ScaleOptions, type SimStats } from './kube-sim-server';
export { readKubeconfigAccess, type KubeSimAccess } from './kubeconfig';
export { simControl, simGet, simRequest } from './sim-client';
export { CertificateAuthority, type CertificateAndKey, type IssueOptions } from './certificates';
export type { RolloutResult } from './knative-apps';
export type { LogFailure } from './log-faults';
export { CONTROL_ACTIONS } from './control-actions';
export { WATCH_HISTORY_EVENTS } from './pod-events';
export { FLOOD_LINE_CHARS } from './flood-lines';
export { endlessLineToken } from './endless-line';
export { MAX_RETAINED_LINES } from './container-log';
export { loadScenarioFile } from './scenario';
export { knativePodLabels } from './knative';
