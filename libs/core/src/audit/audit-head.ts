import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/**
 * One exported head of the audit chain: its last sealed position and that
 * event's hash, and when it was exported. Kept where the database roles
 * cannot write (a file on the worker's host, a webhook receiver), so that a
 * rewrite of the whole chain (every hash recomputed, or the newest events cut
 * off and the rest re-sealed) no longer matches a head exported before it.
 */
export interface ExportedHead {
  /** ISO instant of the export. */
  at: string;
  /** Chain position (`chain_seq`) of the head, as a decimal string. */
  seq: string;
  /** `hash` of the event at `seq` (64 hex characters). */
  hash: string;
}

/** Appends `head` as one JSON line to `path` (created with mode 600 when missing). */
export function appendHead(path: string, head: ExportedHead): void {
  appendFileSync(path, `${JSON.stringify(head)}\n`, { mode: 0o600 });
}

/**
 * Every head in a file written by {@link appendHead}, in file order.
 * @throws Error naming the line when one is not such a head.
 */
export function readHeads(path: string): ExportedHead[] {
  if (!existsSync(path)) throw new Error(`audit head file ${path} does not exist`);
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line !== '')
    .map(([line, n]) => {
      let h: Partial<ExportedHead>;
      try {
        h = JSON.parse(line);
      } catch {
        throw new Error(`${path} line ${n}: not JSON`);
      }
      if (typeof h.seq !== 'string' || !/^[1-9][0-9]*$/.test(h.seq) || typeof h.hash !== 'string' || !/^[0-9a-f]{64}$/.test(h.hash)) {
        throw new Error(`${path} line ${n}: not an exported audit head ({"at","seq","hash"})`);
      }
      return { at: String(h.at ?? ''), seq: h.seq, hash: h.hash };
    });
}
