// Redis 7.0 RDB snapshots (format version 10): rdbEncode writes the bytes rdbSaveRio writes for a
// keyspace, and rdbDecode loads such a file the way rdbLoadRio does. Files are binary strings
// (one char per byte, see bytes.ts).
//
//   format.ts    public types, rdb.h numbers, RdbError
//   encode.ts    rdbEncode (objects, AUX fields, EOF, CRC64)
//   decode.ts    rdbDecode
//   listpack.ts  listpacks and intsets (written and read), ziplists and zipmaps (read)
//   lzf.ts       LZF compression
//   bytes.ts     the byte writer and byte/binary-string conversions

export { RDB_VERSION, type RdbAux, type RdbEncodeOptions, type RdbLoadResult } from './format.ts';
export { rdbEncode } from './encode.ts';
export { rdbDecode } from './decode.ts';
export { parseIntset, parseListpack, parseZiplist } from './listpack.ts';
export { lzfCompress, lzfDecompress, lzfStateCreate, type LzfState } from './lzf.ts';
