/**
 * Following a stack command's log file: its lines as they are written (for
 * ready.log and --verbose) and the last of them (for the verdict when the
 * command fails or dies). The file, not a pipe, is the source, so a kept
 * stack goes on writing to it after hyvve-qa is gone.
 */
import { open, type FileHandle } from "node:fs/promises";

const KEEP_LINES = 200;

export class LogFollower {
  private offset = 0;
  private pending = "";
  private readonly kept: string[] = [];
  private readonly listeners = new Set<(line: string) => void>();
  private handle: FileHandle | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  /** Poll every `intervalMs` until close(). */
  async follow(intervalMs: number): Promise<void> {
    this.handle ??= await open(this.path, "r");
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.read(), intervalMs);
    this.timer.unref();
  }

  onLine(listener: (line: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Read what was written since the last read (one read at a time). */
  read(): Promise<void> {
    this.reading = this.reading.then(() => this.readNew()).catch(() => {});
    return this.reading;
  }

  /** The last `n` lines read so far. */
  last(n: number): string[] {
    const lines = this.pending ? [...this.kept, this.pending] : this.kept;
    return lines.slice(-n);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.read();
    await this.handle?.close().catch(() => {});
    this.handle = undefined;
  }

  private async readNew(): Promise<void> {
    if (!this.handle) return;
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, this.offset);
      if (bytesRead === 0) return;
      this.offset += bytesRead;
      const parts = (this.pending + buffer.toString("utf8", 0, bytesRead)).split("\n");
      this.pending = parts.pop() ?? "";
      for (const line of parts) this.emit(line);
    }
  }

  private emit(line: string): void {
    this.kept.push(line);
    if (this.kept.length > KEEP_LINES) this.kept.shift();
    for (const listener of this.listeners) listener(line);
  }
}
