/** Who is calling, once authenticated: a name for logs and limits, and what it may read. */
export interface Caller {
  name: string;
  grants: Grant[];
}

/** `project/domain`, either part `*`. */
export interface Grant {
  project: string;
  domain: string;
}
