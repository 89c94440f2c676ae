import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface InputFile {
  /** As given or found ('-' for standard input). */
  name: string;
  read(): Promise<Buffer>;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Files named on the command line are taken whatever their extension; folders contribute
 * their `.json` files, recursively, in a stable (sorted) order.
 */
export async function collectInputFiles(paths: string[]): Promise<InputFile[]> {
  const files: InputFile[] = [];
  for (const path of paths) {
    if (path === '-') {
      files.push({ name: '-', read: readStdin });
      continue;
    }
    const info = await stat(path).catch(() => null);
    if (!info) throw new Error(`No such file or folder: ${path}`);
    if (info.isDirectory()) files.push(...(await walk(path)));
    else files.push({ name: path, read: () => readFile(path) });
  }
  return files;
}

async function walk(dir: string): Promise<InputFile[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  const files: InputFile[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.json')) {
      files.push({ name: path, read: () => readFile(path) });
    }
  }
  return files;
}
