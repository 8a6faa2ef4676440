import type { Row } from './rows';

/** What is loaded as text, the CLI's text output with timestamps: `2030-…Z label | message`, events as they read. */
export function asText(rows: Iterable<Row>): string {
  let text = '';
  for (const row of rows) {
    if (row.kind === 'line') text += `${row.rfc3339 ? `${row.rfc3339} ` : ''}${row.label} | ${row.text}\n`;
    else if (row.kind === 'event') text += `${row.text}\n`;
  }
  return text;
}

/** What is loaded as NDJSON, one object a line, the CLI's `--output json`: lines, and replica events. */
export function asNdjson(rows: Iterable<Row>): string {
  let text = '';
  for (const row of rows) {
    if (row.kind === 'line') text += `${JSON.stringify({ replica: row.pod, short: row.label, timestamp: row.rfc3339 ?? null, message: row.text })}\n`;
    else if (row.kind === 'event') text += `${JSON.stringify({ event: row.tag, replica: row.pod, message: row.detail ?? '' })}\n`;
  }
  return text;
}

/** Saves `text` as a file named `name` (a download of a blob; nothing leaves the page). */
export function saveFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The download has its own reference once started.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
