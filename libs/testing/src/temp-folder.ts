import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A scratch folder under the OS temp dir, filled with files given by relative path (folders are created). */
export class TempFolder {
  readonly path: string;

  constructor(files: Record<string, string> = {}, prefix = 'gatehouse-') {
    this.path = mkdtempSync(join(tmpdir(), prefix));
    for (const [relative, text] of Object.entries(files)) this.write(relative, text);
  }

  /** Writes a file under the folder and returns its absolute path. */
  write(relative: string, text: string): string {
    const file = join(this.path, relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text, 'utf8');
    return file;
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
