// The float helpers of the commands live in ../numfmt.ts, shared with the RDB files.
export {
  DOUBLE, LONG_DOUBLE, d2string, formatDouble, fromNumber, isFiniteX, ld2string, ldAdd, ldToHuman, scanFloat,
  string2d, string2ld, strtodWhole, toNumber,
  type ScanResult, type XFloat,
} from '../numfmt.ts';
