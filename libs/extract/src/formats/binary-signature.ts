/** Magic numbers of binary formats that are never a text dump. gzip is absent on purpose: it is unwrapped. */
interface Signature {
  name: string;
  offset: number;
  bytes: readonly number[];
  /** A second run of bytes that must also match, for magics short enough to start ordinary text. */
  also?: readonly [number, readonly number[]];
}

const SIGNATURES: readonly Signature[] = [
  { name: 'PNG image', offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { name: 'JPEG image', offset: 0, bytes: [0xff, 0xd8, 0xff] },
  { name: 'GIF image', offset: 0, bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'PDF document', offset: 0, bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: 'ZIP archive (or DOCX/XLSX/EPUB)', offset: 0, bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'empty ZIP archive', offset: 0, bytes: [0x50, 0x4b, 0x05, 0x06] },
  { name: '7-Zip archive', offset: 0, bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'RAR archive', offset: 0, bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] },
  // 'BZh' alone could start an English sentence: require the level digit and the block magic (pi digits).
  {
    name: 'bzip2 stream',
    offset: 4,
    bytes: [0x31, 0x41, 0x59, 0x26, 0x53, 0x59],
    also: [0, [0x42, 0x5a, 0x68]],
  },
  { name: 'xz stream', offset: 0, bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: 'zstd stream', offset: 0, bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { name: 'ELF executable', offset: 0, bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'WebAssembly module', offset: 0, bytes: [0x00, 0x61, 0x73, 0x6d] },
  { name: 'OLE2 document (DOC/XLS)', offset: 0, bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { name: 'SQLite database', offset: 0, bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66] },
  { name: 'WAV audio', offset: 8, bytes: [0x57, 0x41, 0x56, 0x45], also: [0, [0x52, 0x49, 0x46, 0x46]] },
  { name: 'WEBP image', offset: 8, bytes: [0x57, 0x45, 0x42, 0x50], also: [0, [0x52, 0x49, 0x46, 0x46]] },
  { name: 'Ogg stream', offset: 0, bytes: [0x4f, 0x67, 0x67, 0x53] },
  { name: 'MP4/QuickTime media', offset: 4, bytes: [0x66, 0x74, 0x79, 0x70] },
  { name: 'MP3 audio (ID3)', offset: 3, bytes: [0x03, 0x00], also: [0, [0x49, 0x44, 0x33]] },
  { name: 'MP3 audio (ID3)', offset: 3, bytes: [0x04, 0x00], also: [0, [0x49, 0x44, 0x33]] },
];

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Names the binary format whose magic number starts `bytes`, or returns undefined. */
export function binarySignature(bytes: Uint8Array): string | undefined {
  for (const sig of SIGNATURES) {
    if (
      matchesAt(bytes, sig.offset, sig.bytes) &&
      (!sig.also || matchesAt(bytes, sig.also[0], sig.also[1]))
    ) {
      return sig.name;
    }
  }
  return undefined;
}

function matchesAt(bytes: Uint8Array, offset: number, expected: readonly number[]): boolean {
  if (bytes.length < offset + expected.length) return false;
  return expected.every((b, i) => bytes[offset + i] === b);
}
