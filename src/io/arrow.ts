// points.arrow and shards' sample files: apache-arrow's record batches (dictionary-encoded text
// among them) streamed into a TempFile. Tables are written by arrowTable.ts.
import { Dictionary, makeData, RecordBatch, RecordBatchFileWriter, Struct, Utf8, vectorFromArray, type Data, type Field, type Schema } from "apache-arrow";
import { TempFile } from "./atomic.ts";

/** An Arrow file writer draining into a TempFile (which gathers small pieces, renamed into place by finish). */
export class ArrowFileSink {
  private readonly file: TempFile;
  private readonly writer = new RecordBatchFileWriter();
  private readonly drained: Promise<void>;
  private batches = 0;
  /** why the drain loop stopped (a full disk), rethrown by the next write */
  private failure: unknown = null;

  constructor(path: string) {
    const file = new TempFile(path);
    this.file = file;
    // after abort the file takes no more bytes, should the loop still turn once
    this.drained = (async () => {
      for await (const bytes of this.writer) file.write(bytes);
    })();
    this.drained.catch((err: unknown) => {
      this.failure = err;
    });
  }

  /** Writes a batch and lets the drain loop hand its bytes to the TempFile before more is produced. */
  async write(batch: RecordBatch): Promise<void> {
    if (this.failure !== null) throw this.failure;
    this.writer.write(batch);
    this.batches++;
    await new Promise<void>((done) => setImmediate(done));
  }

  async finish(schema: Schema): Promise<void> {
    // A file with no batches still needs its schema; an empty batch carries it.
    if (this.batches === 0) this.writer.write(new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: 0, children: schema.fields.map(emptyData) })));
    this.writer.close();
    await this.drained;
    this.file.commit();
  }

  abort(): void {
    try {
      this.writer.close();
    } catch {
      // already closed
    }
    this.file.discard();
  }
}

function emptyData(f: Field): Data {
  if (Dictionary.isDictionary(f.type)) return makeData({ type: f.type, length: 0, data: new Int32Array(0), dictionary: vectorFromArray([], new Utf8()) });
  return makeData({ type: f.type, length: 0 });
}
