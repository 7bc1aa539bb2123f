// A file's size and sha256, read in 1 MiB pieces: result folders hold points.arrow files of
// hundreds of MB, which must not be read into memory whole just to be hashed.
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";

/** A file's size and sha256. */
export interface Digest {
  bytes: number;
  sha256: string;
}

export function fileDigest(path: string): Digest {
  const hash = createHash("sha256");
  const piece = Buffer.alloc(2 ** 20);
  const fd = openSync(path, "r");
  let bytes = 0;
  try {
    for (let n; (n = readSync(fd, piece, 0, piece.length, null)) > 0; bytes += n) hash.update(piece.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return { bytes, sha256: hash.digest("hex") };
}
