import { CertificateAuthority, type CertificateAndKey } from './certificates';

export interface ServingCertificate extends CertificateAndKey {
  /** The CA that signed it (PEM), for the kubeconfig's certificate-authority-data. */
  caCertificate: string;
}

const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];
const WILDCARDS = ['', '0.0.0.0', '::'];

/** The names a sim's certificate covers: loopback, the host it listens on, and the names clients are told to use. */
export function servingHosts(listenHost: string, hosts: string[]): string[] {
  const named = [listenHost.replace(/^\[|\]$/g, ''), ...hosts].filter((host) => !WILDCARDS.includes(host));
  return [...new Set([...LOOPBACK, ...named])];
}

/** A CA of this sim's own, as each cluster has, and the API server's certificate signed by it. */
export async function servingCertificate(listenHost: string, hosts: string[]): Promise<ServingCertificate> {
  const ca = await CertificateAuthority.create('kube-sim CA');
  const served = await ca.issue('kube-apiserver', { hosts: servingHosts(listenHost, hosts), usages: ['server'] });
  return { ...served, caCertificate: ca.cert };
}
