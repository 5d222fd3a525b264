import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { limits } from '../../../common/limits.js';

const keyPrefixBytes = 64 * 1024;
const newline = 0x0a;

/** An NDJSON file opened for import: its identity, its size, and its lines read lazily. */
export interface ImportFile {
  path: string;
  /** Identifies the file across runs: sha256 of its absolute path, size and first 64 KiB. */
  fileKey: string;
  sizeBytes: number;
  lines: AsyncIterable<Buffer>;
  /** Bytes read from disk so far (for progress). */
  bytesRead(): number;
}

/** Opens an NDJSON file for streaming import. */
export async function openImportFile(filePath: string): Promise<ImportFile> {
  const absolute = path.resolve(filePath);
  const stat = await fs.promises.stat(absolute);
  if (!stat.isFile()) throw new Error(`${filePath} is not a file`);
  const fileKey = await fileKeyOf(absolute, stat.size);
  const stream = fs.createReadStream(absolute, { highWaterMark: 256 * 1024 });
  return { path: absolute, fileKey, sizeBytes: stat.size, lines: readLines(stream), bytesRead: () => stream.bytesRead };
}

/** The resumable-import key of a file: the same path, size and beginning mean the same file. */
export async function fileKeyOf(absolutePath: string, sizeBytes: number): Promise<string> {
  const handle = await fs.promises.open(absolutePath, 'r');
  try {
    const head = Buffer.alloc(Math.min(keyPrefixBytes, sizeBytes));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return createHash('sha256').update(absolutePath).update('\0').update(String(sizeBytes)).update('\0').update(head.subarray(0, bytesRead)).digest('hex');
  } finally {
    await handle.close();
  }
}

/**
 * Splits a byte stream into lines (without the newline), holding at most one line in memory.
 * Bytes rather than strings so the importer can reject invalid UTF-8 instead of silently replacing it;
 * a line longer than the import limit is cut to limit + 1 bytes, so it is still rejected but never buffered whole.
 */
export async function* readLines(stream: Readable, maxLineBytes: number = limits.importLineBytes): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let partBytes = 0;
  let overflow = false;
  const keep = (piece: Buffer) => {
    if (overflow) return;
    const room = maxLineBytes + 1 - partBytes;
    if (piece.length >= room) {
      parts.push(piece.subarray(0, room));
      partBytes += room;
      overflow = true;
      return;
    }
    parts.push(piece);
    partBytes += piece.length;
  };
  const take = (): Buffer => {
    const line = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, partBytes);
    parts = [];
    partBytes = 0;
    overflow = false;
    return line;
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = chunk.indexOf(newline, start); end !== -1; end = chunk.indexOf(newline, start)) {
      keep(chunk.subarray(start, end));
      yield take();
      start = end + 1;
    }
    if (start < chunk.length) keep(chunk.subarray(start));
  }
  if (partBytes > 0 || overflow) yield take();
}
