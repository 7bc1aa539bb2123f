// snappyCompress against a decoder written here from the format (literals and copies with
// one-, two- and four-byte offsets), which knows nothing of how the compressor chooses them:
// every input comes back, repeats shrink, and noise grows by little. Parquet readers decode
// the pages end to end in parquetWriter.test.ts.
import { describe, expect, it } from "vitest";
import { snappyCompress } from "../../src/io/snappy.ts";

/** The element forms a stream used: literals by how their length is written, copies by their offset's bytes. */
type Forms = Record<"literal" | "literal1" | "literal2" | "copy1" | "copy2" | "copy4", number>;

function snappyDecode(c: Uint8Array, forms?: Forms): Uint8Array {
  let i = 0;
  let length = 0;
  for (let shift = 1; ; shift *= 128) {
    const b = c[i++];
    length += (b & 0x7f) * shift;
    if (b < 0x80) break;
  }
  const out = new Uint8Array(length);
  let o = 0;
  const copy = (offset: number, len: number) => {
    if (offset < 1 || offset > o) throw new Error(`copy offset ${offset} at output ${o}`);
    for (let k = 0; k < len; k++, o++) out[o] = out[o - offset];
  };
  while (i < c.length) {
    const tag = c[i++];
    const kind = tag & 3;
    if (kind === 0) {
      let len = tag >> 2;
      if (forms) forms[len < 60 ? "literal" : len === 60 ? "literal1" : "literal2"]++;
      if (len >= 60) {
        const bytes = len - 59;
        len = 0;
        for (let k = 0; k < bytes; k++) len += c[i++] * 256 ** k;
      }
      len += 1;
      out.set(c.subarray(i, i + len), o);
      i += len;
      o += len;
    } else if (kind === 1) {
      if (forms) forms.copy1++;
      copy(((tag >> 5) << 8) | c[i++], ((tag >> 2) & 7) + 4);
    } else if (kind === 2) {
      if (forms) forms.copy2++;
      copy(c[i] | (c[i + 1] << 8), (tag >> 2) + 1);
      i += 2;
    } else {
      if (forms) forms.copy4++;
      copy(c[i] + c[i + 1] * 256 + c[i + 2] * 65536 + c[i + 3] * 16777216, (tag >> 2) + 1);
      i += 4;
    }
  }
  if (o !== length) throw new Error(`decoded ${o} bytes, the header says ${length}`);
  return out;
}

/** Bytes of a xorshift generator: noise no compressor can shrink. */
function noise(n: number, seed = 7): Uint8Array {
  const b = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

describe("snappyCompress", () => {
  const inputs: Record<string, Uint8Array> = {
    empty: new Uint8Array(0),
    "one byte": new Uint8Array([42]),
    "three bytes": new Uint8Array([1, 2, 3]),
    "one value repeated (copies longer than 64, overlapping their source)": new Uint8Array(100_000).fill(9),
    "a short motif (one-byte offsets)": Uint8Array.from({ length: 5000 }, (_, i) => "abcdefg"[i % 7].charCodeAt(0)),
    // an 8-byte motif after each 100 bytes of noise: 100-byte literals, 8-byte copies from 108 back
    "a motif between runs of noise": (() => {
      const b = new Uint8Array(108 * 40);
      for (let k = 0; k < 40; k++) {
        b.set(noise(100, k + 11), 108 * k);
        b.set([1, 2, 3, 4, 5, 6, 7, 8], 108 * k + 100);
      }
      return b;
    })(),
    // a 3000-byte block of noise twice: the second copy's offset needs two bytes
    "a block seen again 3000 bytes later": (() => { const a = noise(3000, 3); const b = new Uint8Array(9000); b.set(a); b.set(noise(3000, 5), 3000); b.set(a, 6000); return b; })(),
    "noise (literals of every length form, blocks of 64 KiB)": noise(200_000),
    // 70 000 bytes of noise twice: the repeat lies beyond a 64 KiB block, so it must be written
    // again, not copied (a copy's offset has two bytes)
    "a run of noise seen again 70 000 bytes later": (() => { const a = noise(70_000, 9); const b = new Uint8Array(140_000); b.set(a); b.set(a, 70_000); return b; })(),
    "doubles of one column, constant then sampled": new Uint8Array(Float64Array.from({ length: 20_000 }, (_, i) => (i < 10_000 ? 512 : Math.sin(i) * 700)).buffer),
  };
  for (const [name, input] of Object.entries(inputs)) {
    it(`gives back ${name}`, () => {
      const c = snappyCompress(input);
      expect(Buffer.from(snappyDecode(c)).equals(Buffer.from(input))).toBe(true);
    });
  }

  it("writes every form of element the compressor has across these inputs", () => {
    const forms: Forms = { literal: 0, literal1: 0, literal2: 0, copy1: 0, copy2: 0, copy4: 0 };
    for (const input of Object.values(inputs)) snappyDecode(snappyCompress(input), forms);
    for (const form of ["literal", "literal1", "literal2", "copy1", "copy2"] as const) expect(forms[form], form).toBeGreaterThan(0);
  });

  it("shrinks repeats and grows noise by little", () => {
    expect(snappyCompress(inputs["one value repeated (copies longer than 64, overlapping their source)"]).length).toBeLessThan(100_000 / 20);
    expect(snappyCompress(inputs["a block seen again 3000 bytes later"]).length).toBeLessThan(6200);
    const n = inputs["noise (literals of every length form, blocks of 64 KiB)"];
    expect(snappyCompress(n).length).toBeLessThan(n.length * 1.001 + 16);
  });
});
