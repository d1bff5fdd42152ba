/** Streaming CSV writer over csv-stringify; `null` cells are written empty. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { stringify, type Stringifier } from 'csv-stringify';

export class CsvWriter<Row extends object> {
  private readonly out: WriteStream;
  private readonly csv: Stringifier;
  private readonly finished: Promise<void>;

  constructor(path: string, columns: readonly string[]) {
    this.out = createWriteStream(path);
    this.csv = stringify({
      header: true,
      columns: [...columns],
      cast: { number: (v) => String(v), boolean: (v) => (v ? 'true' : 'false') },
    });
    this.csv.pipe(this.out);
    this.finished = new Promise((resolve, reject) => {
      this.out.on('finish', resolve);
      this.out.on('error', reject);
      this.csv.on('error', reject);
    });
  }

  /** Write one row; resolves when the stream can take more (back-pressure). */
  async write(row: Row): Promise<void> {
    if (!this.csv.write(row)) await new Promise<void>((r) => this.csv.once('drain', () => r()));
  }

  async close(): Promise<void> {
    this.csv.end();
    await this.finished;
  }
}
